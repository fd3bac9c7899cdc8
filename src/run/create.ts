import type { CreateEvents, StartedJob } from '../admission/create.js'
import type { EarlierImport } from '../admission/gate.js'
import { createWhenFree } from '../admission/queue.js'
import type { AttachedJob, ImportEntry } from '../config.js'
import { reportJobIdentity } from '../report/outputs.js'
import { formatDuration, oneLine } from '../text.js'
import { type Admitted, preflightContext } from './admit.js'
import type { KnownJob } from './job.js'
import type { Lane } from './lane.js'
import { type Step, write } from './step.js'

// The Create stage: it only creates (once the dataset and the region have room) and announces. The moment a job
// exists (or may), its ARN is in the log and the outputs, and the commit status says pending.

/** Creates the admitted lane's job, or notes the import that already holds its data; announces either. */
export async function createLane(step: Step, lane: Lane, entry: ImportEntry, admitted: Admitted): Promise<KnownJob> {
  if (admitted.kind === 'unchanged') return announce(step, lane, unchangedJob(admitted.job))
  const settings = { ifBusy: entry.admission.ifBusy, lookFirst: admitted.lookFirst }
  const started = await createWhenFree(
    preflightContext(step, lane),
    admitted.request,
    entry.jobArn,
    settings,
    admitted.firstListing,
    createEvents(step, lane, admitted.request.jobName),
    admitted.afterWait,
  )
  if ('unchanged' in started) return announce(step, lane, unchangedJob(started.unchanged))
  return announce(step, lane, reportStarted(step, lane, admitted.request.jobName, started))
}

/** A job that exists already (job-arn, or a name and its dataset): attached to, and announced. */
export function attachLane(step: Step, lane: Lane, job: AttachedJob): KnownJob {
  step.deps.runner.info(`${lane.prefix}Attaching to import job ${job.jobArn}`)
  return announce(step, lane, { kind: 'exists', arn: job.jobArn, name: job.jobName, origin: 'attached' })
}

function unchangedJob(job: EarlierImport): KnownJob {
  return { kind: 'exists', arn: job.datasetImportJobArn, name: job.jobName, origin: 'unchanged' }
}

/** Credentials that expire before the step's deadline end a long wait with ExpiredToken: say so at the start. */
export async function warnIfCredentialsExpire(step: Step): Promise<void> {
  const { pacing, deps, config } = step
  const expiry = await step.api.credentialsExpiry()
  if (!expiry || expiry.getTime() >= pacing.deadline) return
  const needed = Math.ceil((pacing.deadline - pacing.clock.now()) / 1000) + 300
  deps.runner.warning(
    `The AWS credentials expire at ${expiry.toISOString()}, ${formatDuration(pacing.deadline - expiry.getTime())} ` +
      `before this step's deadline (wait-timeout-minutes: ${config.wait.timeoutMs / 60_000}). Set ` +
      `role-duration-seconds: ${needed} (or more) in aws-actions/configure-aws-credentials (the role's maximum ` +
      'session duration must allow it), or lower wait-timeout-minutes.',
    { title: 'Credentials expire before the deadline' },
  )
}

/** Keeps the lane's tracker in step with the Create, so that cancellation or the deadline can say where its job may be. */
function createEvents(step: Step, lane: Lane, name: string): CreateEvents {
  const { deps } = step
  return {
    sending: jobArn => lane.tracker.sending(jobArn, name),
    answered: () => lane.tracker.answered(),
    mayExist: jobArn => {
      lane.tracker.unknown(jobArn, name)
      deps.runner.info(`${lane.prefix}The import job may exist (its Create had no clear answer): ${jobArn}`)
      reportIdentities(step)
      if (step.found.fileError) throw step.found.fileError
    },
  }
}

function reportStarted(step: Step, lane: Lane, name: string, started: StartedJob): KnownJob {
  const { runner } = step.deps
  const job: KnownJob = { kind: 'exists', arn: started.jobArn, name, origin: 'created', startedAt: started.startedAt }
  if (!started.adopted) {
    runner.info(`${lane.prefix}Created import job ${started.jobArn}`)
    return job
  }
  // A fixed job-name reused on a later day would adopt that day's job: say how old it is.
  const created = started.adopted.creationDateTime ? `created ${started.adopted.creationDateTime.toISOString()}, ` : ''
  runner.notice(
    `${lane.prefix}Import job ${name} already exists for this dataset and data location ` +
      `(${created}${oneLine(started.adopted.status ?? 'status unknown')}): a re-run, or a retried request whose ` +
      `first answer was lost. Attached to it instead of creating another: ${started.jobArn}. ` +
      'To import again, use a new job-name.',
    { title: 'Attached to existing import job' },
  )
  return { ...job, origin: 'adopted' }
}

/**
 * The job exists: the lane's tracker knows it, its ARN goes to the log first (it survives an unwritable
 * GITHUB_OUTPUT), then the outputs, and the commit status says pending.
 */
function announce(step: Step, lane: Lane, job: KnownJob): KnownJob {
  lane.tracker.known(job)
  reportIdentities(step)
  // Without its outputs the step cannot hand the job on: end now; the import continues in AWS.
  if (step.found.fileError) throw step.found.fileError
  // An attached job's dataset (the status's context) is known once it is described: wait.ts reports it then. An
  // import skipped as unchanged has no job of this step's to be pending.
  if (job.origin === 'created' || job.origin === 'adopted') step.status?.jobKnown(job.name, undefined)
  return job
}

/** The jobs' names and ARNs as outputs: a single job's, or a group's `jobs` and `job-names` so far. */
function reportIdentities(step: Step): void {
  write(step, () =>
    reportJobIdentity(
      step.deps.runner,
      step.lanes.map(lane => lane.facts()),
      step.group !== undefined,
    ),
  )
}

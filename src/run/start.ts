import type { CreateEvents, StartedJob } from '../admission/create.js'
import { type EarlierImport, type GateDecision, gateIsOn, RetrainingGate } from '../admission/gate.js'
import { listDatasetImports, listImports, type PreflightResult, preflight } from '../admission/preflight.js'
import { createWhenFree } from '../admission/queue.js'
import { AwsError } from '../aws/errors.js'
import type { ImportRequest, Tag } from '../aws/model.js'
import type { Target } from '../config.js'
import type { DataFingerprint } from '../data/s3.js'
import { reportJobIdentity } from '../report/outputs.js'
import { requestLines } from '../report/request.js'
import { formatDuration, oneLine } from '../text.js'
import { checkTheData } from './checks.js'
import type { KnownJob } from './job.js'
import { type Step, write } from './step.js'

// Creating the job (after pre-flight, data checks and queueing) or attaching to one. It returns the job it knows;
// the moment a job exists (or may), its ARN is in the log and the outputs, and the commit status says pending.

type CreateTarget = Extract<Target, { kind: 'create' }>

/** Creates the job (after pre-flight and queueing), or attaches to the one job-arn names. */
export async function startOrAttach(step: Step, target: Extract<Target, { kind: 'create' | 'attach' }>) {
  await warnIfCredentialsExpire(step)
  if (target.kind === 'attach') {
    step.deps.runner.info(`Attaching to import job ${target.jobArn}`)
    return announce(step, { kind: 'exists', arn: target.jobArn, name: target.jobName, origin: 'attached' })
  }
  const started = await create(step, target)
  if ('unchanged' in started) return announce(step, unchangedJob(started.unchanged))
  return announce(step, reportStarted(step, target, started))
}

async function create(step: Step, target: CreateTarget): Promise<StartedJob | { unchanged: EarlierImport }> {
  const { config, deps, pacing, api } = step
  deps.runner.group(`Import request (region ${config.region})`, requestLines(target.request))
  const context = { api, runner: deps.runner, pacing, region: config.region }
  const { preflight: level, ifBusy } = target.admission
  const checked = level === 'off' ? {} : await preflight(context, target.request, target.importModeGiven)
  const { localData, schema } = config.data
  if (level === 'all' || localData.length > 0) {
    await checkTheData(step, {
      ...(level === 'all' ? { location: target.request.dataSource.dataLocation } : {}),
      datasetArn: target.request.datasetArn,
      dataset: checked.dataset,
      schema,
      importMode: target.request.importMode ?? 'FULL',
      localData,
    })
  }
  const { decision, gate } = await retrainingGate(step, target, checked)
  if (decision.kind === 'unchanged') return { unchanged: decision.job }
  const request = withTags(step, target.request, decision.tags)
  const settings = { ifBusy, lookFirst: level !== 'off' }
  // After any wait in the queue, skip-unchanged asks again: another run may have imported the same data meanwhile.
  const afterWait = gate && (async () => gate.recheck(await listImports(context, target.request.datasetArn)))
  return createWhenFree(context, request, target.jobArn, settings, checked.jobs, createEvents(step, target), afterWait)
}

/** skip-unchanged and max-shrink-percent, against the dataset's imports and the data at the location. */
async function retrainingGate(
  step: Step,
  target: CreateTarget,
  checked: PreflightResult,
): Promise<{ decision: GateDecision; gate?: RetrainingGate }> {
  const { config, deps, pacing, api } = step
  const settings = target.admission.gate
  if (!gateIsOn(settings)) return { decision: { kind: 'import', tags: [] } }
  const context = { api, runner: deps.runner, pacing, region: config.region }
  const listed =
    target.admission.preflight === 'off' ? await listDatasetImports(context, target.request.datasetArn) : undefined
  const jobs = listed ? listed.jobs : checked.jobs
  const incomplete = listed ? listed.incomplete : checked.jobsIncomplete
  const gate = new RetrainingGate(context, target.request, settings, await fingerprint(step, target))
  const decision = await gate.decide({ jobs, ...(incomplete ? { jobsIncomplete: incomplete } : {}) })
  return { decision, gate }
}

/** The data's fingerprint: from the data checks' listing when they ran, else one listing of its own. */
async function fingerprint(step: Step, target: CreateTarget): Promise<DataFingerprint | undefined> {
  const checked = step.found.checks?.s3
  if (checked) return checked.fingerprint
  const { fingerprintLocation } = await import('../data/s3.js')
  try {
    return await fingerprintLocation({
      region: step.config.region,
      policy: step.policy,
      location: target.request.dataSource.dataLocation,
      importMode: target.request.importMode ?? 'FULL',
      env: step.deps.env,
    })
  } catch (error) {
    if (error instanceof AwsError) return undefined // the gate imports on doubt, and says so
    throw error
  }
}

/**
 * The gate's two tags join the request's. A job at the service's 50 tags gets none: said, since skip-unchanged
 * will not know it again.
 */
function withTags(step: Step, request: ImportRequest, tags: Tag[]): ImportRequest {
  if (tags.length === 0) return request
  const own = request.tags ?? []
  if (own.length + tags.length > MAX_TAGS_PER_RESOURCE) {
    step.deps.runner.warning(
      `The job gets no ${tags.map(tag => tag.tagKey).join(' and ')} tags: it has ${own.length} tags of its own, and ` +
        `Personalize keeps ${MAX_TAGS_PER_RESOURCE}. The next skip-unchanged or max-shrink-percent run cannot compare with it.`,
      { title: 'Data tags not added' },
    )
    return request
  }
  step.found.gateTags = tags.map(tag => tag.tagKey)
  step.deps.runner.info(
    `The job gets the tags ${tags.map(tag => tag.tagKey).join(' and ')} (the data's fingerprint and size)`,
  )
  return { ...request, tags: [...own, ...tags] }
}

/** Personalize keeps at most this many tags on a resource. */
const MAX_TAGS_PER_RESOURCE = 50

function unchangedJob(job: EarlierImport): KnownJob {
  return { kind: 'exists', arn: job.datasetImportJobArn, name: job.jobName, origin: 'unchanged' }
}

/** Credentials that expire before the step's deadline end a long wait with ExpiredToken: say so at the start. */
async function warnIfCredentialsExpire(step: Step): Promise<void> {
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

/** Keeps the tracker in step with the Create, so that cancellation or the deadline can say where the job may be. */
function createEvents(step: Step, target: CreateTarget): CreateEvents {
  const { tracker, deps } = step
  const name = target.request.jobName
  return {
    sending: jobArn => tracker.sending(jobArn, name),
    answered: () => tracker.answered(),
    mayExist: jobArn => {
      tracker.unknown(jobArn, name)
      deps.runner.info(`The import job may exist (its Create had no clear answer): ${jobArn}`)
      write(step, () => reportJobIdentity(deps.runner, jobArn, name))
      if (step.found.fileError) throw step.found.fileError
    },
  }
}

function reportStarted(step: Step, target: CreateTarget, started: StartedJob): KnownJob {
  const { runner } = step.deps
  const name = target.request.jobName
  const job: KnownJob = { kind: 'exists', arn: started.jobArn, name, origin: 'created', startedAt: started.startedAt }
  if (!started.adopted) {
    runner.info(`Created import job ${started.jobArn}`)
    return job
  }
  // A fixed job-name reused on a later day would adopt that day's job: say how old it is.
  const created = started.adopted.creationDateTime ? `created ${started.adopted.creationDateTime.toISOString()}, ` : ''
  runner.notice(
    `Import job ${name} already exists for this dataset and data location ` +
      `(${created}${oneLine(started.adopted.status ?? 'status unknown')}): a re-run, or a retried request whose ` +
      `first answer was lost. Attached to it instead of creating another: ${started.jobArn}. ` +
      'To import again, use a new job-name.',
    { title: 'Attached to existing import job' },
  )
  return { ...job, origin: 'adopted' }
}

/**
 * The job exists: the tracker knows it, its ARN goes to the log first (it survives an unwritable GITHUB_OUTPUT),
 * then the outputs, and the commit status says pending.
 */
function announce(step: Step, job: KnownJob): KnownJob {
  const { deps, tracker } = step
  tracker.known(job)
  write(step, () => reportJobIdentity(deps.runner, job.arn, job.name))
  // Without its outputs the step cannot hand the job on: end now; the import continues in AWS.
  if (step.found.fileError) throw step.found.fileError
  // An attached job's dataset (the status's context) is known once it is described: wait.ts reports it then. An
  // import skipped as unchanged has no job of this step's to be pending.
  if (job.origin === 'created' || job.origin === 'adopted') step.status?.jobKnown(job.name, undefined)
  return job
}

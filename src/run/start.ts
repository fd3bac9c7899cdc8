import type { CreateEvents, StartedJob } from '../admission/create.js'
import { preflight } from '../admission/preflight.js'
import { createWhenFree } from '../admission/queue.js'
import { jobArnParts } from '../aws/model.js'
import { reportJobIdentity } from '../report/outputs.js'
import { requestLines } from '../report/request.js'
import { formatDuration, oneLine } from '../text.js'
import { checkTheData } from './checks.js'
import { type Step, write } from './step.js'

// Creating the job (after pre-flight, data checks and queueing) or attaching to one: the moment a job exists, its
// ARN is in the log and the outputs, and the commit status says pending.

/** Creates the job (after pre-flight and queueing), or attaches to the one job-arn names. */
export async function startOrAttach(step: Step): Promise<void> {
  const { config, deps, state, pacing, api } = step
  const { runner } = deps
  const target = config.target
  await warnIfCredentialsExpire(step)
  if (target.kind === 'attach') {
    runner.info(`Attaching to import job ${target.jobArn}`)
    jobExists(step, target.jobArn, jobArnParts(target.jobArn)?.jobName ?? '')
    return
  }
  if (target.kind !== 'create') return
  runner.group(`Import request (region ${config.region})`, requestLines(target.request))
  state.jobName = target.request.jobName
  const context = { api, runner, pacing, region: config.region }
  const { preflight: level, ifBusy } = target.admission
  const checked = level === 'off' ? {} : await preflight(context, target.request, target.importModeGiven)
  const { localData, schema } = config.data
  if (level === 'all' || localData.length > 0) {
    const location = target.request.dataSource.dataLocation
    await checkTheData(step, {
      ...(level === 'all' ? { location } : {}),
      datasetArn: target.request.datasetArn,
      dataset: checked.dataset,
      schema,
      importMode: target.request.importMode ?? 'FULL',
      localData,
    })
  }
  const started = await createWhenFree(
    context,
    target.request,
    target.jobArn,
    { ifBusy, lookFirst: level !== 'off' },
    checked.jobs,
    createEvents(step),
  )
  reportStarted(step, started)
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

/** Tracks a Create in flight, so that cancellation or the deadline can say the job may exist, and where. */
function createEvents(step: Step): CreateEvents {
  const { state, deps } = step
  return {
    sending: jobArn => {
      state.createSent = true
      state.createInFlightArn = jobArn
    },
    answered: () => {
      state.createInFlightArn = undefined
    },
    mayExist: jobArn => {
      state.mayExistArn = jobArn
      deps.runner.info(`The import job may exist (its Create had no clear answer): ${jobArn}`)
      write(step, () => reportJobIdentity(deps.runner, jobArn, state.jobName ?? ''))
      if (state.fileError) throw state.fileError
    },
  }
}

function reportStarted(step: Step, started: StartedJob): void {
  const { runner } = step.deps
  const jobName = step.state.jobName ?? ''
  step.state.startedAt = started.startedAt
  if (!started.adopted) {
    runner.info(`Created import job ${started.jobArn}`)
    jobExists(step, started.jobArn, jobName)
    return
  }
  // A fixed job-name reused on a later day would adopt that day's job: say how old it is.
  const created = started.adopted.creationDateTime ? `created ${started.adopted.creationDateTime.toISOString()}, ` : ''
  runner.notice(
    `Import job ${jobName} already exists for this dataset and data location ` +
      `(${created}${oneLine(started.adopted.status ?? 'status unknown')}): a re-run, or a retried request whose ` +
      `first answer was lost. Attached to it instead of creating another: ${started.jobArn}. ` +
      'To import again, use a new job-name.',
    { title: 'Attached to existing import job' },
  )
  jobExists(step, started.jobArn, jobName)
}

/** The job exists: its ARN goes to the log first (it survives an unwritable GITHUB_OUTPUT), then the outputs. */
function jobExists(step: Step, jobArn: string, jobName: string): void {
  const { state, deps } = step
  state.jobArn = jobArn
  state.jobName = jobName
  state.mayExistArn = undefined
  state.createInFlightArn = undefined
  write(step, () => reportJobIdentity(deps.runner, jobArn, jobName))
  // Without its outputs the step cannot hand the job on: end now; the import continues in AWS.
  if (state.fileError) throw state.fileError
  postPending(step)
}

/** The job exists (and its dataset is known): `pending` on the commit, once. */
export function postPending(step: Step): void {
  const { status, state } = step
  if (!status?.ready || step.posts.length > 0 || !state.jobArn) return
  step.posts.push(status.post('pending', `Import job ${state.jobName ?? ''}: ${state.job?.status ?? 'started'}`))
}

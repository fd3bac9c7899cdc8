import { AwsError } from '../aws/errors.js'
import { DeadlineReached } from '../aws/retry.js'
import { ActionError, Cancelled } from '../failure.js'
import { toActionError } from '../report/explain.js'
import { RunnerFileError } from '../runner.js'
import { formatDuration, oneLine } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import { type Ending, mayExistAt, type Step } from './step.js'

// How a step that did not run to its end ends: cancelled, out of time, or an error, each telling the truth about
// the job (exists, may exist, or was never created).

export function cancelledEnding(step: Step): Ending {
  const { state } = step
  const status = oneLine(state.job?.status ?? 'unknown')
  if (state.jobArn) {
    const keepsRunning = isTerminal(state.job?.status)
      ? ''
      : ' The import keeps running in AWS (import jobs cannot be stopped).'
    const message = `Stopped waiting for import job ${state.jobArn}, last status ${status}.${keepsRunning}`
    return { headline: `cancelled while ${status}`, failure: new ActionError('Cancelled', message) }
  }
  const mayExist = mayExistAt(state)
  if (mayExist) {
    const message =
      'Stopped while creating the import job, before its outcome was known: the job may exist at ' +
      `${mayExist}; check it with job-arn before importing again.`
    return { headline: 'cancelled while creating', failure: new ActionError('Cancelled', message) }
  }
  const sent = state.createSent ? '' : ' (no Create was sent)'
  return {
    headline: 'cancelled',
    failure: new ActionError('Cancelled', `Stopped before an import job was created${sent}.`),
  }
}

/** Whatever ended the step early, as an ending that tells the truth about the job. */
export function failureEnding(error: unknown, step: Step): Ending {
  const { config, deps, state, pacing } = step
  if (error instanceof Cancelled || deps.cancel.aborted) return cancelledEnding(step)
  if (error instanceof DeadlineReached) return deadlineEnding(error, step)
  if (error instanceof RunnerFileError) return { headline: 'error: runner file not writable' }
  const request = config.target.kind === 'create' ? config.target.request : undefined
  const jobArn = state.jobArn ?? (config.target.kind === 'attach' ? config.target.jobArn : undefined)
  const failure = toActionError(error, {
    region: config.region,
    ...(request ? { datasetArn: request.datasetArn } : {}),
    ...(request?.roleArn ? { roleArn: request.roleArn } : {}),
    ...(jobArn ? { jobArn } : {}),
    ...(state.startedAt === undefined ? {} : { jobStartedAt: new Date(state.startedAt).toISOString() }),
    hasTags: (request?.tags?.length ?? 0) > 0,
    elapsedMs: deps.clock.now() - pacing.startedAt,
  })
  // Only a bug of ours earns a stack trace, and only in debug logs.
  if (!(error instanceof ActionError || error instanceof AwsError) && error instanceof Error && error.stack) {
    deps.runner.debug(error.stack)
  }
  return { headline: `error: ${failure.title}`, failure }
}

function deadlineEnding(error: DeadlineReached, step: Step): Ending {
  const { state, deps, pacing } = step
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  const last = error.lastError ? ` (last answer: ${error.lastError.code}: ${oneLine(error.lastError.message)})` : ''
  const mayExist = mayExistAt(state)
  const job = state.jobArn
    ? isTerminal(state.job?.status)
      ? ` Import job ${state.jobArn} exists (${oneLine(state.job?.status ?? '')}).`
      : ` Import job ${state.jobArn} exists and continues in AWS; check it later with job-arn.`
    : mayExist
      ? ` The import job may exist: ${mayExist}; check it with job-arn before importing again.`
      : ' No import job was created.'
  const message = `Gave up after ${elapsed} (wait-timeout-minutes): ${error.operation} had not succeeded${last}.${job}`
  return { headline: 'timed out', failure: new ActionError('Timed out', message) }
}

import { ShrinkRefused } from '../admission/gate.js'
import { AwsError } from '../aws/errors.js'
import { DeadlineReached } from '../aws/retry.js'
import { ActionError, Cancelled, ChecksFailed, RunnerFileFailure } from '../failure.js'
import { toActionError } from '../report/explain.js'
import { RunnerFileError } from '../runner.js'
import { formatBytes, formatDuration, oneLine } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import type { JobState } from './job.js'
import type { Ending, Step } from './step.js'

// How a step that did not run to its end ends: cancelled, out of time, checks that failed, or an error, each
// telling the truth about the job (exists, may exist, or was never created).

export function cancelledEnding(step: Step, job: JobState): Ending {
  const cancelled = (headline: string, message: string): Ending => ({
    outcome: 'cancelled',
    headline,
    job,
    failure: new ActionError('Cancelled', message),
  })
  if (job.kind === 'exists') {
    const status = oneLine(step.observed.last?.status ?? 'unknown')
    const keepsRunning = isTerminal(step.observed.last?.status)
      ? ''
      : ' The import keeps running in AWS (import jobs cannot be stopped).'
    return cancelled(
      `cancelled while ${status}`,
      `Stopped waiting for import job ${job.arn}, last status ${status}.${keepsRunning}`,
    )
  }
  if (job.kind === 'may-exist') {
    return cancelled(
      'cancelled while creating',
      'Stopped while creating the import job, before its outcome was known: the job may exist at ' +
        `${job.arn}; check it with job-arn before importing again.`,
    )
  }
  const sent = job.createSent ? '' : ' (no Create was sent)'
  return cancelled('cancelled', `Stopped before an import job was created${sent}.`)
}

/** Whatever ended the step early, as an ending that tells the truth about the job. */
export function failureEnding(error: unknown, step: Step): Ending {
  const { config, deps, pacing } = step
  const job = step.tracker.state
  if (error instanceof Cancelled || deps.cancel.aborted) return cancelledEnding(step, job)
  if (error instanceof DeadlineReached) return deadlineEnding(error, step, job)
  if (error instanceof ChecksFailed)
    return { outcome: 'checks-failed', headline: 'data checks failed', job, failure: error }
  if (error instanceof ShrinkRefused) {
    const { before, after, shrinkPercent } = error.sizes
    const headline = `refused: the data shrinks by ${shrinkPercent.toFixed(2)}% (${formatBytes(before)} to ${formatBytes(after)})`
    return { outcome: 'refused', headline, job, failure: error }
  }
  if (error instanceof RunnerFileError) {
    // finish() phrases it, with where the job is: its outputs may be missing.
    const failure = new RunnerFileFailure(error.message)
    return { outcome: 'error', headline: 'error: runner file not writable', job, failure }
  }
  const request = config.target.kind === 'create' ? config.target.request : undefined
  const failure = toActionError(error, {
    region: config.region,
    ...(request ? { datasetArn: request.datasetArn } : {}),
    ...(request?.roleArn ? { roleArn: request.roleArn } : {}),
    ...jobFacts(job, config.target.kind === 'attach' ? config.target.jobArn : undefined),
    hasTags: (request?.tags?.length ?? 0) > 0 || step.found.gateTags !== undefined,
    ...(step.found.gateTags ? { gateTags: step.found.gateTags } : {}),
    elapsedMs: deps.clock.now() - pacing.startedAt,
  })
  // Only a bug of ours earns a stack trace, and only in debug logs.
  if (!(error instanceof ActionError || error instanceof AwsError) && error instanceof Error && error.stack) {
    deps.runner.debug(error.stack)
  }
  return { outcome: 'error', headline: `error: ${failure.title}`, job, failure }
}

/** The job an explanation may name: the one that exists (and when this step started it), or the one attached to. */
function jobFacts(job: JobState, attaching: string | undefined): { jobArn?: string; jobStartedAt?: string } {
  if (job.kind !== 'exists') return attaching ? { jobArn: attaching } : {}
  const started = job.startedAt === undefined ? {} : { jobStartedAt: new Date(job.startedAt).toISOString() }
  return { jobArn: job.arn, ...started }
}

function deadlineEnding(error: DeadlineReached, step: Step, job: JobState): Ending {
  const { deps, pacing } = step
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  const last = error.lastError ? ` (last answer: ${error.lastError.code}: ${oneLine(error.lastError.message)})` : ''
  const message = `Gave up after ${elapsed} (wait-timeout-minutes): ${error.operation} had not succeeded${last}.${whereTheJobIs(step, job)}`
  return { outcome: 'timed-out', headline: 'timed out', job, failure: new ActionError('Timed out', message) }
}

function whereTheJobIs(step: Step, job: JobState): string {
  if (job.kind === 'may-exist')
    return ` The import job may exist: ${job.arn}; check it with job-arn before importing again.`
  if (job.kind === 'none') return ' No import job was created.'
  const status = step.observed.last?.status
  if (status !== undefined && isTerminal(status)) return ` Import job ${job.arn} exists (${oneLine(status)}).`
  return ` Import job ${job.arn} exists and continues in AWS; check it later with job-arn.`
}

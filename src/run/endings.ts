import { ShrinkRefused } from '../admission/gate.js'
import { AwsError } from '../aws/errors.js'
import { DeadlineReached } from '../aws/retry.js'
import { ActionError, Cancelled, ChecksFailed, RunnerFileFailure } from '../failure.js'
import type { SuccessOutcome } from '../outcome.js'
import { toActionError } from '../report/explain.js'
import { RunnerFileError } from '../runner.js'
import { formatBytes, formatDuration, oneLine, plural } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import type { Lane, LaneEnding } from './lane.js'
import type { Ending, Step } from './step.js'

// How each lane ends, and how the step ends from its lanes: a single dataset's step ends as its lane does; a
// group's succeeds only when every import ended ACTIVE or was skipped, and otherwise names each dataset that failed.

const SUCCESS: readonly SuccessOutcome[] = ['active', 'checks-passed', 'not-waited', 'skipped']

export function cancelledEnding(lane: Lane): LaneEnding {
  const job = lane.tracker.state
  const cancelled = (headline: string, message: string): LaneEnding => ({
    outcome: 'cancelled',
    headline,
    failure: new ActionError('Cancelled', message),
  })
  if (job.kind === 'exists') {
    const status = oneLine(lane.observed.last?.status ?? 'unknown')
    const keepsRunning = isTerminal(lane.observed.last?.status)
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

/** Whatever ended a lane early, as an ending that tells the truth about its job. */
export function laneFailure(error: unknown, step: Step, lane: Lane): LaneEnding {
  const { config, deps, pacing } = step
  const job = lane.tracker.state
  if (error instanceof Cancelled || deps.cancel.aborted) return cancelledEnding(lane)
  if (error instanceof DeadlineReached) return deadlineEnding(error, step, lane)
  if (error instanceof ChecksFailed) return { outcome: 'checks-failed', headline: 'data checks failed', failure: error }
  if (error instanceof ShrinkRefused) {
    const { before, after, shrinkPercent } = error.sizes
    const headline = `refused: the data shrinks by ${shrinkPercent.toFixed(2)}% (${formatBytes(before)} to ${formatBytes(after)})`
    return { outcome: 'refused', headline, failure: error }
  }
  if (error instanceof RunnerFileError) {
    // finish() phrases it, with where the job is: its outputs may be missing.
    return {
      outcome: 'error',
      headline: 'error: runner file not writable',
      failure: new RunnerFileFailure(error.message),
    }
  }
  const request = lane.request
  const attached = config.target.kind === 'attach' ? config.target.jobs.find(j => j.type === lane.type) : undefined
  const failure = toActionError(error, {
    region: config.region,
    ...(request ? { datasetArn: request.datasetArn } : {}),
    ...(request?.roleArn ? { roleArn: request.roleArn } : {}),
    ...jobFacts(job, attached?.jobArn),
    hasTags: (request?.tags?.length ?? 0) > 0 || lane.gateTags !== undefined,
    ...(lane.gateTags ? { gateTags: lane.gateTags } : {}),
    elapsedMs: deps.clock.now() - pacing.startedAt,
  })
  // Only a bug of ours earns a stack trace, and only in debug logs.
  if (!(error instanceof ActionError || error instanceof AwsError) && error instanceof Error && error.stack) {
    deps.runner.debug(error.stack)
  }
  return { outcome: 'error', headline: `error: ${failure.title}`, failure }
}

/** The job an explanation may name: the one that exists (and when this step started it), or the one attached to. */
function jobFacts(
  job: Lane['tracker']['state'],
  attaching: string | undefined,
): { jobArn?: string; jobStartedAt?: string } {
  if (job.kind !== 'exists') return attaching ? { jobArn: attaching } : {}
  const started = job.startedAt === undefined ? {} : { jobStartedAt: new Date(job.startedAt).toISOString() }
  return { jobArn: job.arn, ...started }
}

function deadlineEnding(error: DeadlineReached, step: Step, lane: Lane): LaneEnding {
  const { deps, pacing } = step
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  const last = error.lastError ? ` (last answer: ${error.lastError.code}: ${oneLine(error.lastError.message)})` : ''
  const message = `Gave up after ${elapsed} (wait-timeout-minutes): ${error.operation} had not succeeded${last}.${whereTheJobIs(lane)}`
  return { outcome: 'timed-out', headline: 'timed out', failure: new ActionError('Timed out', message) }
}

function whereTheJobIs(lane: Lane): string {
  const job = lane.tracker.state
  if (job.kind === 'may-exist')
    return ` The import job may exist: ${job.arn}; check it with job-arn before importing again.`
  if (job.kind === 'none') return ' No import job was created.'
  const status = lane.observed.last?.status
  if (status !== undefined && isTerminal(status)) return ` Import job ${job.arn} exists (${oneLine(status)}).`
  return ` Import job ${job.arn} exists and continues in AWS; check it later with job-arn.`
}

/** An error that ended the step: each lane without an ending gets one from it; then the step's. */
export function interruptedEnding(error: unknown, step: Step): Ending {
  for (const lane of step.lanes) lane.ending ??= laneFailure(error, step, lane)
  return stepEnding(step)
}

/** The step's ending from its lanes' (a lane without one is not created: another lane's admission failed). */
export function stepEnding(step: Step): Ending {
  const lanes = step.lanes
  const [only] = lanes
  if (lanes.length === 1 && only?.ending) return only.ending
  const failed = lanes.filter(lane => lane.ending?.failure)
  const outcomes = lanes.map(lane => lane.ending?.outcome)
  if (failed.length === 0) {
    const outcome = outcomes.every(o => o === 'skipped')
      ? 'skipped'
      : outcomes.every(o => o === 'checks-passed')
        ? 'checks-passed'
        : outcomes.some(o => o === 'not-waited')
          ? 'not-waited'
          : 'active'
    return { outcome, headline: groupHeadline(lanes) }
  }
  const first = failed[0]?.ending
  const titles = new Set(failed.map(lane => lane.ending?.failure?.title))
  // Each failed dataset's message, led by its name.
  const failure = new ActionError(
    titles.size === 1 ? (first?.failure?.title ?? 'Imports failed') : 'Imports failed',
    failed.map(lane => `${lane.prefix}${lane.ending?.failure?.message ?? ''}`).join(' '),
  )
  return { outcome: first?.outcome ?? 'error', headline: groupHeadline(lanes), failure }
}

/** "items: CREATE FAILED; interactions: ACTIVE; users: ACTIVE", or "3 imports ACTIVE". */
function groupHeadline(lanes: readonly Lane[]): string {
  const headlines = lanes.map(lane => lane.ending?.headline ?? 'not created')
  if (new Set(headlines).size === 1 && lanes.length > 1 && headlines[0] === 'ACTIVE') {
    return `${plural(lanes.length, 'import')} ACTIVE`
  }
  return lanes.map((lane, i) => `${lane.name}: ${headlines[i]}`).join('; ')
}

/** Whether a lane's ending is a success. */
export function succeeded(ending: LaneEnding | undefined): boolean {
  return ending !== undefined && (SUCCESS as readonly string[]).includes(ending.outcome)
}

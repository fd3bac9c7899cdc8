import { type ImportJob, VISIBILITY_GRACE_MS } from '../aws/personalize.js'
import { DeadlineReached } from '../aws/retry.js'
import { ActionError } from '../failure.js'
import { formatDuration, oneLine } from '../text.js'
import { statusOf, type WaitResult } from '../wait/import-job.js'
import { waitForJobs } from '../wait/jobs.js'
import { jobWaitLog } from '../wait/log.js'
import { cancelledEnding } from './endings.js'
import type { KnownJob } from './job.js'
import type { Lane } from './lane.js'
import type { Step } from './step.js'

// After the jobs exist: one status read of each (wait: false), or one loop that waits until each has ended, every
// description kept on its lane.

/** A lane and the job it waits for. */
export type Waiting = [Lane, KnownJob]

/** `wait: false`: one status read of each job, reported; each lane ends not waited for. */
export async function readStatusOnce(step: Step, waiting: readonly Waiting[]): Promise<void> {
  const { deps, api } = step
  for (const [lane, job] of waiting) {
    try {
      observe(step, lane, job, await api.describeImportJob(job.arn, visibility(job)))
    } catch (error) {
      if (!(error instanceof DeadlineReached)) throw error
      const why = error.lastError ? ` (${error.lastError.code})` : ''
      deps.runner.warning(
        `${lane.prefix}Could not read the job's status before the deadline${why}; the job exists: ${job.arn}`,
        { title: 'Status unknown' },
      )
    }
    const status = oneLine(lane.observed.last?.status ?? 'unknown')
    deps.runner.info(`${lane.prefix}Status: ${status}. Not waiting (wait: false); follow it with job-arn: ${job.arn}`)
    lane.ending = { outcome: 'not-waited', headline: 'created, not waited for' }
  }
}

/** skip-unchanged: the earlier job that imported the same data, read once and reported; nothing was created. */
export async function reportUnchanged(step: Step, lane: Lane, job: KnownJob): Promise<void> {
  observe(step, lane, job, await step.api.describeImportJob(job.arn))
  const created = lane.observed.last?.creationDateTime
  const when = created ? ` on ${created.toISOString()}` : ''
  step.deps.runner.notice(
    `${lane.prefix}The data is unchanged: import job ${job.name} imported the same data${when} and is ACTIVE ` +
      `(${job.arn}). No import job was created (skip-unchanged), and skipped is true.`,
    { title: 'Data unchanged' },
  )
  lane.ending = { outcome: 'skipped', headline: `skipped: the data is unchanged since import job ${job.name}` }
}

/** Polls every job until it is ACTIVE or CREATE FAILED, the deadline or cancellation; each lane gets its ending. */
export async function waitAndReport(step: Step, waiting: readonly Waiting[]): Promise<void> {
  if (waiting.length === 0) return
  const { config, deps, pacing, api } = step
  const maxPause = formatDuration(config.wait.maxPauseMs)
  const left = formatDuration(pacing.deadline - deps.clock.now())
  const what = waiting.length === 1 ? 'the import' : `${waiting.length} imports`
  deps.runner.info(`Waiting up to ${left} for ${what}, checking at most every ${maxPause}`)
  const results = await waitForJobs(
    pacing,
    waiting.map(([lane, job]) => ({
      describe: () => api.describeImportJob(job.arn, visibility(job)),
      events: jobWaitLog(deps.runner, lane.name),
      observe: description => observe(step, lane, job, description),
    })),
  )
  results.forEach((result, i) => {
    const [lane, job] = waiting[i] ?? []
    if (lane && job) lane.ending = waitEnding(step, lane, job, result)
  })
}

/** Keeps every description read, so that no exit path loses the last status. */
function observe(step: Step, lane: Lane, job: KnownJob, description: ImportJob): void {
  const status = statusOf(description)
  lane.observed.last = description
  // An attached job's dataset is known from its description: the commit status can name it now.
  if (step.status && description.datasetArn && !step.group) {
    step.status.jobKnown(job.name, description.status)
    step.status.forDataset(description.datasetArn)
  }
  const timeline = lane.observed.timeline
  if (timeline.at(-1)?.status !== status) timeline.push({ status, at: step.deps.clock.now() })
}

/** How long Describe may answer "not found" for the job: a job this step started may not be visible yet. */
function visibility(job: KnownJob): { visibleBy?: number } {
  return job.startedAt === undefined ? {} : { visibleBy: job.startedAt + VISIBILITY_GRACE_MS }
}

function waitEnding(step: Step, lane: Lane, job: KnownJob, result: WaitResult): NonNullable<Lane['ending']> {
  const { deps, pacing } = step
  const status = oneLine(lane.observed.last?.status ?? 'unknown')
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  switch (result.outcome) {
    case 'active':
      deps.runner.info(`${lane.prefix}Import job ${job.arn} is ACTIVE after ${elapsed}`)
      return { outcome: 'active', headline: 'ACTIVE' }
    case 'failed': {
      const reason = lane.observed.last?.failureReason
      const why = reason ? oneLine(reason) : 'no failure reason given'
      const failure = new ActionError('Import job failed', `Import job ${job.arn} failed: ${why}`)
      return { outcome: 'job-failed', headline: 'CREATE FAILED', failure }
    }
    case 'timeout': {
      const lastError = result.lastError
        ? ` The last status checks failed: ${result.lastError.code}: ${oneLine(result.lastError.message)}.`
        : ''
      const message =
        `Gave up waiting after ${elapsed} (wait-timeout-minutes): import job ${job.arn} is still ` +
        `${status}.${lastError} The import continues in AWS (import jobs cannot be stopped); check it later with ` +
        `job-arn: ${job.arn}`
      const failure = new ActionError('Timed out waiting for import', message)
      return { outcome: 'timed-out', headline: `timed out while ${status}`, failure }
    }
    case 'cancelled':
      return cancelledEnding(lane)
  }
}

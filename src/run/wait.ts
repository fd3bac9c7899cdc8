import { type ImportJob, VISIBILITY_GRACE_MS } from '../aws/personalize.js'
import { DeadlineReached } from '../aws/retry.js'
import { ActionError } from '../failure.js'
import { formatDuration, oneLine } from '../text.js'
import { statusOf, type WaitResult, waitForJob } from '../wait/import-job.js'
import { jobWaitLog } from '../wait/log.js'
import { cancelledEnding } from './endings.js'
import type { KnownJob } from './job.js'
import type { Ending, Step } from './step.js'

// After the job exists: one status read (wait: false), or waiting until it ends, every description kept.

/** `wait: false`: one status read, reported, and the step succeeds. */
export async function readStatusOnce(step: Step, job: KnownJob): Promise<Ending> {
  const { deps, api } = step
  try {
    observe(step, job, await api.describeImportJob(job.arn, visibility(job)))
  } catch (error) {
    if (!(error instanceof DeadlineReached)) throw error
    const why = error.lastError ? ` (${error.lastError.code})` : ''
    deps.runner.warning(`Could not read the job's status before the deadline${why}; the job exists: ${job.arn}`, {
      title: 'Status unknown',
    })
  }
  const status = oneLine(step.observed.last?.status ?? 'unknown')
  deps.runner.info(`Status: ${status}. Not waiting (wait: false); follow it with job-arn: ${job.arn}`)
  return { outcome: 'not-waited', headline: 'created, not waited for', job }
}

/** skip-unchanged: the earlier job that imported the same data, read once and reported; nothing was created. */
export async function reportUnchanged(step: Step, job: KnownJob): Promise<Ending> {
  observe(step, job, await step.api.describeImportJob(job.arn))
  const created = step.observed.last?.creationDateTime
  const when = created ? ` on ${created.toISOString()}` : ''
  step.deps.runner.notice(
    `The data is unchanged: import job ${job.name} imported the same data${when} and is ACTIVE (${job.arn}). No ` +
      'import job was created (skip-unchanged), and skipped is true.',
    { title: 'Data unchanged' },
  )
  return { outcome: 'skipped', headline: `skipped: the data is unchanged since import job ${job.name}`, job }
}

/** Polls until ACTIVE, CREATE FAILED, the deadline or cancellation. */
export async function waitAndReport(step: Step, job: KnownJob): Promise<Ending> {
  const { config, deps, pacing, api } = step
  const maxPause = formatDuration(config.wait.maxPauseMs)
  const left = formatDuration(pacing.deadline - deps.clock.now())
  deps.runner.info(`Waiting up to ${left} for the import, checking at most every ${maxPause}`)
  const result = await waitForJob({
    ...pacing,
    describe: () => api.describeImportJob(job.arn, visibility(job)),
    events: jobWaitLog(deps.runner),
    observe: description => observe(step, job, description),
  })
  return waitEnding(step, job, result)
}

/** Keeps every description read, so that no exit path loses the last status. */
function observe(step: Step, job: KnownJob, description: ImportJob): void {
  const status = statusOf(description)
  step.observed.last = description
  // An attached job's dataset is known from its description: the commit status can name it now.
  if (step.status && description.datasetArn) {
    step.status.jobKnown(job.name, description.status)
    step.status.forDataset(description.datasetArn)
  }
  const timeline = step.observed.timeline
  if (timeline.at(-1)?.status !== status) timeline.push({ status, at: step.deps.clock.now() })
}

/** How long Describe may answer "not found" for the job: a job this step started may not be visible yet. */
function visibility(job: KnownJob): { visibleBy?: number } {
  return job.startedAt === undefined ? {} : { visibleBy: job.startedAt + VISIBILITY_GRACE_MS }
}

function waitEnding(step: Step, job: KnownJob, result: WaitResult): Ending {
  const { deps, pacing } = step
  const status = oneLine(step.observed.last?.status ?? 'unknown')
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  switch (result.outcome) {
    case 'active':
      deps.runner.info(`Import job ${job.arn} is ACTIVE after ${elapsed}`)
      return { outcome: 'active', headline: 'ACTIVE', job }
    case 'failed': {
      const reason = step.observed.last?.failureReason
      const why = reason ? oneLine(reason) : 'no failure reason given'
      const failure = new ActionError('Import job failed', `Import job ${job.arn} failed: ${why}`)
      return { outcome: 'job-failed', headline: 'CREATE FAILED', job, failure }
    }
    case 'timeout': {
      const lastError = result.lastError
        ? ` The last status checks failed: ${result.lastError.code}: ${oneLine(result.lastError.message)}.`
        : ''
      const message =
        `Gave up waiting after ${elapsed} (wait-timeout-minutes): import job ${job.arn} is still ${status}.` +
        `${lastError} The import continues in AWS (import jobs cannot be stopped); check it later with job-arn: ${job.arn}`
      const failure = new ActionError('Timed out waiting for import', message)
      return { outcome: 'timed-out', headline: `timed out while ${status}`, job, failure }
    }
    case 'cancelled':
      return cancelledEnding(step, job)
  }
}

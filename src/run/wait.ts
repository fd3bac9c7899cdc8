import { type ImportJob, VISIBILITY_GRACE_MS } from '../aws/personalize.js'
import { DeadlineReached } from '../aws/retry.js'
import { ActionError } from '../failure.js'
import { formatDuration, oneLine } from '../text.js'
import { statusOf, type WaitResult, waitForJob } from '../wait/import-job.js'
import { jobWaitLog } from '../wait/log.js'
import { cancelledEnding } from './endings.js'
import { postPending } from './start.js'
import type { Ending, Step } from './step.js'

// After the job exists: one status read (wait: false), or waiting until it ends, every description kept.

/** `wait: false`: one status read, reported, and the step succeeds. */
export async function readStatusOnce(step: Step): Promise<Ending> {
  const { deps, state, api } = step
  const jobArn = state.jobArn ?? ''
  try {
    observe(step, await api.describeImportJob(jobArn, visibility(step)))
  } catch (error) {
    if (!(error instanceof DeadlineReached)) throw error
    const why = error.lastError ? ` (${error.lastError.code})` : ''
    deps.runner.warning(`Could not read the job's status before the deadline${why}; the job exists: ${jobArn}`, {
      title: 'Status unknown',
    })
  }
  deps.runner.info(
    `Status: ${oneLine(state.job?.status ?? 'unknown')}. Not waiting (wait: false); follow it with job-arn: ${jobArn}`,
  )
  return { headline: 'created, not waited for' }
}

/** Polls until ACTIVE, CREATE FAILED, the deadline or cancellation. */
export async function waitAndReport(step: Step): Promise<Ending> {
  const { config, deps, state, pacing, api } = step
  const jobArn = state.jobArn ?? ''
  const maxPause = formatDuration(config.wait.maxPauseMs)
  const left = formatDuration(pacing.deadline - deps.clock.now())
  deps.runner.info(`Waiting up to ${left} for the import, checking at most every ${maxPause}`)
  const result = await waitForJob({
    ...pacing,
    describe: () => api.describeImportJob(jobArn, visibility(step)),
    events: jobWaitLog(deps.runner),
    observe: job => observe(step, job),
  })
  return waitEnding(step, result)
}

/** Keeps every description read, so that no exit path loses the last status. */
function observe(step: Step, job: ImportJob): void {
  const status = statusOf(job)
  step.state.job = job
  // An attached job's dataset is known from its description: the commit status can name it now.
  if (step.status && job.datasetArn && step.posts.length === 0) {
    step.status.forDataset(job.datasetArn)
    postPending(step)
  }
  const last = step.state.timeline.at(-1)
  if (last?.status !== status) step.state.timeline.push({ status, at: step.deps.clock.now() })
}

/** How long Describe may answer "not found" for the job: a job this step started may not be visible yet. */
function visibility(step: Step): { visibleBy?: number } {
  return step.state.startedAt === undefined ? {} : { visibleBy: step.state.startedAt + VISIBILITY_GRACE_MS }
}

function waitEnding(step: Step, result: WaitResult): Ending {
  const { deps, state, pacing } = step
  const jobArn = state.jobArn ?? ''
  const status = oneLine(state.job?.status ?? 'unknown')
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  switch (result.outcome) {
    case 'active':
      deps.runner.info(`Import job ${jobArn} is ACTIVE after ${elapsed}`)
      return { headline: 'ACTIVE' }
    case 'failed': {
      const reason = state.job?.failureReason ? oneLine(state.job.failureReason) : 'no failure reason given'
      return {
        headline: 'CREATE FAILED',
        failure: new ActionError('Import job failed', `Import job ${jobArn} failed: ${reason}`),
      }
    }
    case 'timeout': {
      const lastError = result.lastError
        ? ` The last status checks failed: ${result.lastError.code}: ${oneLine(result.lastError.message)}.`
        : ''
      const message =
        `Gave up waiting after ${elapsed} (wait-timeout-minutes): import job ${jobArn} is still ${status}.` +
        `${lastError} The import continues in AWS (import jobs cannot be stopped); check it later with job-arn: ${jobArn}`
      return {
        headline: `timed out while ${status}`,
        failure: new ActionError('Timed out waiting for import', message),
      }
    }
    case 'cancelled':
      return cancelledEnding(step)
  }
}

import type { AwsError } from '../aws/errors.js'
import type { ImportJob } from '../aws/personalize.js'
import { DeadlineReached } from '../aws/retry.js'
import { Cancelled } from '../failure.js'
import { type Pacing, pauseBefore } from '../pacing.js'
import { isTerminal, type JobWaitEvents, oddStatusReporter, statusOf, type WaitResult } from './import-job.js'
import { HEARTBEAT_MS } from './poll.js'

// Waiting for several import jobs at once (a dataset group's): one loop that reads each running job on its own
// schedule (2 s, doubling up to the interval, as a single job's wait does), so each job costs the Describe calls
// it would alone, and the loop ends within one interval of the last job's end.

export interface WatchedJob {
  describe(): Promise<ImportJob>
  /** Every description as it arrives. */
  observe(job: ImportJob): void
  events: JobWaitEvents
}

/** One job's place in the loop: its latest reading, its checks, when it is next due, when it was last logged. */
class Watch {
  job: ImportJob | undefined
  status: string | undefined
  checks = 0
  dueAt: number
  lastReport: number
  lastError?: AwsError
  private readonly reportOdd: (job: ImportJob) => void

  constructor(
    readonly watched: WatchedJob,
    now: number,
  ) {
    this.dueAt = now
    this.lastReport = now
    this.reportOdd = oddStatusReporter(watched.events)
  }

  get ended(): boolean {
    return this.status !== undefined && isTerminal(this.status)
  }

  record(job: ImportJob, now: number, startedAt: number, maxPauseMs: number, random: () => number): void {
    this.job = job
    this.checks += 1
    this.dueAt = now + pauseBefore(this.checks - 1, maxPauseMs, random)
    const next = statusOf(job)
    this.reportOdd(job)
    this.watched.observe(job)
    if (next !== this.status) {
      this.status = next
      this.watched.events.statusChanged(next, now - startedAt)
      this.lastReport = now
    } else if (now - this.lastReport >= HEARTBEAT_MS) {
      this.watched.events.stillWaiting(next, now - startedAt)
      this.lastReport = now
    }
  }

  result(outcome: WaitResult['outcome']): WaitResult {
    return { outcome, job: this.job, checks: this.checks, ...(this.lastError ? { lastError: this.lastError } : {}) }
  }
}

/** Reads every job until it is ACTIVE or CREATE FAILED, the deadline passes or the workflow is cancelled. */
export async function waitForJobs(pacing: Pacing, jobs: readonly WatchedJob[]): Promise<WaitResult[]> {
  const watches = jobs.map(job => new Watch(job, pacing.clock.now()))
  for (;;) {
    const running = watches.filter(watch => !watch.ended)
    if (running.length === 0) return watches.map(finalResult)
    const interrupted = await pauseUntilDue(pacing, running)
    if (interrupted) return watches.map(watch => (watch.ended ? finalResult(watch) : watch.result(interrupted)))
    const now = pacing.clock.now()
    const due = running.filter(watch => watch.dueAt <= now)
    const ended = await readAll(pacing, due)
    if (ended) return watches.map(watch => (watch.ended ? finalResult(watch) : watch.result(ended.outcome)))
  }
}

function finalResult(watch: Watch): WaitResult {
  return watch.result(watch.job?.status === 'ACTIVE' ? 'active' : 'failed')
}

/** Sleeps until the next job is due; says how the wait ended if it ended meanwhile. */
async function pauseUntilDue(pacing: Pacing, running: readonly Watch[]): Promise<'cancelled' | 'timeout' | undefined> {
  if (pacing.cancel.aborted) return 'cancelled'
  const now = pacing.clock.now()
  const due = Math.min(...running.map(watch => watch.dueAt))
  if (due <= now) return undefined
  if (now >= pacing.deadline) return 'timeout'
  await pacing.sleep(Math.min(due, pacing.deadline) - now, pacing.cancel)
  return pacing.cancel.aborted ? 'cancelled' : undefined
}

/** Reads the due jobs side by side; the deadline or cancellation during a read ends the wait for all. */
async function readAll(
  pacing: Pacing,
  due: readonly Watch[],
): Promise<{ outcome: 'timeout' | 'cancelled'; lastError?: AwsError } | undefined> {
  const reads = await Promise.allSettled(due.map(watch => watch.watched.describe()))
  const now = pacing.clock.now()
  let ended: { outcome: 'timeout' | 'cancelled'; lastError?: AwsError } | undefined
  reads.forEach((read, i) => {
    const watch = due[i]
    if (!watch) return
    if (read.status === 'fulfilled') {
      watch.record(read.value, now, pacing.startedAt, pacing.maxPauseMs, pacing.random)
      return
    }
    const error: unknown = read.reason
    if (error instanceof DeadlineReached) {
      if (error.lastError) watch.lastError = error.lastError
      ended ??= { outcome: 'timeout', ...(error.lastError ? { lastError: error.lastError } : {}) }
    } else if (error instanceof Cancelled) {
      ended = { outcome: 'cancelled' }
    } else {
      throw error
    }
  })
  return ended
}

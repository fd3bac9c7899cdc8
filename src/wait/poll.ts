import type { AwsError } from '../aws/errors.js'
import { DeadlineReached } from '../aws/retry.js'
import { Cancelled } from '../failure.js'
import { type Pacing, pauseBefore } from '../pacing.js'

// Reading something until its status is final, the deadline passes or the workflow is cancelled: the one
// loop every wait of the step uses (the import job, the dataset, the job ahead in the queue). Each read is an
// AWS call under the retry policy, so it returns, throws a fault that cannot heal, or ends at the deadline.

export const HEARTBEAT_MS = 5 * 60_000

export interface TimelineEntry {
  status: string
  at: number
}

export interface PollEvents {
  statusChanged(status: string, elapsedMs: number): void
  stillWaiting(status: string, elapsedMs: number): void
}

export interface PollOptions<T> extends Pacing {
  read(): Promise<T>
  statusOf(value: T): string
  isFinal(status: string): boolean
  events: PollEvents
  /** Every reading as it arrives, so that nothing read is lost whatever ends the wait. */
  observe?(value: T, status: string): void
}

export interface PollResult<T> {
  outcome: 'final' | 'timeout' | 'cancelled'
  /** The latest reading; undefined when no check ever answered. */
  value: T | undefined
  /** The fault that kept the last check from answering, when the deadline came while faults persisted. */
  lastError?: AwsError
  checks: number
}

/** Reads at once, then after each pause (2 s, doubling up to the interval), until the status is final. */
export async function pollUntil<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const progress = new Progress(options)
  for (;;) {
    if (progress.isFinal()) return progress.result('final')
    const interrupted = await progress.pause()
    if (interrupted) return progress.result(interrupted)
    try {
      progress.record(await options.read())
    } catch (error) {
      if (error instanceof DeadlineReached) return progress.result('timeout', error.lastError)
      if (error instanceof Cancelled) return progress.result('cancelled')
      throw error
    }
  }
}

/** What a poll has seen: the latest reading and status, how many checks, and when it last said so in the log. */
class Progress<T> {
  private value: T | undefined
  private status: string | undefined
  private checks = 0
  private lastReport: number

  constructor(private readonly options: PollOptions<T>) {
    this.lastReport = options.clock.now()
  }

  isFinal(): boolean {
    return this.status !== undefined && this.options.isFinal(this.status)
  }

  /** The pause before the next check (none before the first); how the wait ended when it ended during it. */
  async pause(): Promise<'cancelled' | 'timeout' | undefined> {
    const { options } = this
    if (options.cancel.aborted) return 'cancelled'
    if (this.checks === 0) return undefined
    const now = options.clock.now()
    if (now >= options.deadline) return 'timeout'
    const pause = Math.min(pauseBefore(this.checks - 1, options.maxPauseMs, options.random), options.deadline - now)
    await options.sleep(pause, options.cancel)
    return options.cancel.aborted ? 'cancelled' : undefined
  }

  /** A reading: kept, observed, and logged when its status changed (or as a heartbeat when it has not for long). */
  record(value: T): void {
    const { options } = this
    const { clock, events } = options
    this.value = value
    this.checks += 1
    const next = options.statusOf(value)
    options.observe?.(value, next)
    const elapsed = clock.now() - options.startedAt
    if (next !== this.status) {
      this.status = next
      events.statusChanged(next, elapsed)
      this.lastReport = clock.now()
    } else if (clock.now() - this.lastReport >= HEARTBEAT_MS) {
      events.stillWaiting(next, elapsed)
      this.lastReport = clock.now()
    }
  }

  result(outcome: PollResult<T>['outcome'], lastError?: AwsError): PollResult<T> {
    return { outcome, value: this.value, checks: this.checks, ...(lastError ? { lastError } : {}) }
  }
}

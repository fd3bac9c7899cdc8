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
  timeline: TimelineEntry[]
  /** The fault that kept the last check from answering, when the deadline came while faults persisted. */
  lastError?: AwsError
  checks: number
}

/** Reads at once, then after each pause (2 s, doubling up to the interval), until the status is final. */
export async function pollUntil<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const { clock, events } = options
  let value: T | undefined
  let status: string | undefined
  const timeline: TimelineEntry[] = []
  let lastReport = clock.now()
  let checks = 0
  const result = (outcome: PollResult<T>['outcome'], lastError?: AwsError): PollResult<T> => ({
    outcome,
    value,
    timeline,
    checks,
    ...(lastError ? { lastError } : {}),
  })

  for (;;) {
    if (status !== undefined && options.isFinal(status)) return result('final')
    if (options.cancel.aborted) return result('cancelled')
    if (checks > 0) {
      const now = clock.now()
      if (now >= options.deadline) return result('timeout')
      await options.sleep(
        Math.min(pauseBefore(checks - 1, options.maxPauseMs, options.random), options.deadline - now),
        options.cancel,
      )
      if (options.cancel.aborted) return result('cancelled')
    }
    try {
      value = await options.read()
    } catch (error) {
      if (error instanceof DeadlineReached) return result('timeout', error.lastError)
      if (error instanceof Cancelled) return result('cancelled')
      throw error
    }
    checks += 1
    const next = options.statusOf(value)
    options.observe?.(value, next)
    const elapsed = clock.now() - options.startedAt
    if (next !== status) {
      status = next
      timeline.push({ status, at: clock.now() })
      events.statusChanged(status, elapsed)
      lastReport = clock.now()
    } else if (clock.now() - lastReport >= HEARTBEAT_MS) {
      events.stillWaiting(status, elapsed)
      lastReport = clock.now()
    }
  }
}

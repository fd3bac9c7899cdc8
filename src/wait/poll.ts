import { AwsError } from '../aws/errors.js'
import { type Pacing, pauseBefore } from '../pacing.js'

// Reading something until its status is final, the deadline passes or the workflow is cancelled: the one
// loop every wait of the step uses (the import job, the dataset, the job ahead in the queue).

export const HEARTBEAT_MS = 5 * 60_000

export interface TimelineEntry {
  status: string
  at: number
}

export interface PollEvents {
  statusChanged(status: string, elapsedMs: number): void
  stillWaiting(status: string, elapsedMs: number): void
  fault(error: AwsError, pauseMs: number, consecutive: number): void
}

export interface PollOptions<T> extends Pacing {
  read(signal: AbortSignal): Promise<T>
  statusOf(value: T): string
  isFinal(status: string): boolean
  events: PollEvents
}

export interface PollResult<T> {
  outcome: 'final' | 'timeout' | 'cancelled'
  /** The latest reading; undefined when no check ever answered. */
  value: T | undefined
  timeline: TimelineEntry[]
  /** The last fault that kept a check from answering, if the wait ended while faults persisted. */
  lastError?: AwsError
  checks: number
}

/**
 * Reads at once, then after each pause, until the status is final. Throws AwsError only for faults
 * that cannot heal; everything else (throttling, 5xx, resets, timeouts) lengthens the pause.
 */
export async function pollUntil<T>(options: PollOptions<T>): Promise<PollResult<T>> {
  const { clock, events } = options
  let value: T | undefined
  let status: string | undefined
  const timeline: TimelineEntry[] = []
  let lastReport = clock.now()
  let checks = 0
  let faults = 0
  let lastError: AwsError | undefined

  const result = (outcome: PollResult<T>['outcome']): PollResult<T> => ({
    outcome,
    value,
    timeline,
    checks,
    ...(lastError && faults > 0 ? { lastError } : {}),
  })

  for (;;) {
    if (status !== undefined && options.isFinal(status)) return result('final')
    if (options.cancel.aborted) return result('cancelled')
    const now = clock.now()
    if (now >= options.deadline) return result('timeout')

    if (checks > 0 || faults > 0) {
      const pause = pauseBefore(Math.max(0, checks - 1), faults, options.maxPauseMs, options.random)
      if (lastError && faults > 0) events.fault(lastError, pause, faults)
      await options.sleep(Math.min(pause, options.deadline - now), options.cancel)
      if (options.cancel.aborted) return result('cancelled')
      if (clock.now() >= options.deadline) return result('timeout')
    }

    try {
      value = await options.read(options.requestSignal())
      checks += 1
      faults = 0
    } catch (error) {
      if (!(error instanceof AwsError) || error.kind === 'permanent') throw error
      if (options.cancel.aborted) return result('cancelled')
      faults += 1
      lastError = error
      continue
    }

    const next = options.statusOf(value)
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

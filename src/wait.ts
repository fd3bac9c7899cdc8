import { AwsError } from './aws-error.js'
import type { ImportJob } from './client.js'
import { TERMINAL_FAILURE, TERMINAL_SUCCESS } from './model.js'

// Polling DescribeDatasetImportJob until a terminal status, the deadline or cancellation. Clock, sleep
// and randomness are injected, so tests drive hours of waiting in milliseconds.

export interface Clock {
  now(): number
}

/** Resolves after `ms`, or early once `signal` aborts; never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

/** Thrown by waits that have no outcome to report when the workflow is cancelled. */
export class Cancelled extends Error {}

export const FIRST_PAUSE_MS = 2_000
export const HEARTBEAT_MS = 5 * 60_000
/** Faults may push pauses past the interval, but never beyond this or the deadline. */
export const MAX_FAULT_PAUSE_MS = 120_000

/**
 * The pause before the next status check. Healthy checks start at 2 s and double up to `maxPauseMs`,
 * with jitter below the cap (many workflows polling at once spread out) and none at the cap, so a
 * finished job is noticed within one interval and a long job costs about one call an interval.
 * Each consecutive fault doubles the pause again, up to MAX_FAULT_PAUSE_MS (or the interval if larger).
 */
export function pauseBefore(
  checksDone: number,
  consecutiveFaults: number,
  maxPauseMs: number,
  random: () => number,
): number {
  const growth = FIRST_PAUSE_MS * 2 ** Math.min(checksDone, 30)
  const healthy = growth >= maxPauseMs ? maxPauseMs : growth * (0.75 + 0.25 * random())
  if (consecutiveFaults === 0) return Math.round(healthy)
  const backoff = healthy * 2 ** Math.min(consecutiveFaults, 30)
  return Math.round(Math.min(backoff, Math.max(MAX_FAULT_PAUSE_MS, maxPauseMs)) * (0.75 + 0.25 * random()))
}

export function isTerminal(status: string | undefined): boolean {
  return status === TERMINAL_SUCCESS || status === TERMINAL_FAILURE
}

export interface TimelineEntry {
  status: string
  at: number
}

/** What every wait of the step shares: time, the deadline, cancellation and the pause cap. */
export interface Pacing {
  clock: Clock
  sleep: Sleep
  random: () => number
  /** When the step began (for elapsed times). */
  startedAt: number
  /** Epoch ms after which waiting gives up. */
  deadline: number
  maxPauseMs: number
  /** Fires on cancellation. */
  cancel: AbortSignal
  /** Builds the signal for one request: cancellation plus the time left to the deadline. */
  requestSignal(): AbortSignal
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

export type WaitOutcome = 'active' | 'failed' | 'timeout' | 'cancelled'

export interface WaitResult {
  outcome: WaitOutcome
  /** The latest description; undefined when no check ever answered. */
  job: ImportJob | undefined
  timeline: TimelineEntry[]
  lastError?: AwsError
  checks: number
}

export interface WaitOptions extends Pacing {
  describe(signal: AbortSignal): Promise<ImportJob>
  events: PollEvents
}

/** Waits for an import job: ACTIVE is success, CREATE FAILED failure, any other status still running. */
export async function waitForJob(options: WaitOptions): Promise<WaitResult> {
  const { value, outcome, ...rest } = await pollUntil({
    ...options,
    read: options.describe,
    statusOf: job => job.status ?? 'UNKNOWN',
    isFinal: isTerminal,
  })
  const final = value?.status === TERMINAL_SUCCESS ? 'active' : 'failed'
  return { ...rest, job: value, outcome: outcome === 'final' ? final : outcome }
}

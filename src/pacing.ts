// Time for every wait of the step: the clock, sleeping, the deadline, cancellation and the back-off.
// All of it is injected, so tests drive hours of waiting in milliseconds on a simulated clock.

export interface Clock {
  now(): number
}

/** Resolves after `ms`, or early once `signal` aborts; never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>

/** What every wait and every AWS call of the step shares: time, the deadline, cancellation and the pause cap. */
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
}

export const FIRST_PAUSE_MS = 2_000

/**
 * The pause before the next status check. Healthy checks start at 2 s and double up to `maxPauseMs`,
 * with jitter below the cap (many workflows polling at once spread out) and none at the cap, so a
 * finished job is noticed within one interval and a long job costs about one call an interval.
 */
export function pauseBefore(checksDone: number, maxPauseMs: number, random: () => number): number {
  const growth = FIRST_PAUSE_MS * 2 ** Math.min(checksDone, 30)
  return Math.round(growth >= maxPauseMs ? maxPauseMs : growth * (0.75 + 0.25 * random()))
}

/**
 * The pause before retry `retry` (1 for the first) of a call that failed with a fault that heals: the schedule of
 * status checks (2 s, doubling up to `maxPauseMs`), always with jitter so that many clients throttled at once
 * spread out.
 */
export function retryPause(retry: number, maxPauseMs: number, random: () => number): number {
  const base = Math.min(FIRST_PAUSE_MS * 2 ** Math.min(Math.max(retry - 1, 0), 30), maxPauseMs)
  return Math.round(base * (0.75 + 0.25 * random()))
}

/**
 * How long one request (connection and the whole answer) may take before it counts as a transient fault: twice
 * the longest pause between status checks, between 10 s and 60 s (60 s at the default 30 s interval).
 */
export function requestBound(maxPauseMs: number): number {
  return Math.min(60_000, Math.max(10_000, 2 * maxPauseMs))
}

/** The real sleep: a timer that the signal cuts short. */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise(resolve => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done(): void {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })

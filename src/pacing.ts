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
  /** Builds the signal for one request: cancellation plus the time left to the deadline. */
  requestSignal(): AbortSignal
}

export const FIRST_PAUSE_MS = 2_000
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

import type { Pacing } from '../src/pacing.js'

// A simulated clock: sleeping advances it at once, so tests drive hours of waiting in microseconds.

export interface SimulatedTime {
  pacing: Pacing
  /** Milliseconds since the simulated start. */
  elapsed(): number
  advance(ms: number): void
  /** Every pause asked for, in order. */
  sleeps: number[]
  cancel: AbortController
}

export function simulatedTime(
  options: { timeoutMs?: number; maxPauseMs?: number; random?: () => number } = {},
): SimulatedTime {
  const startedAt = 1_000_000
  let now = startedAt
  const sleeps: number[] = []
  const cancel = new AbortController()
  const pacing: Pacing = {
    clock: { now: () => now },
    sleep: async ms => {
      if (ms < 0) throw new Error(`negative pause ${ms}`)
      sleeps.push(ms)
      now += ms
    },
    random: options.random ?? (() => 0.5),
    startedAt,
    deadline: startedAt + (options.timeoutMs ?? 120 * 60_000),
    maxPauseMs: options.maxPauseMs ?? 30_000,
    cancel: cancel.signal,
  }
  return {
    pacing,
    elapsed: () => now - startedAt,
    advance: ms => {
      now += ms
    },
    sleeps,
    cancel,
  }
}

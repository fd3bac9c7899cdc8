// @ts-check
// One setting for every guard of the suite that is measured in real time: a busy machine (or TEST_TIME_SCALE)
// stretches them all alike, so a test fails for what the action does, never because the machine was slow.
import { availableParallelism, loadavg } from 'node:os'

const CORES = availableParallelism()

/**
 * TEST_TIME_SCALE when set (1 or more), else the load per core at start (1 on an idle machine, up to 8): the
 * factor by which real-time guards and margins grow.
 */
export const TIME_SCALE = (() => {
  const given = Number(process.env.TEST_TIME_SCALE)
  if (Number.isFinite(given) && given >= 1) return given
  return Math.min(8, Math.max(1, (loadavg()[0] ?? 0) / CORES))
})()

/** A real-time limit stretched for this machine. @param {number} ms */
export const scaled = ms => Math.round(ms * TIME_SCALE)

/** How long a run of the bundle may take before the harness kills it. */
export const KILL_AFTER_MS = scaled(30_000)
/** How long one test may take. */
export const TEST_TIMEOUT_MS = scaled(60_000)

/**
 * Workers per project: the unit tests use the CPU (one per core); the end-to-end tests mostly wait on child
 * processes and the emulators (two per core).
 */
export const WORKERS = { unit: CORES, e2e: Math.max(2, CORES * 2) }

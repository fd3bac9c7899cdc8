// @ts-check
// One setting for every guard of the suite that is measured in real time: a busy machine (or TEST_TIME_SCALE)
// stretches them all alike, so a test fails for what the action does, never because the machine was slow.
import { availableParallelism, loadavg } from 'node:os'

const CORES = availableParallelism()

/** What the calibration loop takes, compiled, on an idle 2-core development machine (median of 5 runs, ms). */
const IDLE_LOOP_MS = 55

/** A fixed piece of work. @param {number} n */
function work(n) {
  let x = 0
  for (let i = 0; i < n; i++) x = (x * 31 + i) | 0
  return x
}

/** The median time of the work once compiled: how fast this process is given the CPU right now. */
function loopMs() {
  for (let run = 0; run < 3; run++) work(1e6)
  const times = []
  let sink = 0
  for (let run = 0; run < 5; run++) {
    const started = performance.now()
    sink ^= work(1e7)
    times.push(performance.now() - started)
  }
  return sink === 42 ? 0 : (times.sort((a, b) => a - b)[2] ?? IDLE_LOOP_MS)
}

/**
 * TEST_TIME_SCALE when set (1 or more), else the larger of the load per core and how much slower a fixed loop runs
 * than on an idle machine (1 there, up to 8): the factor by which real-time guards and margins grow. It is
 * measured once and passed on in the environment, so the test workers and the processes they start agree.
 */
export const TIME_SCALE = (() => {
  const given = Number(process.env.TEST_TIME_SCALE)
  if (Number.isFinite(given) && given >= 1) return given
  const load = (loadavg()[0] ?? 0) / CORES
  const scale = Math.round(Math.min(8, Math.max(1, load, loopMs() / IDLE_LOOP_MS)) * 10) / 10
  process.env.TEST_TIME_SCALE = String(scale)
  return scale
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

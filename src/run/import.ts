import { DeadlineReached } from '../aws/retry.js'
import type { Target } from '../config.js'
import { Cancelled } from '../failure.js'
import { RunnerFileError } from '../runner.js'
import { type Admitted, admit } from './admit.js'
import { acrossDatasets, collectorOf, crossCheckOf, inCheckOrder } from './checks.js'
import { attachLane, createLane, warnIfCredentialsExpire } from './create.js'
import { laneFailure, stepEnding } from './endings.js'
import type { KnownJob } from './job.js'
import type { Lane } from './lane.js'
import type { Ending, Step } from './step.js'
import { readStatusOnce, reportUnchanged, type Waiting, waitAndReport } from './wait.js'

// A step's imports: every dataset admitted first (an error in any means no import at all), then their Creates
// side by side, each queued under if-busy, then one wait over their jobs. A single dataset is a group of one.

export async function importDatasets(step: Step, target: Extract<Target, { kind: 'create' }>): Promise<Ending> {
  await warnIfCredentialsExpire(step)
  const admitted = await admitAll(step, target)
  if (!admitted) return notCreated(step)
  const created = await Promise.allSettled(
    step.lanes.map((lane, i) => {
      const entry = target.entries[i]
      const decision = admitted.get(lane)
      if (!entry || !decision) throw new Error('a lane without its entry')
      return createLane(step, lane, entry, decision)
    }),
  )
  const waiting = settle(step, created)
  await conclude(step, waiting)
  return stepEnding(step)
}

/** job-arn, a job-name of dataset-arn, or a group's job-names: the jobs exist; wait for them. */
export async function attachJobs(step: Step, target: Extract<Target, { kind: 'attach' }>): Promise<Ending> {
  await warnIfCredentialsExpire(step)
  const waiting: Waiting[] = target.jobs.map((job, i) => {
    const lane = step.lanes[i] as Lane
    return [lane, attachLane(step, lane, job)]
  })
  await conclude(step, waiting)
  return stepEnding(step)
}

/**
 * Each dataset's admission, the datasets that provide IDs first (for the checks across a group's datasets). A
 * group's dataset that fails its admission ends its lane and the others are still checked, so the report shows every
 * dataset's findings; undefined then (nothing is created). A single dataset's failure ends the step as it comes.
 */
async function admitAll(
  step: Step,
  target: Extract<Target, { kind: 'create' }>,
): Promise<Map<Lane, Admitted> | undefined> {
  const cross = crossCheckOf(step)
  const admitted = new Map<Lane, Admitted>()
  for (const [lane, entry] of inCheckOrder(step.lanes, target.entries)) {
    try {
      admitted.set(lane, await admit(step, lane, entry, collectorOf(cross, lane)))
    } catch (error) {
      if (!step.group || endsTheStep(error)) throw error
      lane.ending = laneFailure(error, step, lane)
    }
  }
  if (cross) acrossDatasets(step, cross)
  return admitted.size === step.lanes.length ? admitted : undefined
}

/** A group with a dataset that failed its admission: no import at all; the others say why they were not created. */
function notCreated(step: Step): Ending {
  const failed = step.lanes.find(lane => lane.ending)
  for (const lane of step.lanes) {
    lane.ending ??= {
      outcome: failed?.ending?.outcome ?? 'error',
      headline: `not created: ${failed?.name ?? 'another dataset'} failed before Create`,
    }
  }
  return stepEnding(step)
}

/**
 * The Creates' outcomes: a lane whose Create failed ends with its error (the others' imports go on: they cannot be
 * undone); cancellation, the deadline or an unwritable runner file end the step, once every Create has settled.
 */
function settle(step: Step, created: PromiseSettledResult<KnownJob>[]): Waiting[] {
  const waiting: Waiting[] = []
  let ending: unknown
  created.forEach((result, i) => {
    const lane = step.lanes[i] as Lane
    if (result.status === 'fulfilled') waiting.push([lane, result.value])
    else if (endsTheStep(result.reason) || !step.group) ending ??= result.reason
    else lane.ending = laneFailure(result.reason, step, lane)
  })
  if (ending !== undefined) throw ending
  return waiting
}

/** The skipped imports reported, the others read once (wait: false) or waited for, in one loop. */
async function conclude(step: Step, waiting: readonly Waiting[]): Promise<void> {
  const running: Waiting[] = []
  for (const [lane, job] of waiting) {
    if (job.origin === 'unchanged') await reportUnchanged(step, lane, job)
    else running.push([lane, job])
  }
  if (step.config.wait.enabled) await waitAndReport(step, running)
  else await readStatusOnce(step, running)
}

/** Faults that end the whole step, whichever lane met them first. */
function endsTheStep(error: unknown): boolean {
  return error instanceof Cancelled || error instanceof DeadlineReached || error instanceof RunnerFileError
}

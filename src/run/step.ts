import type { QueueReport } from '../admission/queue.js'
import type { ClientSettings, ImportJob, PersonalizeApi } from '../aws/personalize.js'
import type { RetryPolicy } from '../aws/retry.js'
import type { Config } from '../config.js'
import type { DataChecks } from '../data/check-data.js'
import type { ActionError } from '../failure.js'
import type { Clock, Pacing, Sleep } from '../pacing.js'
import type { CommitStatus } from '../report/commit-status.js'
import { type Runner, RunnerFileError } from '../runner.js'
import type { TimelineEntry } from '../wait/poll.js'

// What one run of the step shares between its stages: its dependencies, what it knows of the job so far, and how
// it ends. Every exit path reads RunState, so that the outputs always tell the truth.

export interface Dependencies {
  runner: Runner
  env: Readonly<Record<string, string | undefined>>
  /** GITHUB_WORKSPACE: files named by inputs are read inside it. */
  workspace: string
  readWorkspaceFile(path: string): string
  createApi(settings: ClientSettings): PersonalizeApi
  clock: Clock
  sleep: Sleep
  random(): number
  /** Fires when the workflow is cancelled (the runner sends SIGINT, then SIGTERM). */
  cancel: AbortSignal
}

/** What is known about the job so far, so every exit path can report the truth. */
export interface RunState {
  /** The job exists: created, adopted or attached. */
  jobArn?: string
  jobName?: string
  /** When this step created or adopted the job (not for attached jobs). */
  startedAt?: number
  /** The latest description read, and every status change. */
  job?: ImportJob
  timeline: TimelineEntry[]
  /** A Create was sent at some point. */
  createSent: boolean
  /** A Create awaits its answer: the job may exist here. */
  createInFlightArn?: string | undefined
  /** A Create's outcome is unknown (a 5xx, a lost or cut answer): the job may exist here. */
  mayExistArn?: string | undefined
  /** The first file the runner handed over that could not be written. */
  fileError?: RunnerFileError
  /** What the data checks found, when they ran. */
  checks?: DataChecks
  /** check-only: the imports running on the dataset and in the region. */
  queue?: QueueReport
}

/** How the step ends: the summary's headline, and the failure if it failed. */
export interface Ending {
  headline: string
  failure?: ActionError
}

/** The parts of one step's run that every stage uses. */
export interface Step {
  config: Config
  deps: Dependencies
  state: RunState
  pacing: Pacing
  policy: RetryPolicy
  api: PersonalizeApi
  /** commit-status: the statuses posted on the commit. */
  status?: CommitStatus
  /** Statuses on their way, awaited before the final one. */
  posts: Promise<void>[]
}

/** Where the job may exist although none is confirmed: a Create in flight, or one whose outcome is unknown. */
export function mayExistAt(state: RunState): string | undefined {
  return state.jobArn ? undefined : (state.mayExistArn ?? state.createInFlightArn)
}

/** Runs an output or summary write; the first file the runner cannot write is kept, and nothing more is tried. */
export function write(step: Step, action: () => void): void {
  if (step.state.fileError) return
  try {
    action()
  } catch (error) {
    if (!(error instanceof RunnerFileError)) throw error
    step.state.fileError = error
  }
}

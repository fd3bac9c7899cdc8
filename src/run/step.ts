import type { ClientSettings, PersonalizeApi, QueueReport } from '../aws/personalize.js'
import type { RetryPolicy } from '../aws/retry.js'
import type { Config } from '../config.js'
import type { DataChecks } from '../data/check-data.js'
import type { ActionError } from '../failure.js'
import type { FailureOutcome, SuccessOutcome } from '../outcome.js'
import type { Clock, Pacing, Sleep } from '../pacing.js'
import type { CommitStatus } from '../report/commit-status.js'
import { type Runner, RunnerFileError } from '../runner.js'
import type { JobState, JobTracker, Observations } from './job.js'

// What one run of the step shares between its stages: its dependencies, the job's state, what it has read and
// found, and how it ends.

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

/** What the step found besides the job: the data checks, the queue (check-only), a runner file it could not write. */
export interface Findings {
  checks?: DataChecks
  queue?: QueueReport
  /** The first file the runner handed over that could not be written; nothing more is written after it. */
  fileError?: RunnerFileError
  /** The retraining gate's tag keys the Create carries (for the advice when tagging is refused). */
  gateTags?: string[]
}

/** How the step ends: the outcome, its headline, the job as it stands, and the failure when it failed. */
export type Ending =
  | { outcome: SuccessOutcome; headline: string; job: JobState }
  | { outcome: FailureOutcome; headline: string; job: JobState; failure: ActionError }

/** The parts of one step's run that every stage uses. */
export interface Step {
  config: Config
  deps: Dependencies
  pacing: Pacing
  policy: RetryPolicy
  api: PersonalizeApi
  /** commit-status: the reporter of the job on the commit. */
  status?: CommitStatus
  /** Where the job stands while Create goes: what an interrupted step reports. */
  tracker: JobTracker
  /** Every description of the job read, so no exit path loses the last status. */
  observed: Observations
  found: Findings
}

/** Runs an output or summary write; the first file the runner cannot write is kept, and nothing more is tried. */
export function write(step: Step, action: () => void): void {
  if (step.found.fileError) return
  try {
    action()
  } catch (error) {
    if (!(error instanceof RunnerFileError)) throw error
    step.found.fileError = error
  }
}

import type { ClientSettings, PersonalizeApi } from '../aws/personalize.js'
import type { RetryPolicy } from '../aws/retry.js'
import type { Config, DatasetGroup } from '../config.js'
import type { Findings } from '../data/findings.js'
import type { ActionError } from '../failure.js'
import type { Outcome } from '../outcome.js'
import type { Clock, Pacing, Sleep } from '../pacing.js'
import type { CommitStatus } from '../report/commit-status.js'
import { type Runner, RunnerFileError } from '../runner.js'
import type { Lane } from './lane.js'

// What one run of the step shares between its stages: its dependencies, its lanes (one per dataset, each with its
// job), what it found across them, and how it ends.

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

/** What the step found besides its lanes: the checks across datasets, a runner file it could not write. */
export interface StepFindings {
  /** A group's checks across its datasets (items unknown to the interactions, ...). */
  across?: Findings
  /** The first file the runner handed over that could not be written; nothing more is written after it. */
  fileError?: RunnerFileError
}

/** How the step ends: the outcome, its headline, and the failure when it failed (each lane has its own). */
export interface Ending {
  outcome: Outcome
  headline: string
  failure?: ActionError
}

/** The parts of one step's run that every stage uses. */
export interface Step {
  config: Config
  deps: Dependencies
  pacing: Pacing
  policy: RetryPolicy
  api: PersonalizeApi
  /** commit-status: the reporter of the import on the commit. */
  status?: CommitStatus
  /** The dataset group, when the step imports one. */
  group?: DatasetGroup
  /** One per dataset: what an interrupted step reports of each job. */
  lanes: Lane[]
  found: StepFindings
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

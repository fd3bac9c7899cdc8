// How a step ends, as one value: the headline, the exit code and the commit status all follow from it.

export type Outcome =
  /** The job reached ACTIVE. */
  | 'active'
  /** The job reached CREATE FAILED. */
  | 'job-failed'
  /** check-only: every check passed (warnings allowed); nothing was created. */
  | 'checks-passed'
  /** The data checks (or check-only) found errors; nothing was created. */
  | 'checks-failed'
  /** The retraining gate refused the import (max-shrink-percent); nothing was created. */
  | 'refused'
  /** wait: false: the job was created (or attached) and its status read once. */
  | 'not-waited'
  /** skip-unchanged: the same data was imported already; no job was created. */
  | 'skipped'
  | 'timed-out'
  | 'cancelled'
  /** Anything else that ended the step early: an AWS error, a refused input, a runner file not writable. */
  | 'error'

export type SuccessOutcome = Extract<Outcome, 'active' | 'checks-passed' | 'not-waited' | 'skipped'>
export type FailureOutcome = Exclude<Outcome, SuccessOutcome>

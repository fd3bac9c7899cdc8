// How a step ends early: a failure already phrased for the user, or the workflow's cancellation.

/** A failure already phrased for the user: the step fails with one annotation of this title and message. */
export class ActionError extends Error {
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message)
  }
}

/** Thrown by waits that have no outcome to report when the workflow is cancelled. */
export class Cancelled extends Error {}

/** The data checks found errors before Create: nothing was imported. */
export class ChecksFailed extends ActionError {}

/** GITHUB_OUTPUT or GITHUB_STEP_SUMMARY could not be written: the step's outputs may be missing. */
export class RunnerFileFailure extends ActionError {
  constructor(message: string) {
    super('Runner file not writable', message)
  }
}

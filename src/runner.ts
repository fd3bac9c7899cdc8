import * as core from '@actions/core'

// The edge to the GitHub runner. Everything else talks to this interface, so tests swap in a recorder.

/** Where an annotation points and what it is called; `file` and `line` put it on a line of a pull request's diff. */
export interface Annotation {
  title: string
  file?: string
  line?: number
  column?: number
}

export interface Runner {
  /** The raw input as the runner passes it; empty when not set. */
  getInput(name: string): string
  /** Throws RunnerFileError when GITHUB_OUTPUT cannot be written. */
  setOutput(name: string, value: string): void
  info(message: string): void
  debug(message: string): void
  /** Masks `value` in everything the step prints from now on (a token given as an input). */
  secret(value: string): void
  /** Step debug logging is on (the ACTIONS_STEP_DEBUG secret, which the runner passes as RUNNER_DEBUG=1). */
  isDebug(): boolean
  notice(message: string, annotation: Annotation): void
  warning(message: string, annotation: Annotation): void
  /** An `::error` annotation that does not end the step by itself (findings in data files). */
  error(message: string, annotation: Annotation): void
  /** One `::error` annotation; also marks the step failed (exit code 1). */
  fail(message: string, annotation: Annotation): void
  group(name: string, lines: readonly string[]): void
  /** Throws RunnerFileError when GITHUB_STEP_SUMMARY cannot be written. */
  appendSummary(markdown: string): Promise<void>
}

/** A file the runner handed over (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY) could not be written. */
export class RunnerFileError extends Error {
  constructor(
    readonly variable: string,
    readonly path: string,
    cause: unknown,
  ) {
    super(`${variable} (${path}): ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

export function coreRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  return {
    getInput: name => core.getInput(name),
    setOutput: (name, value) => {
      try {
        core.setOutput(name, value)
      } catch (error) {
        throw new RunnerFileError('GITHUB_OUTPUT', env.GITHUB_OUTPUT ?? '', error)
      }
    },
    info: message => core.info(message),
    debug: message => core.debug(message),
    isDebug: () => core.isDebug(),
    secret: value => core.setSecret(value),
    notice: (message, annotation) => core.notice(message, properties(annotation)),
    warning: (message, annotation) => core.warning(message, properties(annotation)),
    error: (message, annotation) => core.error(message, properties(annotation)),
    fail: (message, annotation) => {
      core.error(message, properties(annotation))
      process.exitCode = 1
    },
    group: (name, lines) => {
      core.startGroup(name)
      for (const line of lines) core.info(line)
      core.endGroup()
    },
    appendSummary: async markdown => {
      // Outside a runner (local runs) there is no summary file; that is not an error.
      if (!env.GITHUB_STEP_SUMMARY) return
      try {
        await core.summary.addRaw(markdown, true).write()
      } catch (error) {
        throw new RunnerFileError('GITHUB_STEP_SUMMARY', env.GITHUB_STEP_SUMMARY, error)
      } finally {
        core.summary.emptyBuffer()
      }
    },
  }
}

function properties({ title, file, line, column }: Annotation): core.AnnotationProperties {
  return {
    title,
    ...(file === undefined ? {} : { file }),
    ...(line === undefined ? {} : { startLine: line }),
    ...(column === undefined ? {} : { startColumn: column }),
  }
}

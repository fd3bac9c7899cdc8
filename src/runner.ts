// @actions/core's own command and file-command writers, imported by file: its package entry also loads
// the OIDC client, which pulls in undici and @actions/exec (about 0.9 MB of bundle) that this action never
// uses. The package exports only its entry, hence the path into node_modules.
import { issueCommand } from '../node_modules/@actions/core/lib/command.js'
import { issueFileCommand, prepareKeyValueMessage } from '../node_modules/@actions/core/lib/file-command.js'
import { summary } from '../node_modules/@actions/core/lib/summary.js'
import { toCommandValue } from '../node_modules/@actions/core/lib/utils.js'

// The edge to the GitHub runner. Everything else talks to this interface, so tests swap in a recorder.

export interface Annotation {
  title: string
}

export interface Runner {
  /** The raw input as the runner passes it; empty when not set. */
  getInput(name: string): string
  setOutput(name: string, value: string): void
  info(message: string): void
  debug(message: string): void
  /** Step debug logging is on (the ACTIONS_STEP_DEBUG secret, which the runner passes as RUNNER_DEBUG=1). */
  isDebug(): boolean
  notice(message: string, annotation: Annotation): void
  warning(message: string, annotation: Annotation): void
  /** One `::error` annotation; also marks the step failed (exit code 1). */
  fail(message: string, annotation: Annotation): void
  group(name: string, lines: readonly string[]): void
  appendSummary(markdown: string): Promise<void>
}

export function coreRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  const info = (message: string): void => {
    process.stdout.write(`${message}\n`)
  }
  return {
    // The runner passes `with:` values as INPUT_<NAME>, upper-cased, spaces as underscores, hyphens kept.
    getInput: name => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim(),
    setOutput: (name, value) => {
      if (env.GITHUB_OUTPUT) issueFileCommand('OUTPUT', prepareKeyValueMessage(name, value))
      else issueCommand('set-output', { name }, toCommandValue(value))
    },
    info,
    debug: message => issueCommand('debug', {}, message),
    isDebug: () => env.RUNNER_DEBUG === '1',
    notice: (message, { title }) => issueCommand('notice', { title }, message),
    warning: (message, { title }) => issueCommand('warning', { title }, message),
    fail: (message, { title }) => {
      issueCommand('error', { title }, message)
      process.exitCode = 1
    },
    group: (name, lines) => {
      issueCommand('group', {}, name)
      for (const line of lines) info(line)
      issueCommand('endgroup', {}, '')
    },
    appendSummary: async markdown => {
      // Outside a runner (local runs) there is no summary file; that is not an error.
      if (!env.GITHUB_STEP_SUMMARY) return
      await summary.addRaw(markdown, true).write()
    },
  }
}

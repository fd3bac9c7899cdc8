import type { Annotation, Runner } from '../src/runner.js'

// A Runner that records what the action would print, output and annotate, for tests of run() and the steps.

export interface RecordingRunner extends Runner {
  /** Log lines in order: info as is, other kinds prefixed (`output job-arn`, `warning ...`, `debug ...`). */
  log: string[]
  outputs: Record<string, string>
  /** Each fail() as `title: message`. */
  failures: string[]
  annotations: Array<{ kind: 'notice' | 'warning' | 'error'; message: string } & Annotation>
  summaries: string[]
}

export function recordingRunner(
  inputs: Record<string, string> = {},
  options: { debug?: boolean } = {},
): RecordingRunner {
  const log: string[] = []
  const outputs: Record<string, string> = {}
  const failures: string[] = []
  const annotations: RecordingRunner['annotations'] = []
  const summaries: string[] = []
  const annotate = (kind: 'notice' | 'warning' | 'error') => (message: string, annotation: Annotation) => {
    annotations.push({ kind, message, ...annotation })
    log.push(`${kind} ${message}`)
  }
  return {
    log,
    outputs,
    failures,
    annotations,
    summaries,
    getInput: name => inputs[name] ?? '',
    setOutput: (name, value) => {
      outputs[name] = value
      log.push(`output ${name}`)
    },
    info: message => log.push(message),
    debug: message => log.push(`debug ${message}`),
    isDebug: () => options.debug ?? false,
    secret: () => undefined,
    notice: annotate('notice'),
    warning: annotate('warning'),
    error: annotate('error'),
    fail: (message, { title }) => failures.push(`${title}: ${message}`),
    group: (name, lines) => log.push(name, ...lines),
    appendSummary: async markdown => {
      summaries.push(markdown)
    },
  }
}

// The action in this process: run() with a runner that records what @actions/core would print, the inputs and
// environment the runner would pass (action.yml defaults filled in), a workspace of its own, the real AWS SDK
// clients against the emulators on loopback, and a simulated clock (every pause of the step is instant). Its
// result has the shape of __fixtures__/run-action.mjs's, so a rule matrix runs in milliseconds, in process, and
// the end-to-end tests keep one run per wiring path of the bundle.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { PersonalizeEmulator } from '../emulator/personalize.mjs'
import { createPersonalizeApi } from '../src/aws/personalize.js'
import { type Dependencies, run } from '../src/main.js'
import type { Annotation, Runner } from '../src/runner.js'
import { workspaceFileReader } from '../src/workspace.js'
import { actionYml, TEST_CREDENTIALS } from './run-action.mjs'

// The SDK reads credentials from the process: the tests' own, never a developer's.
Object.assign(process.env, TEST_CREDENTIALS, {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(tmpdir(), 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'no-aws-credentials'),
})

export interface InProcessOptions {
  emulator?: PersonalizeEmulator
  inputs?: Record<string, string>
  /** Added to the step's environment; undefined removes a variable. */
  env?: Record<string, string | undefined>
  workspaceFiles?: Record<string, string | Uint8Array>
  /** Cancels the step (as the runner's SIGINT would) once this resolves. */
  cancelWhen?: Promise<unknown>
  /** Simulated milliseconds each reading of the clock takes (0: time moves only in pauses). */
  clockTick?: number
}

export interface InProcessRun {
  code: number
  stdout: string
  /** Nothing: in process, the action prints only through its runner. */
  stderr: string
  outputs: Record<string, string>
  summary: string
  errors: string[]
  warnings: string[]
  notices: string[]
  annotations: Array<{ kind: 'notice' | 'warning' | 'error'; message: string } & Annotation>
  /** Simulated milliseconds the step took. */
  elapsedMs: number
}

/** Runs the action in this process. Unless a test sets `preflight`, it is `dataset`, as in the harness. */
export async function runInProcess(options: InProcessOptions = {}): Promise<InProcessRun> {
  const dir = mkdtempSync(join(tmpdir(), 'in-process-'))
  const workspace = join(dir, 'workspace')
  mkdirSync(workspace)
  for (const [name, text] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true })
    writeFileSync(join(workspace, name), text)
  }
  const inputs: Record<string, string> = {}
  for (const [name, input] of Object.entries(actionYml.inputs))
    if (input.default !== undefined) inputs[name] = input.default
  Object.assign(inputs, { preflight: 'dataset' }, options.inputs)
  if (options.emulator && !options.inputs?.['endpoint-url']) inputs['endpoint-url'] = options.emulator.url
  const env: Record<string, string | undefined> = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/recommendations',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_ATTEMPT: '1',
    AWS_REGION: 'us-east-1',
    ...options.env,
  }
  const recorder = recordingCoreRunner(inputs, env.RUNNER_DEBUG === '1')
  const started = 1_000_000
  let now = started
  const cancel = new AbortController()
  void options.cancelWhen?.then(() => cancel.abort())
  const deps: Dependencies = {
    runner: recorder.runner,
    env,
    workspace,
    readWorkspaceFile: workspaceFileReader(workspace),
    createApi: createPersonalizeApi,
    clock: {
      now: () => {
        now += options.clockTick ?? 0
        return now
      },
    },
    sleep: async (ms, signal) => {
      // Simulated: the pause is taken at once, but the event loop turns, so loopback answers and signals arrive.
      now += ms
      if (!signal.aborted) await new Promise(resolve => setImmediate(resolve))
    },
    random: () => 0.5,
    cancel: cancel.signal,
  }
  try {
    await run(deps)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return { ...recorder.result(), elapsedMs: now - started }
}

/** A Runner that prints as @actions/core does (workflow commands in stdout) and keeps outputs and summaries. */
function recordingCoreRunner(inputs: Record<string, string>, debug: boolean) {
  const lines: string[] = []
  const outputs: Record<string, string> = {}
  const summaries: string[] = []
  const annotations: InProcessRun['annotations'] = []
  let code = 0
  const annotate = (kind: 'notice' | 'warning' | 'error') => (message: string, annotation: Annotation) => {
    annotations.push({ kind, message, ...annotation })
    const properties = [
      `title=${annotation.title}`,
      ...(annotation.file ? [`file=${annotation.file}`] : []),
      ...(annotation.line ? [`line=${annotation.line}`] : []),
      ...(annotation.column ? [`col=${annotation.column}`] : []),
    ]
    lines.push(`::${kind} ${properties.join(',')}::${message}`)
  }
  const runner: Runner = {
    getInput: name => inputs[name] ?? '',
    setOutput: (name, value) => {
      outputs[name] = value
    },
    info: message => lines.push(message),
    debug: message => {
      if (debug) lines.push(`::debug::${message}`)
    },
    secret: () => undefined,
    isDebug: () => debug,
    notice: annotate('notice'),
    warning: annotate('warning'),
    error: annotate('error'),
    fail: (message, annotation) => {
      annotate('error')(message, annotation)
      code = 1
    },
    group: (name, groupLines) => lines.push(`::group::${name}`, ...groupLines, '::endgroup::'),
    appendSummary: async markdown => {
      summaries.push(markdown)
    },
  }
  const of = (kind: 'notice' | 'warning' | 'error') => annotations.filter(a => a.kind === kind).map(a => a.message)
  return {
    runner,
    result: () => ({
      code,
      stdout: `${lines.join('\n')}\n`,
      stderr: '',
      outputs,
      summary: summaries.join(''),
      errors: of('error'),
      warnings: of('warning'),
      notices: of('notice'),
      annotations,
    }),
  }
}

/** A FULL import of `location` into `datasetArn` with every pre-flight and data check, S3 at `s3Url`, in process. */
export function dataCheckedImport(
  options: { emulator: PersonalizeEmulator; s3Url: string; datasetArn: string; location: string },
  extra: Pick<InProcessOptions, 'inputs' | 'env' | 'cancelWhen' | 'clockTick'> = {},
): Promise<InProcessRun> {
  return runInProcess({
    ...(extra.cancelWhen ? { cancelWhen: extra.cancelWhen } : {}),
    ...(extra.clockTick ? { clockTick: extra.clockTick } : {}),
    emulator: options.emulator,
    inputs: {
      'dataset-arn': options.datasetArn,
      'data-location': options.location,
      'import-mode': 'FULL',
      preflight: 'true',
      ...extra.inputs,
    },
    env: { AWS_ENDPOINT_URL_S3: options.s3Url, ...extra.env },
  })
}

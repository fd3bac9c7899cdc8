import { readFileSync, realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import { CliInputError, type CliInputFormat, parseCliInput, type RequestFields } from './cli-input.js'
import { defaultJobName, type RunContext } from './job-name.js'
import {
  brokenRule,
  dataLocationProblem,
  datasetArnParts,
  datasetArnProblem,
  deriveJobArn,
  IMPORT_MODES,
  type ImportRequest,
  jobArnParts,
  jobArnProblem,
  RULES,
  tagsProblem,
} from './model.js'
import { parseTags, TagSyntaxError } from './tags.js'

// The only module that knows the action's input names. It turns the raw strings the runner hands over
// into a validated Config, or throws an InputError naming the input and the rule; nothing reaches AWS before.

export class InputError extends Error {
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message)
  }
}

export type Target =
  /** Create a job from `request`; `jobArn` is where it will live (derived from the dataset ARN). */
  | { kind: 'create'; request: ImportRequest; jobArn: string; importModeGiven: boolean; admission: Admission }
  | { kind: 'attach'; jobArn: string }
  /** `generate-cli-skeleton: output`: everything validated, nothing sent. */
  | { kind: 'dry-run'; request: ImportRequest; jobArn: string }
  | { kind: 'skeleton'; format: 'input' | 'yaml-input' }

export type IfBusy = 'wait' | 'fail'

/** Before Create: pre-flight checks of the dataset, and what to do while another import holds it. */
export interface Admission {
  preflight: boolean
  ifBusy: IfBusy
}

export interface WaitSettings {
  enabled: boolean
  timeoutMs: number
  /** The longest pause between two status checks. */
  maxPauseMs: number
}

export interface Config {
  target: Target
  region: string
  endpoint?: string
  wait: WaitSettings
}

export interface InputEnvironment {
  /** Reads one input as the runner passes it (an empty string when not set). */
  getInput(name: string): string
  env: Readonly<Record<string, string | undefined>>
  /** Reads a file given as `file://path`, resolved inside the workspace. */
  readWorkspaceFile(path: string): string
}

const MAX_DOCUMENT_BYTES = 128 * 1024 // 200 tags of maximal size fit in about 80 KiB
const MAX_TIMEOUT_MINUTES = 7200 // 5 days, the longest a self-hosted runner job may run
const MAX_POLL_SECONDS = 3600
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/
const CREATE_INPUTS = [
  'dataset-arn',
  'data-location',
  'job-name',
  'role-arn',
  'tags',
  'import-mode',
  'publish-attribution-metrics-to-s3',
  'cli-input-json',
  'cli-input-yaml',
]

export function readConfig(source: InputEnvironment): Config {
  const input = (name: string, multiline = false): string => readInput(source, name, multiline)

  const skeleton = oneOf(input('generate-cli-skeleton'), 'generate-cli-skeleton', [
    'input',
    'yaml-input',
    'output',
  ] as const)
  const wait = readWaitSettings(input)
  const endpoint = readEndpoint(input('endpoint-url'))

  if (skeleton === 'input' || skeleton === 'yaml-input') {
    // As with the CLI, the input skeletons ignore every other argument.
    return withEndpoint({ target: { kind: 'skeleton', format: skeleton }, region: '', wait }, endpoint)
  }

  const jobArn = input('job-arn')
  if (jobArn !== '') {
    const given = CREATE_INPUTS.filter(name => input(name, true) !== '')
    if (given.length > 0) {
      throw new InputError(
        'job-arn',
        `attaches to an existing import job, so it cannot be combined with ${given.join(', ')} (they only apply when creating a job)`,
      )
    }
    if (skeleton === 'output')
      throw new InputError(
        'generate-cli-skeleton',
        'output describes a job to create, so it cannot be combined with job-arn',
      )
    const problem = jobArnProblem(jobArn)
    if (problem) throw new InputError('job-arn', `${problem} (got ${quote(jobArn)})`)
    const region = readRegion(input('aws-region'), source.env, jobArnParts(jobArn)?.region, 'job-arn')
    return withEndpoint({ target: { kind: 'attach', jobArn }, region, wait }, endpoint)
  }

  const { request, importModeGiven } = readRequest(source, input)
  const derivedArn = deriveJobArn(request.datasetArn, request.jobName) ?? ''
  const region = readRegion(input('aws-region'), source.env, datasetArnParts(request.datasetArn)?.region, 'dataset-arn')
  const admission: Admission = {
    preflight: readBoolean(input('preflight'), 'preflight') ?? true,
    ifBusy: oneOf(input('if-busy'), 'if-busy', ['wait', 'fail'] as const) ?? 'wait',
  }
  const target: Target =
    skeleton === 'output'
      ? { kind: 'dry-run', request, jobArn: derivedArn }
      : { kind: 'create', request, jobArn: derivedArn, importModeGiven, admission }
  return withEndpoint({ target, region, wait }, endpoint)
}

function withEndpoint(config: Config, endpoint: string | undefined): Config {
  return endpoint === undefined ? config : { ...config, endpoint }
}

function readInput(source: InputEnvironment, name: string, multiline: boolean): string {
  const value = source.getInput(name).trim()
  if (!multiline && CONTROL_CHARACTERS.test(value))
    throw new InputError(name, 'must be one line without control characters')
  if (multiline && value.length > MAX_DOCUMENT_BYTES)
    throw new InputError(
      name,
      `must be at most ${MAX_DOCUMENT_BYTES / 1024} KiB (got ${Math.round(value.length / 1024)} KiB)`,
    )
  return value
}

type Reader = (name: string, multiline?: boolean) => string

function readRequest(source: InputEnvironment, input: Reader): { request: ImportRequest; importModeGiven: boolean } {
  const document = readCliInput(source, input)
  const fromDocument = (member: string): string => `${document.input} member "${member}"`
  const fields = document.fields

  // Explicit inputs override the document's members, as CLI arguments override --cli-input-json.
  const datasetArn = pick(input('dataset-arn'), 'dataset-arn', fields.datasetArn, fromDocument('datasetArn'))
  if (datasetArn === undefined)
    throw new InputError('dataset-arn', 'is required (or give datasetArn in cli-input-json / cli-input-yaml)')
  check(datasetArn, datasetArnProblem)

  const dataLocation = pick(
    input('data-location'),
    'data-location',
    fields.dataLocation,
    fromDocument('dataSource.dataLocation'),
  )
  if (dataLocation === undefined)
    throw new InputError(
      'data-location',
      'is required (or give dataSource.dataLocation in cli-input-json / cli-input-yaml)',
    )
  check(dataLocation, dataLocationProblem)

  const jobName = pick(input('job-name'), 'job-name', fields.jobName, fromDocument('jobName')) ?? {
    value: defaultJobName(runContext(source.env), datasetArn.value, dataLocation.value),
    input: 'job-name',
  }
  check(jobName, value => brokenRule(value, RULES.jobName))

  const request: ImportRequest = {
    jobName: jobName.value,
    datasetArn: datasetArn.value,
    dataSource: { dataLocation: dataLocation.value },
  }

  const roleArn = pick(input('role-arn'), 'role-arn', fields.roleArn, fromDocument('roleArn'))
  if (roleArn) {
    check(roleArn, value => brokenRule(value, RULES.roleArn))
    request.roleArn = roleArn.value
  }

  const tags = readTags(input('tags', true)) ?? fields.tags
  if (tags !== undefined) {
    const problem = tagsProblem(tags)
    // Tag problems name the position only: keys and values are sensitive.
    if (problem) throw new InputError(input('tags', true) === '' ? document.input : 'tags', problem)
    request.tags = tags
  }

  const modeText = input('import-mode')
  const importMode = modeText === '' ? fields.importMode : IMPORT_MODES.find(mode => mode === modeText.toUpperCase())
  if (modeText !== '' && importMode === undefined)
    throw new InputError('import-mode', `must be FULL or INCREMENTAL (got ${quote(modeText)})`)
  if (importMode !== undefined) request.importMode = importMode

  const publish =
    readBoolean(input('publish-attribution-metrics-to-s3'), 'publish-attribution-metrics-to-s3') ??
    fields.publishAttributionMetricsToS3
  if (publish !== undefined) request.publishAttributionMetricsToS3 = publish

  return { request, importModeGiven: importMode !== undefined }
}

interface Sourced {
  value: string
  input: string
}

function pick(
  inputValue: string,
  inputName: string,
  documentValue: string | undefined,
  documentName: string,
): Sourced | undefined {
  if (inputValue !== '') return { value: inputValue, input: inputName }
  if (documentValue !== undefined) return { value: documentValue, input: documentName }
  return undefined
}

function check(field: Sourced, problemOf: (value: string) => string | undefined): void {
  const problem = problemOf(field.value)
  if (problem) throw new InputError(field.input, `${problem} (got ${quote(field.value)})`)
}

function readCliInput(source: InputEnvironment, input: Reader): { input: string; fields: RequestFields } {
  const json = input('cli-input-json', true)
  const yaml = input('cli-input-yaml', true)
  if (json !== '' && yaml !== '')
    throw new InputError('cli-input-json', 'cannot be combined with cli-input-yaml (give one input document)')
  const [name, text, format]: [string, string, CliInputFormat] =
    json !== '' ? ['cli-input-json', json, 'json'] : ['cli-input-yaml', yaml, 'yaml']
  if (text === '') return { input: name, fields: {} }
  const documentText = text.startsWith('file://') ? readDocumentFile(source, name, text.slice('file://'.length)) : text
  try {
    return { input: name, fields: parseCliInput(documentText, format) }
  } catch (error) {
    if (error instanceof CliInputError) throw new InputError(name, error.message)
    throw error
  }
}

function readDocumentFile(source: InputEnvironment, name: string, path: string): string {
  let text: string
  try {
    text = source.readWorkspaceFile(path)
  } catch (error) {
    throw new InputError(name, `file://${path}: ${(error as Error).message}`)
  }
  if (text.length > MAX_DOCUMENT_BYTES)
    throw new InputError(name, `file://${path} must be at most ${MAX_DOCUMENT_BYTES / 1024} KiB`)
  return text
}

function readTags(text: string): ReturnType<typeof parseTags> | undefined {
  if (text === '') return undefined
  try {
    return parseTags(text)
  } catch (error) {
    if (error instanceof TagSyntaxError) throw new InputError('tags', error.message)
    throw error
  }
}

function readWaitSettings(input: Reader): WaitSettings {
  const enabled = readBoolean(input('wait'), 'wait') ?? true
  const timeoutMinutes = readNumber(input('wait-timeout-minutes'), 'wait-timeout-minutes', 120, {
    min: 0,
    minInclusive: false,
    max: MAX_TIMEOUT_MINUTES,
  })
  const pollSeconds = readNumber(input('poll-interval-seconds'), 'poll-interval-seconds', 30, {
    min: 1,
    minInclusive: true,
    max: MAX_POLL_SECONDS,
  })
  return { enabled, timeoutMs: Math.round(timeoutMinutes * 60_000), maxPauseMs: Math.round(pollSeconds * 1000) }
}

function readNumber(
  text: string,
  name: string,
  fallback: number,
  range: { min: number; minInclusive: boolean; max: number },
): number {
  if (text === '') return fallback
  const lowest = range.minInclusive ? `at least ${range.min}` : `greater than ${range.min}`
  const rule = `must be a number ${lowest} and at most ${range.max}`
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) throw new InputError(name, `${rule} (got ${quote(text)})`)
  const value = Number(text)
  const tooLow = range.minInclusive ? value < range.min : value <= range.min
  if (tooLow || value > range.max) throw new InputError(name, `${rule} (got ${quote(text)})`)
  return value
}

/** YAML 1.2 core booleans, as @actions/core's getBooleanInput accepts; empty means "not given". */
function readBoolean(text: string, name: string): boolean | undefined {
  if (text === '') return undefined
  if (['true', 'True', 'TRUE'].includes(text)) return true
  if (['false', 'False', 'FALSE'].includes(text)) return false
  throw new InputError(name, `must be true or false (got ${quote(text)})`)
}

function oneOf<T extends string>(text: string, name: string, allowed: readonly T[]): T | undefined {
  if (text === '') return undefined
  const match = allowed.find(value => value === text)
  if (match === undefined) throw new InputError(name, `must be one of ${allowed.join(', ')} (got ${quote(text)})`)
  return match
}

function readEndpoint(text: string): string | undefined {
  if (text === '') return undefined
  let url: URL | undefined
  try {
    url = new URL(text)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
    throw new InputError('endpoint-url', `must be an http:// or https:// URL (got ${quote(text)})`)
  return text
}

function readRegion(
  given: string,
  env: InputEnvironment['env'],
  fromArn: string | undefined,
  arnInput: string,
): string {
  const candidates: Array<[string, string | undefined]> = [
    ['aws-region', given],
    ['AWS_REGION', env.AWS_REGION],
    ['AWS_DEFAULT_REGION', env.AWS_DEFAULT_REGION],
    [arnInput, fromArn],
  ]
  for (const [origin, value] of candidates) {
    const region = value?.trim()
    if (!region) continue
    if (!REGION.test(region))
      throw new InputError(
        'aws-region',
        `must be an AWS region such as us-east-1 (got ${quote(region)} from ${origin})`,
      )
    // A dataset or job lives in one region; calling another can only end in "not found".
    if (fromArn && region !== fromArn) {
      throw new InputError(
        'aws-region',
        `${quote(region)} (from ${origin}) does not match the region of ${arnInput} (${fromArn}): set aws-region: ${fromArn}`,
      )
    }
    return region
  }
  throw new InputError(
    'aws-region',
    `is not set and could not be inferred: set aws-region, or AWS_REGION (configure-aws-credentials does), or give a full ${arnInput}`,
  )
}

function runContext(env: InputEnvironment['env']): RunContext {
  return {
    repository: env.GITHUB_REPOSITORY ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
  }
}

/** Echoed values are JSON-quoted and cut short, so no value can start a new log line or workflow command. */
function quote(value: string): string {
  const shown = [...value]
  return JSON.stringify(shown.length > 120 ? `${shown.slice(0, 120).join('')}...` : value)
}

/** `file://` paths resolve inside GITHUB_WORKSPACE, following symlinks, and may not leave it. */
export function workspaceFileReader(workspace: string): (path: string) => string {
  return path => {
    const root = realpathSync(workspace)
    const candidate = resolve(root, path)
    let real: string
    try {
      real = realpathSync(candidate)
    } catch {
      throw new Error(`no such file in the workspace (${JSON.stringify(relative(root, candidate))})`)
    }
    const inside = relative(root, real)
    if (inside.startsWith('..') || isAbsolute(inside)) throw new Error('is outside the workspace (GITHUB_WORKSPACE)')
    return readFileSync(real, 'utf8')
  }
}

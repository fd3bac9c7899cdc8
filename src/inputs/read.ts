import { isAbsolute } from 'node:path'
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
  type Tag,
  tagsProblem,
} from '../aws/model.js'
import { parseSchema, type Schema, SchemaError } from '../aws/schema.js'
import {
  type Admission,
  type CheckOnly,
  type Config,
  type DataSettings,
  type DatasetType,
  GATE_TAG_PREFIX,
  type GateSettings,
  type ImportEntry,
  type PreflightLevel,
  type StatusSettings,
  type Target,
  type WaitSettings,
} from '../config.js'
import { quote } from '../text.js'
import { CliInputError, type CliInputFormat, parseCliInput, type RequestFields, type YamlParser } from './cli-input.js'
import { readDataCheckMode } from './data-checks.js'
import { type DatasetInputs, DatasetsError, parseDatasets, parseJobNames, typeName } from './group.js'
import { defaultJobName, type RunContext } from './job-name.js'
import { CREATE_INPUTS, INPUTS, type InputName } from './names.js'
import {
  type InputEnvironment,
  InputError,
  MAX_DOCUMENT_BYTES,
  parseBoolean,
  parseNumber,
  readBoolean,
  readChoice,
  readDocument,
  readLine,
  readNumber,
  readUrl,
} from './source.js'
import { parseTags, TagSyntaxError } from './tags.js'

// Turns the raw strings the runner hands over into a validated Config, or throws an InputError naming the
// input and the rule; nothing reaches AWS before.

const MAX_TIMEOUT_MINUTES = 7200 // 5 days, the longest a self-hosted runner job may run
const MAX_POLL_SECONDS = 3600
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/

export async function readConfig(source: InputEnvironment): Promise<Config> {
  const skeleton = readChoice(source, INPUTS.generateCliSkeleton, ['input', 'yaml-input', 'output'] as const)
  const wait = readWaitSettings(source)
  const endpoint = readUrl(source, INPUTS.endpointUrl)
  const status = readStatusSettings(source)
  const withEndpoint = (config: Omit<Config, 'status'>): Config => ({
    ...config,
    status,
    ...(endpoint === undefined ? {} : { endpoint }),
  })

  if (skeleton === 'input' || skeleton === 'yaml-input') {
    // As with the CLI, the input skeletons ignore every other argument.
    return withEndpoint({ target: { kind: 'skeleton', format: skeleton }, region: '', wait })
  }
  const checkOnly = readBoolean(source, INPUTS.checkOnly) ?? false
  const jobArn = readLine(source, INPUTS.jobArn)
  if (checkOnly && (jobArn !== '' || skeleton === 'output')) {
    const other = jobArn !== '' ? 'job-arn (which attaches to a job)' : 'generate-cli-skeleton: output'
    throw new InputError(INPUTS.checkOnly, `cannot be combined with ${other}`)
  }
  const groupArn = readLine(source, INPUTS.datasetGroupArn)
  if (groupArn !== '')
    return withEndpoint(await readGroup(source, groupArn, { wait, checkOnly, dryRun: skeleton === 'output' }))
  for (const name of [INPUTS.datasets, INPUTS.jobNames]) {
    if (readDocument(source, name) !== '')
      throw new InputError(name, 'needs dataset-group-arn (the group it names datasets of)')
  }
  if (jobArn !== '') return withEndpoint(readAttach(source, jobArn, wait, skeleton === 'output'))

  const data = readDataSettings(source)
  if (checkOnly) return withEndpoint(await readCheckOnly(source, wait, data))
  if (skeleton !== 'output') {
    const byName = await readAttachByName(source, wait)
    if (byName) return withEndpoint(byName)
  }
  const { request, importModeGiven } = await readRequest(source)
  const jobArnOfRequest = deriveJobArn(request.datasetArn, request.jobName) ?? ''
  const region = readRegion(source, datasetArnParts(request.datasetArn)?.region, INPUTS.datasetArn)
  const entry: ImportEntry = {
    request,
    jobArn: jobArnOfRequest,
    importModeGiven,
    admission: readAdmission(source, gateInputs(source), request),
    data,
  }
  const target: Target =
    skeleton === 'output' ? { kind: 'dry-run', request, jobArn: jobArnOfRequest } : { kind: 'create', entries: [entry] }
  return withEndpoint({ target, region, wait })
}

/**
 * job-name without data-location (given or in the CLI input document): wait for that job of dataset-arn. An ARN
 * holds the account ID, which the runner drops from job outputs when it is masked; a name passes from job to job.
 */
async function readAttachByName(
  source: InputEnvironment,
  wait: WaitSettings,
): Promise<Omit<Config, 'status'> | undefined> {
  const { datasetArn, dataLocation, pick, document } = await readTargetFields(source)
  const jobName = pick(INPUTS.jobName, document.fields.jobName, 'jobName')
  if (!jobName || dataLocation || !datasetArn) return undefined
  checkField(datasetArn, datasetArnProblem)
  checkField(jobName, value => brokenRule(value, RULES.jobName))
  const creating: InputName[] = [
    INPUTS.roleArn,
    INPUTS.tags,
    INPUTS.importMode,
    INPUTS.publishAttributionMetricsToS3,
    INPUTS.maxShrinkPercent,
  ]
  const given = creating.filter(name => readDocument(source, name) !== '')
  if (readBoolean(source, INPUTS.skipUnchanged)) given.push(INPUTS.skipUnchanged)
  if (given.length > 0) {
    throw new InputError(
      INPUTS.jobName,
      `without data-location attaches to that job of dataset-arn, so it cannot be combined with ${given.join(', ')} ` +
        '(give data-location to create the job)',
    )
  }
  const region = readRegion(source, datasetArnParts(datasetArn.value)?.region, INPUTS.datasetArn)
  const jobArn = deriveJobArn(datasetArn.value, jobName.value) ?? ''
  return { target: { kind: 'attach', jobs: [{ jobArn, jobName: jobName.value }] }, region, wait }
}

/** check-only: the dataset and the data location are optional; without a dataset, local data and its schema. */
async function readCheckOnly(
  source: InputEnvironment,
  wait: WaitSettings,
  data: DataSettings,
): Promise<Omit<Config, 'status'>> {
  const fields = await readTargetFields(source)
  const check: CheckOnly = { importModeGiven: fields.importMode !== undefined, data }
  if (fields.datasetArn) {
    checkField(fields.datasetArn, datasetArnProblem)
    check.datasetArn = fields.datasetArn.value
  }
  if (fields.dataLocation) {
    checkField(fields.dataLocation, dataLocationProblem)
    check.dataLocation = fields.dataLocation.value
  }
  if (fields.importMode) check.importMode = fields.importMode
  if (!check.datasetArn && (data.localData.length === 0 || !data.schema)) {
    throw new InputError(
      INPUTS.checkOnly,
      'without dataset-arn checks local-data against schema-file, so it needs both (there is nothing else to check)',
    )
  }
  const region = check.datasetArn
    ? readRegion(source, datasetArnParts(check.datasetArn)?.region, INPUTS.datasetArn)
    : ''
  return {
    target: { kind: 'check', checks: [check], admission: readAdmission(source, gateInputs(source)) },
    region,
    wait,
  }
}

const MAX_LOCAL_PATTERNS = 100

/** local-data (paths or globs inside the workspace, one per line) and schema-file (an Avro schema, parsed now). */
function readDataSettings(source: InputEnvironment): DataSettings {
  return dataSettings(source, readDocument(source, INPUTS.localData), readLine(source, INPUTS.schemaFile), {
    localData: INPUTS.localData,
    schemaFile: INPUTS.schemaFile,
  })
}

/** The data settings from their texts; `names` say what to call them in errors (inputs, or a group's entry). */
function dataSettings(
  source: InputEnvironment,
  localData: string,
  schemaPath: string,
  names: { localData: string; schemaFile: string },
): DataSettings {
  const patterns = localData
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line !== '' && !line.startsWith('#'))
  if (patterns.length > MAX_LOCAL_PATTERNS) {
    throw new InputError(names.localData, `must have at most ${MAX_LOCAL_PATTERNS} lines (got ${patterns.length})`)
  }
  for (const [index, pattern] of patterns.entries()) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters in a path are refused
    if (isAbsolute(pattern) || pattern.split(/[\\/]/).includes('..') || /[\u0000-\u001f]/.test(pattern)) {
      throw new InputError(
        names.localData,
        `line ${index + 1} must be a path or glob inside the workspace (relative, without ..) (got ${quote(pattern)})`,
      )
    }
  }
  return {
    localData: patterns,
    ...(schemaPath === '' ? {} : { schema: readSchemaFile(source, schemaPath, names.schemaFile) }),
  }
}

function readSchemaFile(source: InputEnvironment, path: string, name: string): Schema {
  let text: string
  try {
    text = source.readWorkspaceFile(path)
  } catch (error) {
    throw new InputError(name, `${quote(path)}: ${(error as Error).message}`)
  }
  try {
    return parseSchema(text)
  } catch (error) {
    if (error instanceof SchemaError) throw new InputError(name, `${quote(path)} ${error.message}`)
    throw error
  }
}

function readAttach(
  source: InputEnvironment,
  jobArn: string,
  wait: WaitSettings,
  dryRun: boolean,
): Omit<Config, 'status'> {
  const given = CREATE_INPUTS.filter(name => readDocument(source, name) !== '')
  // skip-unchanged has a default (false): only true asks for what job-arn cannot do.
  if (readBoolean(source, INPUTS.skipUnchanged)) given.push(INPUTS.skipUnchanged)
  if (given.length > 0) {
    throw new InputError(
      INPUTS.jobArn,
      `attaches to an existing import job, so it cannot be combined with ${given.join(', ')} ` +
        '(they only apply when creating a job)',
    )
  }
  if (dryRun) {
    throw new InputError(
      INPUTS.generateCliSkeleton,
      'output describes a job to create, so it cannot be combined with job-arn',
    )
  }
  const problem = jobArnProblem(jobArn)
  if (problem) throw new InputError(INPUTS.jobArn, `${problem} (got ${quote(jobArn)})`)
  const parts = jobArnParts(jobArn)
  const region = readRegion(source, parts?.region, INPUTS.jobArn)
  return { target: { kind: 'attach', jobs: [{ jobArn, jobName: parts?.jobName ?? jobArn }] }, region, wait }
}

/** commit-status and the token it posts with; the token is masked in the log at once. */
function readStatusSettings(source: InputEnvironment): StatusSettings {
  const enabled = readBoolean(source, INPUTS.commitStatus) ?? false
  const token = readLine(source, INPUTS.githubToken)
  if (enabled && token === '') {
    throw new InputError(
      INPUTS.githubToken,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression the user should see
      'is required with commit-status: true (the default is ${{ github.token }})',
    )
  }
  return { enabled, token }
}

function readAdmission(source: InputEnvironment, gate: GateInputs, request?: ImportRequest): Admission {
  const preflight = readPreflight(source)
  return {
    preflight,
    ifBusy: readChoice(source, INPUTS.ifBusy, ['wait', 'fail'] as const) ?? 'wait',
    gate: readGate(gate, request),
    dataChecks: readDataCheckMode(source, preflight),
  }
}

/** The texts of skip-unchanged and max-shrink-percent, and what to call each in an error. */
interface GateInputs {
  skipUnchanged: { text: string; name: string }
  maxShrinkPercent: { text: string; name: string }
}

function gateInputs(source: InputEnvironment): GateInputs {
  return {
    skipUnchanged: { text: readLine(source, INPUTS.skipUnchanged), name: INPUTS.skipUnchanged },
    maxShrinkPercent: { text: readLine(source, INPUTS.maxShrinkPercent), name: INPUTS.maxShrinkPercent },
  }
}

/** skip-unchanged and max-shrink-percent compare the objects of an s3:// location with earlier imports'. */
function readGate(inputs: GateInputs, request: ImportRequest | undefined): GateSettings {
  const skipUnchanged = parseBoolean(inputs.skipUnchanged.text, inputs.skipUnchanged.name) ?? false
  const shrink = inputs.maxShrinkPercent
  const maxShrinkPercent =
    shrink.text === '' ? undefined : parseNumber(shrink.text, shrink.name, 0, { min: 0, minInclusive: false, max: 100 })
  const location = request?.dataSource.dataLocation ?? ''
  for (const [on, name] of [
    [skipUnchanged, inputs.skipUnchanged.name],
    [maxShrinkPercent !== undefined, shrink.name],
  ] as const) {
    if (on && request && !location.startsWith('s3://')) {
      throw new InputError(name, `needs an s3:// data-location, whose objects it compares (got ${quote(location)})`)
    }
  }
  return { skipUnchanged, ...(maxShrinkPercent === undefined ? {} : { maxShrinkPercent }) }
}

/** true (everything), dataset (all but the data) or false (nothing); the booleans as YAML 1.2 spells them. */
function readPreflight(source: InputEnvironment): PreflightLevel {
  const text = readLine(source, INPUTS.preflight)
  if (text === '' || ['true', 'True', 'TRUE'].includes(text)) return 'all'
  if (['false', 'False', 'FALSE'].includes(text)) return 'off'
  if (text === 'dataset') return 'dataset'
  throw new InputError(INPUTS.preflight, `must be true, dataset or false (got ${quote(text)})`)
}

function readWaitSettings(source: InputEnvironment): WaitSettings {
  const enabled = readBoolean(source, INPUTS.wait) ?? true
  const timeoutMinutes = readNumber(source, INPUTS.waitTimeoutMinutes, 120, {
    min: 0,
    minInclusive: false,
    max: MAX_TIMEOUT_MINUTES,
  })
  const pollSeconds = readNumber(source, INPUTS.pollIntervalSeconds, 30, {
    min: 1,
    minInclusive: true,
    max: MAX_POLL_SECONDS,
  })
  return { enabled, timeoutMs: Math.round(timeoutMinutes * 60_000), maxPauseMs: Math.round(pollSeconds * 1000) }
}

/** A value and where it came from: an input, or a member of the CLI input document. */
interface Sourced {
  value: string
  input: string
}

/** The request's members from the inputs and the CLI input document; explicit inputs win, as in the CLI. */
interface TargetFields {
  document: { input: string; fields: RequestFields }
  pick(name: InputName, fromDocument: string | undefined, member: string): Sourced | undefined
  datasetArn?: Sourced
  dataLocation?: Sourced
  importMode?: ImportRequest['importMode']
}

async function readTargetFields(source: InputEnvironment): Promise<TargetFields> {
  const document = await readCliInput(source)
  const fields = document.fields
  // Explicit inputs override the document's members, as CLI arguments override --cli-input-json.
  const pick = (name: InputName, fromDocument: string | undefined, member: string): Sourced | undefined => {
    const given = readLine(source, name)
    if (given !== '') return { value: given, input: name }
    return fromDocument === undefined
      ? undefined
      : { value: fromDocument, input: `${document.input} member "${member}"` }
  }
  const datasetArn = pick(INPUTS.datasetArn, fields.datasetArn, 'datasetArn')
  const dataLocation = pick(INPUTS.dataLocation, fields.dataLocation, 'dataSource.dataLocation')
  const importMode = readImportMode(source, fields)
  return {
    document,
    pick,
    ...(datasetArn ? { datasetArn } : {}),
    ...(dataLocation ? { dataLocation } : {}),
    ...(importMode ? { importMode } : {}),
  }
}

async function readRequest(source: InputEnvironment): Promise<{ request: ImportRequest; importModeGiven: boolean }> {
  const { document, pick, datasetArn, dataLocation, importMode } = await readTargetFields(source)
  const fields = document.fields
  if (datasetArn === undefined) {
    throw new InputError(INPUTS.datasetArn, 'is required (or give datasetArn in cli-input-json / cli-input-yaml)')
  }
  checkField(datasetArn, datasetArnProblem)

  if (dataLocation === undefined) {
    throw new InputError(
      INPUTS.dataLocation,
      'is required (or give dataSource.dataLocation in cli-input-json / cli-input-yaml)',
    )
  }
  checkField(dataLocation, dataLocationProblem)

  const jobName = pick(INPUTS.jobName, fields.jobName, 'jobName') ?? {
    value: defaultJobName(runContext(source.env), datasetArn.value, dataLocation.value),
    input: INPUTS.jobName,
  }
  checkField(jobName, value => brokenRule(value, RULES.jobName))

  const request: ImportRequest = {
    jobName: jobName.value,
    datasetArn: datasetArn.value,
    dataSource: { dataLocation: dataLocation.value },
  }
  const roleArn = pick(INPUTS.roleArn, fields.roleArn, 'roleArn')
  if (roleArn) {
    checkField(roleArn, value => brokenRule(value, RULES.roleArn))
    request.roleArn = roleArn.value
  }
  const tags = withProvenance(source, readRequestTags(source, document.input, fields))
  if (tags !== undefined) request.tags = tags
  if (importMode !== undefined) request.importMode = importMode
  const publish = readBoolean(source, INPUTS.publishAttributionMetricsToS3) ?? fields.publishAttributionMetricsToS3
  if (publish !== undefined) request.publishAttributionMetricsToS3 = publish
  return { request, importModeGiven: importMode !== undefined }
}

/** The service's limit of tags per resource (the model allows 200). */
const SERVICE_TAG_LIMIT = 50

/**
 * provenance-tags: github:repository, github:sha, github:run-id and github:workflow, from the run's environment
 * (what @actions/github's context reads), made to fit the tag value rules; a tag the user sets with the same key wins.
 */
function withProvenance(source: InputEnvironment, tags: Tag[] | undefined): Tag[] | undefined {
  if (!(readBoolean(source, INPUTS.provenanceTags) ?? false)) return tags
  const env = source.env
  const provenance: Array<[string, string | undefined]> = [
    ['github:repository', env.GITHUB_REPOSITORY],
    ['github:sha', env.GITHUB_SHA],
    ['github:run-id', env.GITHUB_RUN_ID],
    ['github:workflow', env.GITHUB_WORKFLOW],
  ]
  const given = tags ?? []
  const added = provenance
    .filter(([key, value]) => value && !given.some(tag => tag.tagKey === key))
    .map(([tagKey, value]) => ({ tagKey, tagValue: fitTagValue(value ?? '') }))
  const all = [...given, ...added]
  if (all.length > SERVICE_TAG_LIMIT) {
    throw new InputError(
      INPUTS.provenanceTags,
      `adds ${added.length} tags to the ${given.length} given, and Personalize allows ${SERVICE_TAG_LIMIT} per resource`,
    )
  }
  return all
}

/** A value the tag rules accept: letters, digits, spaces and _.:/=+-@ (others become _), at most 256 characters. */
function fitTagValue(value: string): string {
  return [...value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_')].slice(0, 256).join('')
}

function checkField(field: Sourced, problemOf: (value: string) => string | undefined): void {
  const problem = problemOf(field.value)
  if (problem) throw new InputError(field.input, `${problem} (got ${quote(field.value)})`)
}

function readImportMode(source: InputEnvironment, fields: RequestFields): ImportRequest['importMode'] {
  const text = readLine(source, INPUTS.importMode)
  if (text === '') return fields.importMode
  const mode = IMPORT_MODES.find(value => value === text.toUpperCase())
  if (mode === undefined) throw new InputError(INPUTS.importMode, `must be FULL or INCREMENTAL (got ${quote(text)})`)
  return mode
}

function readRequestTags(
  source: InputEnvironment,
  documentInput: string,
  fields: RequestFields,
): ImportRequest['tags'] {
  const text = readDocument(source, INPUTS.tags)
  let tags = fields.tags
  if (text !== '') {
    try {
      tags = parseTags(text)
    } catch (error) {
      if (error instanceof TagSyntaxError) throw new InputError(INPUTS.tags, error.message)
      throw error
    }
  }
  if (tags === undefined) return undefined
  const problem = tagsProblem(tags)
  // Tag problems name the position only: keys and values are sensitive.
  const input = text === '' ? documentInput : INPUTS.tags
  if (problem) throw new InputError(input, problem)
  const reserved = tags.findIndex(tag => tag.tagKey.startsWith(GATE_TAG_PREFIX))
  if (reserved >= 0) {
    throw new InputError(
      input,
      `tag ${reserved + 1} has a key that begins with ${GATE_TAG_PREFIX}, which this action keeps for the tags of ` +
        'its retraining gate (the data fingerprint and size that skip-unchanged and max-shrink-percent compare)',
    )
  }
  return tags
}

async function readCliInput(source: InputEnvironment): Promise<{ input: string; fields: RequestFields }> {
  const json = readDocument(source, INPUTS.cliInputJson)
  const yaml = readDocument(source, INPUTS.cliInputYaml)
  if (json !== '' && yaml !== '') {
    throw new InputError(INPUTS.cliInputJson, 'cannot be combined with cli-input-yaml (give one input document)')
  }
  const [name, text, format]: [InputName, string, CliInputFormat] =
    json !== '' ? [INPUTS.cliInputJson, json, 'json'] : [INPUTS.cliInputYaml, yaml, 'yaml']
  if (text === '') return { input: name, fields: {} }
  const documentText = text.startsWith('file://') ? readDocumentFile(source, name, text.slice('file://'.length)) : text
  // js-yaml is loaded only for YAML documents: most runs never need it.
  const parseYaml: YamlParser | undefined = format === 'yaml' ? (await import('./yaml.js')).parseYaml : undefined
  try {
    return { input: name, fields: parseCliInput(documentText, format, parseYaml) }
  } catch (error) {
    if (error instanceof CliInputError) throw new InputError(name, error.message)
    throw error
  }
}

function readDocumentFile(source: InputEnvironment, name: InputName, path: string): string {
  let text: string
  try {
    text = source.readWorkspaceFile(path)
  } catch (error) {
    throw new InputError(name, `file://${path}: ${(error as Error).message}`)
  }
  if (text.length > MAX_DOCUMENT_BYTES) {
    throw new InputError(name, `file://${path} must be at most ${MAX_DOCUMENT_BYTES / 1024} KiB`)
  }
  return text
}

function readRegion(source: InputEnvironment, fromArn: string | undefined, arnInput: InputName): string {
  const candidates: Array<[string, string | undefined]> = [
    [INPUTS.awsRegion, readLine(source, INPUTS.awsRegion)],
    ['AWS_REGION', source.env.AWS_REGION],
    ['AWS_DEFAULT_REGION', source.env.AWS_DEFAULT_REGION],
    [arnInput, fromArn],
  ]
  for (const [origin, value] of candidates) {
    const region = value?.trim()
    if (!region) continue
    if (!REGION.test(region)) {
      throw new InputError(
        INPUTS.awsRegion,
        `must be an AWS region such as us-east-1 (got ${quote(region)} from ${origin})`,
      )
    }
    // A dataset or job lives in one region; calling another can only end in "not found".
    if (fromArn && region !== fromArn) {
      throw new InputError(
        INPUTS.awsRegion,
        `${quote(region)} (from ${origin}) does not match the region of ${arnInput} (${fromArn}): ` +
          `set aws-region: ${fromArn}`,
      )
    }
    return region
  }
  throw new InputError(
    INPUTS.awsRegion,
    `is not set and could not be inferred: set aws-region, or AWS_REGION (configure-aws-credentials does), ` +
      `or give a full ${arnInput}`,
  )
}

const GROUP_ARN = /^arn:([a-z\d-]+):personalize:([a-z0-9-]+):(\d{12}):dataset-group\/([^/]+)$/

/**
 * dataset-group-arn: every dataset of `datasets` (or, with job-names, the jobs of an earlier step). Each dataset's
 * ARN is the group's, `dataset/<group name>/<TYPE>`; the group's inputs apply to each dataset that does not set
 * its own.
 */
async function readGroup(
  source: InputEnvironment,
  groupArn: string,
  mode: { wait: WaitSettings; checkOnly: boolean; dryRun: boolean },
): Promise<Omit<Config, 'status'>> {
  const exclusive = [INPUTS.datasetArn, INPUTS.dataLocation, INPUTS.cliInputJson, INPUTS.cliInputYaml, INPUTS.jobArn]
  const given = exclusive.filter(name => readDocument(source, name) !== '')
  if (given.length > 0) {
    throw new InputError(
      INPUTS.datasetGroupArn,
      `cannot be combined with ${given.join(', ')} (each dataset's ARN follows from the group's; datasets gives the data)`,
    )
  }
  if (mode.dryRun)
    throw new InputError(
      INPUTS.generateCliSkeleton,
      'output describes one job, so it cannot be combined with dataset-group-arn',
    )
  const parts = GROUP_ARN.exec(groupArn)
  if (!parts || [...groupArn].length > 256) {
    throw new InputError(
      INPUTS.datasetGroupArn,
      `must be a dataset group ARN: arn:PARTITION:personalize:REGION:ACCOUNT:dataset-group/NAME (got ${quote(groupArn)})`,
    )
  }
  const [, partition = '', arnRegion = '', account = '', name = ''] = parts
  const group = { arn: groupArn, name }
  const region = readRegion(source, arnRegion, INPUTS.datasetGroupArn)
  const datasetArn = (type: DatasetType) =>
    `arn:${partition}:personalize:${arnRegion}:${account}:dataset/${name}/${type}`
  const jobNames = readDocument(source, INPUTS.jobNames)
  if (jobNames !== '') {
    return { target: readGroupAttach(source, jobNames, mode.checkOnly, datasetArn, group), region, wait: mode.wait }
  }
  for (const name of [INPUTS.localData, INPUTS.schemaFile]) {
    if (readDocument(source, name) !== '') {
      throw new InputError(name, "with dataset-group-arn goes in each dataset's entry of datasets")
    }
  }
  const entries = await readDatasets(source)
  if (mode.checkOnly) {
    const checks = entries.map(entry => groupCheck(source, entry, datasetArn(entry.type)))
    return {
      target: { kind: 'check', checks, admission: readAdmission(source, gateInputs(source)), group },
      region,
      wait: mode.wait,
    }
  }
  const imports = entries.map(entry => groupEntry(source, entry, datasetArn(entry.type)))
  return { target: { kind: 'create', entries: imports, group }, region, wait: mode.wait }
}

/** job-names with dataset-group-arn: wait for the jobs an earlier step created (names survive masking; ARNs not). */
function readGroupAttach(
  source: InputEnvironment,
  text: string,
  checkOnly: boolean,
  datasetArn: (type: DatasetType) => string,
  group: { arn: string; name: string },
): Target {
  if (readDocument(source, INPUTS.datasets) !== '' || checkOnly) {
    const other = checkOnly ? 'check-only' : 'datasets'
    throw new InputError(
      INPUTS.jobNames,
      `waits for the jobs of an earlier step, so it cannot be combined with ${other}`,
    )
  }
  let names: ReturnType<typeof parseJobNames>
  try {
    names = parseJobNames(text)
  } catch (error) {
    if (error instanceof DatasetsError) throw new InputError(INPUTS.jobNames, error.message)
    throw error
  }
  const jobs = names.map(({ type, jobName }) => {
    const problem = brokenRule(jobName, RULES.jobName)
    if (problem) throw new InputError(INPUTS.jobNames, `${typeName(type)}: the job name ${problem}`)
    return { type, jobName, jobArn: deriveJobArn(datasetArn(type), jobName) ?? '' }
  })
  return { kind: 'attach', jobs, group }
}

/** `datasets`, parsed (YAML, loaded only now) into each dataset's own inputs. */
async function readDatasets(source: InputEnvironment): Promise<DatasetInputs[]> {
  const text = readDocument(source, INPUTS.datasets)
  if (text === '') {
    throw new InputError(
      INPUTS.datasets,
      "is required with dataset-group-arn (or give job-names to wait for an earlier step's jobs)",
    )
  }
  const { parseYaml } = await import('./yaml.js')
  try {
    return parseDatasets(parseYaml(text))
  } catch (error) {
    if (error instanceof DatasetsError || error instanceof CliInputError)
      throw new InputError(INPUTS.datasets, error.message)
    throw error
  }
}

/** One dataset of the group to import: its inputs, or else the group's. */
function groupEntry(source: InputEnvironment, inputs: DatasetInputs, datasetArn: string): ImportEntry {
  const member = (key: string) => `${INPUTS.datasets} ${quote(inputs.key)} ${key}`
  const location = inputs.dataLocation ?? ''
  if (location === '') throw new InputError(INPUTS.datasets, `${quote(inputs.key)}: data-location is required`)
  checkField({ value: location, input: member('data-location') }, dataLocationProblem)
  const importMode = entryImportMode(source, inputs, member('import-mode'))
  const request: ImportRequest = {
    jobName: entryJobName(source, inputs, datasetArn, location, member('job-name')),
    datasetArn,
    dataSource: { dataLocation: location },
  }
  const roleArn = inputs.roleArn ?? readLine(source, INPUTS.roleArn)
  if (roleArn !== '') {
    checkField({ value: roleArn, input: inputs.roleArn ? member('role-arn') : INPUTS.roleArn }, value =>
      brokenRule(value, RULES.roleArn),
    )
    request.roleArn = roleArn
  }
  const tags = withProvenance(source, readRequestTags(source, INPUTS.tags, {}))
  if (tags !== undefined) request.tags = tags
  if (importMode !== undefined) request.importMode = importMode
  const publish =
    inputs.publishAttributionMetricsToS3 === undefined
      ? readBoolean(source, INPUTS.publishAttributionMetricsToS3)
      : parseBoolean(inputs.publishAttributionMetricsToS3, member('publish-attribution-metrics-to-s3'))
  if (publish !== undefined) request.publishAttributionMetricsToS3 = publish
  return {
    type: inputs.type,
    request,
    jobArn: deriveJobArn(datasetArn, request.jobName) ?? '',
    importModeGiven: importMode !== undefined,
    admission: readAdmission(source, entryGateInputs(source, inputs, member), request),
    data: entryData(source, inputs, member),
  }
}

/** One dataset of the group to check: its data location (optional) and its local data. */
function groupCheck(source: InputEnvironment, inputs: DatasetInputs, datasetArn: string): CheckOnly {
  const member = (key: string) => `${INPUTS.datasets} ${quote(inputs.key)} ${key}`
  const check: CheckOnly = {
    type: inputs.type,
    datasetArn,
    importModeGiven: false,
    data: entryData(source, inputs, member),
  }
  if (inputs.dataLocation) {
    checkField({ value: inputs.dataLocation, input: member('data-location') }, dataLocationProblem)
    check.dataLocation = inputs.dataLocation
  }
  const importMode = entryImportMode(source, inputs, member('import-mode'))
  if (importMode) {
    check.importMode = importMode
    check.importModeGiven = true
  }
  return check
}

function entryImportMode(source: InputEnvironment, inputs: DatasetInputs, name: string): ImportRequest['importMode'] {
  if (inputs.importMode === undefined) return readImportMode(source, {})
  const mode = IMPORT_MODES.find(value => value === inputs.importMode?.trim().toUpperCase())
  if (mode === undefined) throw new InputError(name, `must be FULL or INCREMENTAL (got ${quote(inputs.importMode)})`)
  return mode
}

/** The dataset's job-name; else the group's with the type (`nightly-items`); else the default with the type. */
function entryJobName(
  source: InputEnvironment,
  inputs: DatasetInputs,
  datasetArn: string,
  location: string,
  name: string,
): string {
  const groupName = readLine(source, INPUTS.jobName)
  const jobName =
    inputs.jobName?.trim() ||
    (groupName !== ''
      ? `${groupName}-${typeName(inputs.type)}`
      : defaultJobName(runContext(source.env), datasetArn, location, typeName(inputs.type)))
  checkField({ value: jobName, input: inputs.jobName ? name : INPUTS.jobName }, value =>
    brokenRule(value, RULES.jobName),
  )
  return jobName
}

function entryGateInputs(source: InputEnvironment, inputs: DatasetInputs, member: (key: string) => string): GateInputs {
  const group = gateInputs(source)
  return {
    skipUnchanged:
      inputs.skipUnchanged === undefined
        ? group.skipUnchanged
        : { text: inputs.skipUnchanged, name: member('skip-unchanged') },
    maxShrinkPercent:
      inputs.maxShrinkPercent === undefined
        ? group.maxShrinkPercent
        : { text: inputs.maxShrinkPercent, name: member('max-shrink-percent') },
  }
}

function entryData(source: InputEnvironment, inputs: DatasetInputs, member: (key: string) => string): DataSettings {
  return dataSettings(source, inputs.localData ?? '', inputs.schemaFile?.trim() ?? '', {
    localData: member('local-data'),
    schemaFile: member('schema-file'),
  })
}

function runContext(env: InputEnvironment['env']): RunContext {
  return {
    repository: env.GITHUB_REPOSITORY ?? '',
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
  }
}

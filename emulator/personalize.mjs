// @ts-check
// The service half of the Personalize emulator: datasets, schemas and import jobs, with the rules the service
// enforces (the model's constraints, unique job names, dataset status, one running import per dataset, the
// regional quota of 5 running imports, INCREMENTAL only after a completed bulk import). A job's status moves by what
// it is asked, never by the clock: each DescribeDatasetImportJob of it answers, then moves it one step (or a test
// ends it with finishJob), so a test sees the same statuses on an idle machine and a starved one.
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { FaultPlan, faultError, LoopbackServer, readBody, ServiceError, send, sigV4Scope } from './http.mjs'

// These patterns repeat src/aws/model.ts on purpose: the emulator stands in for the service, so it must not
// share code with the client whose requests it judges. A drift between the two shows up as a failing test.
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/
const ARN = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/
const ROLE_ARN = /^arn:([a-z\d-]+):iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/
const LOCATION = /^(s3|http|https):\/\/.+$/
const TAG = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u
const DATASET_ARN = /^arn:([a-z\d-]+):personalize:([a-z0-9-]+):(\d{12}):dataset\/([^/]+)\/([A-Za-z_]+)$/
const IN_FLIGHT = new Set(['CREATE PENDING', 'CREATE IN_PROGRESS'])
export const REGIONAL_IMPORT_QUOTA = 5
export const SERVICE_TAG_LIMIT = 50

/**
 * @typedef {{
 *   pendingReads: number,
 *   inProgressReads: number,
 *   outcome: 'ACTIVE' | 'CREATE FAILED',
 *   hold?: boolean,
 *   failureReason?: string,
 *   hiddenReads?: number,
 *   oddStatus?: unknown,
 *   listWithoutArn?: boolean,
 * }} JobScript
 *   `pendingReads`: Describe reads answered CREATE PENDING, then `inProgressReads` answered CREATE IN_PROGRESS,
 *   then the outcome; `hold`: the job stays where those reads leave it (CREATE PENDING without in-progress reads)
 *   until finishJob ends it;
 *   `hiddenReads`: Describe answers ResourceNotFoundException this many times first (eventual consistency);
 *   `oddStatus`: the status value Describe returns while the job runs (a number, an object...);
 *   `listWithoutArn`: ListDatasetImportJobs leaves out the job's ARN.
 * @typedef {{ jobName: string, datasetArn: string, dataSource: { dataLocation: string }, roleArn?: string,
 *   importMode?: string, publishAttributionMetricsToS3?: boolean, tags?: unknown[] }} JobRequest
 * @typedef {{ arn: string, region: string, request: JobRequest, script: JobScript, createdAt: number, reads: number,
 *   hidden: number, ended?: 'ACTIVE' | 'CREATE FAILED', shown?: string, since: number }} JobRecord
 *   `reads`: Describe answers given; `ended`: set by finishJob; `shown` and `since`: the last status and when it
 *   began (lastUpdatedDateTime).
 * @typedef {{ arn: string, region: string, account: string, group: string, type: string, finalStatus: string,
 *   sequence: string[], createdAt: number, schemaArn: string }} DatasetRecord
 *   `sequence`: the statuses DescribeDataset answers first, one a read, before `finalStatus`.
 * @typedef {{ arn: string, name: string, schema: string, createdAt: number }} SchemaRecord
 * @typedef {{ operation: string, body: any, headers: import('node:http').IncomingHttpHeaders, at: number }} RecordedRequest
 */

/** One read shows the job CREATE PENDING, the next ACTIVE: a wait that sees both, and takes one pause. */
/** @type {JobScript} */
const DEFAULT_SCRIPT = { pendingReads: 1, inProgressReads: 0, outcome: 'ACTIVE' }
/** A job that exists before the test: it ended long ago. */
/** @type {JobScript} */
const ENDED_SCRIPT = { pendingReads: 0, inProgressReads: 0, outcome: 'ACTIVE' }

/** Avro schemas with the required fields of each dataset type, as `create-schema` takes them. */
export const DEFAULT_SCHEMAS = /** @type {Record<string, object>} */ ({
  INTERACTIONS: {
    type: 'record',
    name: 'Interactions',
    namespace: 'com.amazonaws.personalize.schema',
    fields: [
      { name: 'USER_ID', type: 'string' },
      { name: 'ITEM_ID', type: 'string' },
      { name: 'TIMESTAMP', type: 'long' },
    ],
    version: '1.0',
  },
  ITEMS: {
    type: 'record',
    name: 'Items',
    namespace: 'com.amazonaws.personalize.schema',
    fields: [
      { name: 'ITEM_ID', type: 'string' },
      { name: 'GENRES', type: ['null', 'string'], categorical: true },
    ],
    version: '1.0',
  },
  USERS: {
    type: 'record',
    name: 'Users',
    namespace: 'com.amazonaws.personalize.schema',
    fields: [
      { name: 'USER_ID', type: 'string' },
      { name: 'AGE', type: ['null', 'int'] },
    ],
    version: '1.0',
  },
  ACTIONS: {
    type: 'record',
    name: 'Actions',
    namespace: 'com.amazonaws.personalize.schema',
    fields: [
      { name: 'ACTION_ID', type: 'string' },
      { name: 'VALUE', type: ['null', 'long'] },
    ],
    version: '1.0',
  },
  ACTION_INTERACTIONS: {
    type: 'record',
    name: 'ActionInteractions',
    namespace: 'com.amazonaws.personalize.schema',
    fields: [
      { name: 'USER_ID', type: 'string' },
      { name: 'ACTION_ID', type: 'string' },
      { name: 'TIMESTAMP', type: 'long' },
      { name: 'EVENT_TYPE', type: 'string' },
    ],
    version: '1.0',
  },
})

const invalid = (/** @type {string} */ message) => new ServiceError('InvalidInputException', message)

export class PersonalizeEmulator {
  constructor() {
    /** @type {RecordedRequest[]} */
    this.requests = []
    /** @type {Map<string, DatasetRecord>} */
    this.datasets = new Map()
    /** @type {Map<string, SchemaRecord>} */
    this.schemas = new Map()
    /** @type {Map<string, JobRecord>} by job ARN */
    this.jobs = new Map()
    /** @type {JobScript} */
    this.defaultScript = { ...DEFAULT_SCRIPT }
    /** @type {Map<string, Partial<JobScript>>} by job name */
    this.scripts = new Map()
    this.faults = new FaultPlan()
    this.server = new LoopbackServer((req, res) => this.handle(req, res))
  }

  get url() {
    return this.server.url
  }

  /** @param {number} [port] */
  async start(port = 0) {
    await this.server.listen(port)
    return this
  }

  async close() {
    await this.server.close()
  }

  /** Forget jobs, requests, scripts and faults; keep the datasets and schemas. */
  reset() {
    this.requests = []
    this.jobs.clear()
    this.scripts.clear()
    this.faults.clear()
    this.defaultScript = { ...DEFAULT_SCRIPT }
  }

  /**
   * A dataset, with a schema: `schema` (an Avro record, as create-schema takes it) or the default of its type.
   * A statusSequence plays out one status a DescribeDataset (e.g. ['CREATE PENDING'], then `status`).
   * @param {{ arn: string, status?: string, statusSequence?: string[], schema?: object }} dataset
   */
  addDataset({ arn, status = 'ACTIVE', statusSequence = [], schema }) {
    const parts = DATASET_ARN.exec(arn)
    if (!parts) throw new Error(`not a dataset ARN: ${arn}`)
    const [, , region = '', account = '', group = '', type = ''] = parts
    const schemaArn = `arn:aws:personalize:${region}:${account}:schema/${group}-${type.toLowerCase()}`
    const now = Date.now()
    const avro = schema ?? DEFAULT_SCHEMAS[type] ?? DEFAULT_SCHEMAS.INTERACTIONS
    this.schemas.set(schemaArn, {
      arn: schemaArn,
      name: `${group}-${type.toLowerCase()}`,
      schema: JSON.stringify(avro),
      createdAt: now,
    })
    this.datasets.set(arn, {
      arn,
      region,
      account,
      group,
      type,
      finalStatus: status,
      sequence: [...statusSequence],
      createdAt: now,
      schemaArn,
    })
  }

  /**
   * A dataset group: one dataset of each type given (with its type's default schema, or the one in `schemas`).
   * Returns the group's ARN.
   * @param {string} name @param {string[]} [types] @param {Record<string, object>} [schemas]
   */
  addGroup(name, types = ['INTERACTIONS', 'ITEMS', 'USERS'], schemas = {}) {
    const prefix = `arn:aws:personalize:us-east-1:123456789012`
    for (const type of types) {
      const schema = schemas[type]
      this.addDataset({ arn: `${prefix}:dataset/${name}/${type}`, ...(schema ? { schema } : {}) })
    }
    return `${prefix}:dataset-group/${name}`
  }

  /**
   * An import job that exists already: a previous run's (ended ACTIVE unless its script says otherwise), or one
   * running on the dataset (`hold: true`).
   * @param {{ jobName: string, datasetArn: string, dataLocation?: string, importMode?: string, ageMs?: number,
   *   tags?: Array<{ tagKey: string, tagValue: string }> } & Partial<JobScript>} job
   */
  addJob({
    jobName,
    datasetArn,
    dataLocation = 's3://bucket/earlier.csv',
    importMode = 'FULL',
    ageMs = 0,
    tags = undefined,
    ...script
  }) {
    const dataset = this.datasets.get(datasetArn)
    if (!dataset) throw new Error(`unknown dataset ${datasetArn}`)
    const request = { jobName, datasetArn, dataSource: { dataLocation }, importMode, ...(tags ? { tags } : {}) }
    return this.insertJob(dataset, request, { ...ENDED_SCRIPT, ...script }, Date.now() - ageMs)
  }

  /** How the job of this name will behave once created. @param {string} jobName @param {Partial<JobScript>} script */
  scriptJob(jobName, script) {
    this.scripts.set(jobName, script)
  }

  /**
   * Ends a running job now (tests use it to end a job exactly when the action has reached the point they test).
   * @param {string} jobName @param {'ACTIVE' | 'CREATE FAILED'} [outcome]
   */
  finishJob(jobName, outcome = 'ACTIVE') {
    const job = [...this.jobs.values()].find(candidate => candidate.request.jobName === jobName)
    if (!job) throw new Error(`no job ${jobName}`)
    job.ended = outcome
  }

  /**
   * Resolves once `count` requests of `operation` have arrived.
   * @param {string} operation @param {number} [count]
   */
  async requested(operation, count = 1) {
    while (this.requestsFor(operation).length < count) await new Promise(resolve => setTimeout(resolve, 10))
  }

  /** @param {import('./http.mjs').Fault} fault */
  addFault(fault) {
    this.faults.add(fault)
  }

  /** @param {string} operation */
  requestsFor(operation) {
    return this.requests.filter(r => r.operation === operation)
  }

  /**
   * The job's status now (what the next Describe answers), and since when it holds.
   * @param {JobRecord} job @returns {{ status: string, since: number }}
   */
  statusOf(job) {
    const { script, reads } = job
    const pending = reads < script.pendingReads || (script.hold && script.inProgressReads === 0)
    const status =
      job.ended ??
      (pending
        ? 'CREATE PENDING'
        : script.hold || reads < script.pendingReads + script.inProgressReads
          ? 'CREATE IN_PROGRESS'
          : script.outcome)
    if (status !== job.shown) {
      if (job.shown !== undefined) job.since = Date.now()
      job.shown = status
    }
    return { status, since: job.since }
  }

  /** @param {DatasetRecord} dataset */
  datasetStatus(dataset) {
    return { status: dataset.sequence[0] ?? dataset.finalStatus, since: dataset.createdAt }
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const raw = await readBody(req)
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.startsWith('AmazonPersonalize.') ? target.slice('AmazonPersonalize.'.length) : target
    let body
    try {
      body = raw === '' ? {} : JSON.parse(raw)
    } catch {
      body = undefined
    }
    this.requests.push({ operation, body, headers: req.headers, at: Date.now() })

    const fault = this.faults.take(operation)
    if (fault?.kind === 'blackhole') return // never answer; close() destroys the socket
    if (fault?.kind === 'reset') return void req.socket.destroy()
    if (fault?.kind === 'latency') await new Promise(resolve => setTimeout(resolve, fault.ms ?? 1000))

    let status = 200
    let payload
    try {
      payload = this.answer(req, operation, body, fault)
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error
      status = error.status
      payload = { __type: `com.amazonaws.personalize#${error.type}`, message: error.message }
    }
    const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': randomUUID() }
    await send(req, res, { status, headers, body: JSON.stringify(payload) }, fault)
  }

  /**
   * @param {import('node:http').IncomingMessage} req @param {string} operation @param {any} body
   * @param {import('./http.mjs').ActiveFault | undefined} fault
   */
  answer(req, operation, body, fault) {
    if (req.method !== 'POST' || req.url !== '/')
      throw new ServiceError('UnknownOperationException', 'Only POST / is served', 404)
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
      throw new ServiceError('SerializationException', 'Content-Type must be application/x-amz-json-1.1')
    }
    const scope = sigV4Scope(req.headers)
    if (scope.service !== 'personalize') {
      throw new ServiceError(
        'InvalidSignatureException',
        "Credential should be scoped to correct service: 'personalize'.",
        403,
      )
    }
    const injected = fault && faultError(fault)
    if (injected) throw injected
    if (fault?.kind === 'denied') {
      const action = fault.action ?? `personalize:${operation}`
      throw new ServiceError(
        'AccessDeniedException',
        `User: arn:aws:sts::123456789012:assumed-role/ci/session is not authorized to perform: ${action} ` +
          `because no identity-based policy allows the ${action} action`,
      )
    }
    if (body === undefined || typeof body !== 'object' || Array.isArray(body) || body === null) {
      throw new ServiceError('SerializationException', 'Request body is not a JSON object')
    }
    // A service that hands out the same page token forever (and accepts it back): the client must notice, not spin.
    if (fault?.kind === 'repeat-token') {
      const { nextToken: _ignored, ...first } = body
      return { ...this.dispatch(operation, first, scope.region), nextToken: 'c2FtZS10b2tlbg==' }
    }
    return this.dispatch(operation, body, scope.region)
  }

  /** @param {string} operation @param {any} body @param {string} region */
  dispatch(operation, body, region) {
    switch (operation) {
      case 'CreateDatasetImportJob':
        return this.createDatasetImportJob(body, region)
      case 'DescribeDatasetImportJob':
        return this.describeDatasetImportJob(body, region)
      case 'ListDatasetImportJobs':
        return this.listDatasetImportJobs(body, region)
      case 'DescribeDataset':
        return this.describeDataset(body, region)
      case 'DescribeSchema':
        return this.describeSchema(body, region)
      case 'ListTagsForResource':
        return this.listTagsForResource(body, region)
      default:
        throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`)
    }
  }

  /** @param {any} body @param {string} region */
  createDatasetImportJob(body, region) {
    const request = validateCreateRequest(body)
    const dataset = this.datasets.get(request.datasetArn)
    if (!dataset || dataset.region !== region) {
      throw new ServiceError('ResourceNotFoundException', `Could not find resource: ${request.datasetArn}`)
    }
    const jobArn = `arn:aws:personalize:${region}:${dataset.account}:dataset-import-job/${request.jobName}`
    if (this.jobs.has(jobArn)) {
      throw new ServiceError('ResourceAlreadyExistsException', `Dataset import job ${request.jobName} already exists`)
    }
    const datasetStatus = this.datasetStatus(dataset).status
    if (IN_FLIGHT.has(datasetStatus)) {
      throw new ServiceError('ResourceInUseException', `Dataset ${request.datasetArn} is ${datasetStatus}, not ACTIVE`)
    }
    if (datasetStatus !== 'ACTIVE') throw invalid(`Dataset ${request.datasetArn} is ${datasetStatus}`)
    const running = [...this.jobs.values()].filter(
      job => job.region === region && IN_FLIGHT.has(this.statusOf(job).status),
    )
    if (running.length >= REGIONAL_IMPORT_QUOTA) {
      throw new ServiceError('LimitExceededException', 'More than 5 resources with PENDING or IN_PROGRESS status.')
    }
    const busy = running.find(job => job.request.datasetArn === request.datasetArn)
    if (busy) {
      throw new ServiceError(
        'ResourceInUseException',
        `Dataset ${request.datasetArn} has an import job in progress: ${busy.arn}`,
      )
    }
    if (request.importMode === 'INCREMENTAL' && !this.hasCompletedBulkImport(request.datasetArn)) {
      throw invalid(
        'You can only specify FULL until a bulk import has completed for this dataset. Import mode INCREMENTAL is not allowed.',
      )
    }
    const script = { ...this.defaultScript, ...this.scripts.get(request.jobName) }
    const job = this.insertJob(dataset, request, script, Date.now())
    return { datasetImportJobArn: job.arn }
  }

  /** @param {DatasetRecord} dataset @param {JobRequest} request @param {JobScript} script @param {number} createdAt */
  insertJob(dataset, request, script, createdAt) {
    const arn = `arn:aws:personalize:${dataset.region}:${dataset.account}:dataset-import-job/${request.jobName}`
    /** @type {JobRecord} */
    const job = {
      arn,
      region: dataset.region,
      request,
      script,
      createdAt,
      reads: 0,
      hidden: script.hiddenReads ?? 0,
      since: createdAt,
    }
    this.jobs.set(arn, job)
    return job
  }

  /** @param {string} datasetArn */
  hasCompletedBulkImport(datasetArn) {
    return [...this.jobs.values()].some(
      job => job.request.datasetArn === datasetArn && this.statusOf(job).status === 'ACTIVE',
    )
  }

  /** The tags a job was created with, as the service keeps them per resource. @param {any} body @param {string} region */
  listTagsForResource(body, region) {
    allowOnly(body, ['resourceArn'])
    const arn = requireString(body, 'resourceArn', 0, 256, ARN)
    const job = this.jobs.get(arn)
    if (!job || job.region !== region)
      throw new ServiceError('ResourceNotFoundException', `Could not find resource: ${arn}`)
    return { tags: Array.isArray(job.request.tags) ? job.request.tags : [] }
  }

  /** @param {any} body @param {string} region */
  describeDatasetImportJob(body, region) {
    allowOnly(body, ['datasetImportJobArn'])
    const arn = requireString(body, 'datasetImportJobArn', 0, 256, ARN)
    const job = this.jobs.get(arn)
    if (job && job.hidden > 0) job.hidden -= 1
    else if (job && job.region === region) return this.answerDescribe(job)
    throw new ServiceError('ResourceNotFoundException', `Could not find resource: ${arn}`)
  }

  /** The job's description; then it moves one step on. @param {JobRecord} job */
  answerDescribe(job) {
    const r = job.request
    const { datasetImportJobArn, jobName, status, ...summary } = this.jobSummary(job)
    job.reads += 1
    const shownStatus = job.script.oddStatus !== undefined && IN_FLIGHT.has(status) ? job.script.oddStatus : status
    return {
      datasetImportJob: {
        jobName,
        datasetImportJobArn,
        datasetArn: r.datasetArn,
        dataSource: { dataLocation: r.dataSource?.dataLocation },
        ...(r.roleArn === undefined ? {} : { roleArn: r.roleArn }),
        status: shownStatus,
        ...summary,
        publishAttributionMetricsToS3: r.publishAttributionMetricsToS3 ?? false,
      },
    }
  }

  /** The members ListDatasetImportJobs returns for a job; DescribeDatasetImportJob adds the request's. @param {JobRecord} job */
  jobSummary(job) {
    const { status, since } = this.statusOf(job)
    return {
      datasetImportJobArn: job.arn,
      jobName: job.request.jobName,
      status,
      creationDateTime: epochSeconds(job.createdAt),
      lastUpdatedDateTime: epochSeconds(since),
      ...(status === 'CREATE FAILED' ? { failureReason: job.script.failureReason ?? 'Import failed' } : {}),
      importMode: job.request.importMode ?? 'FULL',
    }
  }

  /** @param {any} body @param {string} region */
  listDatasetImportJobs(body, region) {
    allowOnly(body, ['datasetArn', 'nextToken', 'maxResults'])
    if (body.datasetArn !== undefined) requireString(body, 'datasetArn', 0, 256, ARN)
    const maxResults = body.maxResults ?? 100
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100)
      throw invalid('maxResults must be between 1 and 100')
    let start = 0
    if (body.nextToken !== undefined) {
      const decoded = /^page:(\d+)$/.exec(Buffer.from(String(body.nextToken), 'base64').toString('utf8'))
      if (!decoded) throw new ServiceError('InvalidNextTokenException', 'Invalid next token')
      start = Number(decoded[1])
    }
    const all = [...this.jobs.values()]
      .filter(
        job => job.region === region && (body.datasetArn === undefined || job.request.datasetArn === body.datasetArn),
      )
      .sort((a, b) => b.createdAt - a.createdAt)
    const page = all.slice(start, start + maxResults).map(job => {
      const { datasetImportJobArn, ...summary } = this.jobSummary(job)
      return job.script.listWithoutArn ? summary : { datasetImportJobArn, ...summary }
    })
    const next =
      start + maxResults < all.length ? { nextToken: Buffer.from(`page:${start + maxResults}`).toString('base64') } : {}
    return { datasetImportJobs: page, ...next }
  }

  /** @param {any} body @param {string} region */
  describeDataset(body, region) {
    allowOnly(body, ['datasetArn'])
    const arn = requireString(body, 'datasetArn', 0, 256, ARN)
    const dataset = this.datasets.get(arn)
    if (!dataset || dataset.region !== region)
      throw new ServiceError('ResourceNotFoundException', `Could not find resource: ${arn}`)
    const { status, since } = this.datasetStatus(dataset)
    dataset.sequence.shift()
    return {
      dataset: {
        name: `${dataset.group}-${dataset.type.toLowerCase()}`,
        datasetArn: arn,
        datasetGroupArn: `arn:aws:personalize:${dataset.region}:${dataset.account}:dataset-group/${dataset.group}`,
        datasetType: dataset.type,
        schemaArn: dataset.schemaArn,
        status,
        creationDateTime: epochSeconds(dataset.createdAt),
        lastUpdatedDateTime: epochSeconds(since),
      },
    }
  }

  /** @param {any} body @param {string} region */
  describeSchema(body, region) {
    allowOnly(body, ['schemaArn'])
    const arn = requireString(body, 'schemaArn', 0, 256, ARN)
    const schema = this.schemas.get(arn)
    if (!schema || !arn.includes(`:${region}:`))
      throw new ServiceError('ResourceNotFoundException', `Could not find resource: ${arn}`)
    return {
      schema: {
        name: schema.name,
        schemaArn: arn,
        schema: schema.schema,
        creationDateTime: epochSeconds(schema.createdAt),
        lastUpdatedDateTime: epochSeconds(schema.createdAt),
      },
    }
  }
}

/** The CreateDatasetImportJob body checked against the model, as the service checks it. @param {any} body @returns {JobRequest} */
function validateCreateRequest(body) {
  allowOnly(body, [
    'jobName',
    'datasetArn',
    'dataSource',
    'roleArn',
    'tags',
    'importMode',
    'publishAttributionMetricsToS3',
  ])
  requireString(body, 'jobName', 1, 63, NAME)
  requireString(body, 'datasetArn', 0, 256, ARN)
  if (typeof body.dataSource !== 'object' || body.dataSource === null) {
    throw invalid(
      "1 validation error detected: Value null at 'dataSource' failed to satisfy constraint: Member must not be null",
    )
  }
  allowOnly(body.dataSource, ['dataLocation'])
  requireString(body.dataSource, 'dataLocation', 0, 256, LOCATION)
  if (body.roleArn !== undefined) requireString(body, 'roleArn', 0, 256, ROLE_ARN)
  if (body.importMode !== undefined && !['FULL', 'INCREMENTAL'].includes(body.importMode)) {
    throw invalid(
      `Value '${body.importMode}' at 'importMode' failed to satisfy constraint: Member must satisfy enum value set: [FULL, INCREMENTAL]`,
    )
  }
  if (body.publishAttributionMetricsToS3 !== undefined && typeof body.publishAttributionMetricsToS3 !== 'boolean') {
    throw new ServiceError('SerializationException', 'publishAttributionMetricsToS3 must be a boolean')
  }
  if (body.tags !== undefined) {
    if (!Array.isArray(body.tags) || body.tags.length > 200) {
      throw invalid("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200")
    }
    for (const tag of body.tags) {
      allowOnly(tag, ['tagKey', 'tagValue'])
      requireString(tag, 'tagKey', 1, 128, TAG)
      requireString(tag, 'tagValue', 0, 256, TAG)
    }
    if (body.tags.length > SERVICE_TAG_LIMIT) {
      throw new ServiceError('TooManyTagsException', `A resource can have at most ${SERVICE_TAG_LIMIT} tags`)
    }
  }
  return body
}

/** @param {number} ms */
function epochSeconds(ms) {
  return Math.round(ms) / 1000
}

/** @param {any} object @param {string[]} members */
function allowOnly(object, members) {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new ServiceError('SerializationException', 'Expected a JSON object')
  }
  for (const key of Object.keys(object)) {
    if (!members.includes(key)) throw new ServiceError('SerializationException', `Unknown member ${key}`)
  }
}

/** @param {any} object @param {string} member @param {number} min @param {number} max @param {RegExp} pattern */
function requireString(object, member, min, max, pattern) {
  const value = object[member]
  if (value === undefined || value === null) {
    throw invalid(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    )
  }
  if (typeof value !== 'string') throw new ServiceError('SerializationException', `${member} must be a string`)
  const length = [...value].length
  if (length < min || length > max) {
    throw invalid(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length between ${min} and ${max}`,
    )
  }
  if (!pattern.test(value)) {
    throw invalid(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`,
    )
  }
  return value
}

/** Starts an emulator; `datasets` are added ACTIVE with their type's default schema. */
export async function startEmulator({ port = 0, datasets = /** @type {string[]} */ ([]) } = {}) {
  const emulator = new PersonalizeEmulator()
  for (const arn of datasets) emulator.addDataset({ arn })
  return emulator.start(port)
}

// `node emulator/personalize.mjs [port]`: a standalone emulator with one sample dataset, for local runs.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sample = 'arn:aws:personalize:us-east-1:123456789012:dataset/demo/INTERACTIONS'
  const emulator = await startEmulator({ port: Number(process.argv[2] ?? 4599), datasets: [sample] })
  emulator.defaultScript = { pendingReads: 2, inProgressReads: 5, outcome: 'ACTIVE' }
  process.stdout.write(`Personalize emulator on ${emulator.url} with dataset ${sample}\n`)
}

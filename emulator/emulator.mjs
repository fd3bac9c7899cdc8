// A local Amazon Personalize emulator for the import-job calls, speaking the real awsJson1_1 wire
// protocol on 127.0.0.1, so the bundled action (and the AWS CLI) can run against it unchanged.
//
// It models what the service enforces (the model's constraints, unique job names, dataset status, one
// running import per dataset, the regional quota of 5 running imports, INCREMENTAL only after a completed
// bulk import) and lets tests script job timings, outcomes and transport faults.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { pathToFileURL } from 'node:url'

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/
const ARN = /^arn:([a-z\d-]+):personalize:.*:.*:.+$/
const ROLE_ARN = /^arn:([a-z\d-]+):iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/
const LOCATION = /^(s3|http|https):\/\/.+$/
const TAG = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u
const DATASET_ARN = /^arn:([a-z\d-]+):personalize:([a-z0-9-]+):(\d{12}):dataset\/([^/]+)\/([A-Za-z_]+)$/
const IN_FLIGHT = new Set(['CREATE PENDING', 'CREATE IN_PROGRESS'])
export const REGIONAL_IMPORT_QUOTA = 5
export const SERVICE_TAG_LIMIT = 50

/** @typedef {{ pendingMs?: number, inProgressMs?: number, outcome?: 'ACTIVE' | 'CREATE FAILED', failureReason?: string }} JobScript */
/** @typedef {{ operation?: string, kind: 'throttle' | 'limit' | 'http500' | 'http503' | 'latency' | 'blackhole' | 'drop-after' | 'reset' | 'denied', times?: number, every?: number, ms?: number }} Fault */

class ServiceError extends Error {
  /** @param {string} type @param {string} message @param {number} [status] */
  constructor(type, message, status = 400) {
    super(message)
    this.type = type
    this.status = status
  }
}

const invalid = (/** @type {string} */ message) => new ServiceError('InvalidInputException', message)

export class PersonalizeEmulator {
  constructor() {
    /** @type {{ operation: string, body: any, headers: import('node:http').IncomingHttpHeaders, at: number }[]} */
    this.requests = []
    /** @type {Map<string, any>} */
    this.datasets = new Map()
    /** @type {Map<string, any>} by job ARN */
    this.jobs = new Map()
    /** @type {JobScript} */
    this.defaultScript = { pendingMs: 300, inProgressMs: 300, outcome: 'ACTIVE' }
    /** @type {Map<string, JobScript>} by job name */
    this.scripts = new Map()
    /** @type {(Fault & { seen: number, applied: number })[]} */
    this.faults = []
    /** @type {Set<import('node:net').Socket>} */
    this.sockets = new Set()
    this.url = ''
    /** @type {import('node:http').Server | undefined} */
    this.server = undefined
  }

  /** @param {number} [port] */
  async start(port = 0) {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.server.on('connection', socket => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise(resolve => this.server?.listen(port, '127.0.0.1', () => resolve(undefined)))
    const address = this.server.address()
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`
    return this
  }

  async close() {
    for (const socket of this.sockets) socket.destroy()
    await new Promise(resolve => (this.server ? this.server.close(() => resolve(undefined)) : resolve(undefined)))
  }

  /** Forget jobs, requests, scripts and faults; keep the datasets. */
  reset() {
    this.requests = []
    this.jobs.clear()
    this.scripts.clear()
    this.faults = []
    this.defaultScript = { pendingMs: 300, inProgressMs: 300, outcome: 'ACTIVE' }
  }

  /**
   * @param {{ arn: string, status?: string, statusSequence?: { status: string, ms: number }[] }} dataset
   * A statusSequence plays out from now (e.g. CREATE PENDING for 500 ms, then `status`).
   */
  addDataset({ arn, status = 'ACTIVE', statusSequence = [] }) {
    const parts = DATASET_ARN.exec(arn)
    if (!parts) throw new Error(`not a dataset ARN: ${arn}`)
    const now = Date.now()
    this.datasets.set(arn, {
      arn,
      region: parts[2],
      account: parts[3],
      group: parts[4],
      type: parts[5],
      finalStatus: status,
      sequence: statusSequence,
      createdAt: now,
    })
  }

  /**
   * An import job that exists already (a previous run's, or one running on the dataset).
   * @param {{ jobName: string, datasetArn: string, dataLocation?: string, importMode?: string, ageMs?: number } & JobScript} job
   */
  addJob({ jobName, datasetArn, dataLocation = 's3://bucket/earlier.csv', importMode = 'FULL', ageMs = 0, ...script }) {
    const dataset = this.datasets.get(datasetArn)
    if (!dataset) throw new Error(`unknown dataset ${datasetArn}`)
    return this.insertJob(
      dataset,
      { jobName, datasetArn, dataSource: { dataLocation }, importMode },
      { ...this.defaultScript, ...script },
      Date.now() - ageMs,
    )
  }

  /** @param {string} jobName @param {JobScript} script */
  scriptJob(jobName, script) {
    this.scripts.set(jobName, { ...this.defaultScript, ...script })
  }

  /** @param {Fault} fault */
  addFault(fault) {
    this.faults.push({ times: Infinity, every: 1, ...fault, seen: 0, applied: 0 })
  }

  /** @param {string} operation */
  requestsFor(operation) {
    return this.requests.filter(r => r.operation === operation)
  }

  /** @param {any} job */
  statusOf(job, now = Date.now()) {
    const elapsed = now - job.createdAt
    if (elapsed < job.script.pendingMs) return { status: 'CREATE PENDING', since: job.createdAt }
    if (elapsed < job.script.pendingMs + job.script.inProgressMs)
      return { status: 'CREATE IN_PROGRESS', since: job.createdAt + job.script.pendingMs }
    return { status: job.script.outcome, since: job.createdAt + job.script.pendingMs + job.script.inProgressMs }
  }

  /** @param {any} dataset */
  datasetStatus(dataset, now = Date.now()) {
    let start = dataset.createdAt
    for (const step of dataset.sequence) {
      if (now < start + step.ms) return { status: step.status, since: start }
      start += step.ms
    }
    return { status: dataset.finalStatus, since: start }
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    const raw = Buffer.concat(chunks).toString('utf8')
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.startsWith('AmazonPersonalize.') ? target.slice('AmazonPersonalize.'.length) : target
    let body
    try {
      body = raw === '' ? {} : JSON.parse(raw)
    } catch {
      body = undefined
    }
    this.requests.push({ operation, body, headers: req.headers, at: Date.now() })

    const fault = this.takeFault(operation)
    if (fault?.kind === 'blackhole') return // never answer; close() destroys the socket
    if (fault?.kind === 'reset') return void req.socket.destroy()
    if (fault?.kind === 'latency') await new Promise(resolve => setTimeout(resolve, fault.ms ?? 1000))

    let status = 200
    let payload
    try {
      if (req.method !== 'POST' || req.url !== '/')
        throw new ServiceError('UnknownOperationException', 'Only POST / is served', 404)
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) {
        throw new ServiceError('SerializationException', 'Content-Type must be application/x-amz-json-1.1')
      }
      const region = this.authorize(req.headers)
      if (fault?.kind === 'throttle') throw new ServiceError('ThrottlingException', 'Rate exceeded')
      if (fault?.kind === 'limit') throw new ServiceError('LimitExceededException', 'Rate exceeded')
      if (fault?.kind === 'http500')
        throw new ServiceError('InternalFailure', 'We encountered an internal error. Please try again.', 500)
      if (fault?.kind === 'http503') throw new ServiceError('ServiceUnavailable', 'Service unavailable', 503)
      if (fault?.kind === 'denied') {
        throw new ServiceError(
          'AccessDeniedException',
          `User: arn:aws:sts::123456789012:assumed-role/ci/session is not authorized to perform: personalize:${operation} because no identity-based policy allows the personalize:${operation} action`,
        )
      }
      if (body === undefined || typeof body !== 'object' || Array.isArray(body) || body === null)
        throw new ServiceError('SerializationException', 'Request body is not a JSON object')
      payload = this.dispatch(operation, body, region)
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error
      status = error.status
      payload = { __type: `com.amazonaws.personalize#${error.type}`, message: error.message }
    }
    if (fault?.kind === 'drop-after') return void req.socket.destroy()
    const text = JSON.stringify(payload)
    res.writeHead(status, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': randomUUID(),
    })
    res.end(text)
  }

  /** @param {string} operation */
  takeFault(operation) {
    for (const fault of this.faults) {
      if (fault.operation && fault.operation !== operation) continue
      if (fault.applied >= (fault.times ?? Infinity)) continue
      fault.seen += 1
      if ((fault.seen - 1) % (fault.every ?? 1) !== 0) continue
      fault.applied += 1
      return fault
    }
    return undefined
  }

  /** SigV4 must be present and scoped to personalize; returns the signing region. */
  authorize(/** @type {import('node:http').IncomingHttpHeaders} */ headers) {
    const auth = String(headers.authorization ?? '')
    if (!auth) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
    const scope =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(
        auth,
      )
    if (!scope)
      throw new ServiceError('IncompleteSignatureException', 'Authorization header is not a SigV4 signature', 403)
    if (scope[4] !== 'personalize')
      throw new ServiceError(
        'InvalidSignatureException',
        "Credential should be scoped to correct service: 'personalize'.",
        403,
      )
    if (!headers['x-amz-date'])
      throw new ServiceError('IncompleteSignatureException', 'X-Amz-Date header is missing', 403)
    return /** @type {string} */ (scope[3])
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
      default:
        throw new ServiceError('UnknownOperationException', `Unknown operation ${operation}`)
    }
  }

  /** @param {any} body @param {string} region */
  createDatasetImportJob(body, region) {
    allowOnly(body, [
      'jobName',
      'datasetArn',
      'dataSource',
      'roleArn',
      'tags',
      'importMode',
      'publishAttributionMetricsToS3',
    ])
    const jobName = requireString(body, 'jobName', 1, 63, NAME)
    const datasetArn = requireString(body, 'datasetArn', 0, 256, ARN)
    if (typeof body.dataSource !== 'object' || body.dataSource === null)
      throw invalid(
        "1 validation error detected: Value null at 'dataSource' failed to satisfy constraint: Member must not be null",
      )
    allowOnly(body.dataSource, ['dataLocation'])
    requireString(body.dataSource, 'dataLocation', 0, 256, LOCATION)
    if (body.roleArn !== undefined) requireString(body, 'roleArn', 0, 256, ROLE_ARN)
    if (body.importMode !== undefined && !['FULL', 'INCREMENTAL'].includes(body.importMode))
      throw invalid(
        `Value '${body.importMode}' at 'importMode' failed to satisfy constraint: Member must satisfy enum value set: [FULL, INCREMENTAL]`,
      )
    if (body.publishAttributionMetricsToS3 !== undefined && typeof body.publishAttributionMetricsToS3 !== 'boolean')
      throw new ServiceError('SerializationException', 'publishAttributionMetricsToS3 must be a boolean')
    if (body.tags !== undefined) {
      if (!Array.isArray(body.tags) || body.tags.length > 200)
        throw invalid("Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200")
      for (const tag of body.tags) {
        allowOnly(tag, ['tagKey', 'tagValue'])
        requireString(tag, 'tagKey', 1, 128, TAG)
        requireString(tag, 'tagValue', 0, 256, TAG)
      }
      if (body.tags.length > SERVICE_TAG_LIMIT)
        throw new ServiceError('TooManyTagsException', `A resource can have at most ${SERVICE_TAG_LIMIT} tags`)
    }

    const dataset = this.datasets.get(datasetArn)
    if (!dataset || dataset.region !== region)
      throw new ServiceError('ResourceNotFoundException', `Could not find resource: ${datasetArn}`)
    const jobArn = `arn:aws:personalize:${region}:${dataset.account}:dataset-import-job/${jobName}`
    if (this.jobs.has(jobArn))
      throw new ServiceError('ResourceAlreadyExistsException', `Dataset import job ${jobName} already exists`)
    const datasetStatus = this.datasetStatus(dataset).status
    if (IN_FLIGHT.has(datasetStatus))
      throw new ServiceError('ResourceInUseException', `Dataset ${datasetArn} is ${datasetStatus}, not ACTIVE`)
    if (datasetStatus !== 'ACTIVE') throw invalid(`Dataset ${datasetArn} is ${datasetStatus}`)
    const now = Date.now()
    const running = [...this.jobs.values()].filter(
      job => job.region === region && IN_FLIGHT.has(this.statusOf(job, now).status),
    )
    if (running.length >= REGIONAL_IMPORT_QUOTA)
      throw new ServiceError('LimitExceededException', 'More than 5 resources with PENDING or IN_PROGRESS status.')
    const busy = running.find(job => job.request.datasetArn === datasetArn)
    if (busy)
      throw new ServiceError(
        'ResourceInUseException',
        `Dataset ${datasetArn} has an import job in progress: ${busy.arn}`,
      )
    if (body.importMode === 'INCREMENTAL' && !this.hasCompletedBulkImport(datasetArn, now)) {
      throw invalid(
        'You can only specify FULL until a bulk import has completed for this dataset. Import mode INCREMENTAL is not allowed.',
      )
    }
    const script = { ...this.defaultScript, ...this.scripts.get(jobName) }
    const job = this.insertJob(dataset, body, script, now)
    return { datasetImportJobArn: job.arn }
  }

  /** @param {any} dataset @param {any} request @param {Required<JobScript> | JobScript} script @param {number} createdAt */
  insertJob(dataset, request, script, createdAt) {
    const arn = `arn:aws:personalize:${dataset.region}:${dataset.account}:dataset-import-job/${request.jobName}`
    const job = { arn, region: dataset.region, request, script, createdAt }
    this.jobs.set(arn, job)
    return job
  }

  /** @param {string} datasetArn @param {number} now */
  hasCompletedBulkImport(datasetArn, now) {
    return [...this.jobs.values()].some(
      job => job.request.datasetArn === datasetArn && this.statusOf(job, now).status === 'ACTIVE',
    )
  }

  /** @param {any} body @param {string} region */
  describeDatasetImportJob(body, region) {
    allowOnly(body, ['datasetImportJobArn'])
    const arn = requireString(body, 'datasetImportJobArn', 0, 256, ARN)
    const job = this.jobs.get(arn)
    if (!job || job.region !== region)
      throw new ServiceError('ResourceNotFoundException', `Could not find resource: ${arn}`)
    const r = job.request
    const { datasetImportJobArn, jobName, ...summary } = this.jobSummary(job)
    return {
      datasetImportJob: {
        jobName,
        datasetImportJobArn,
        datasetArn: r.datasetArn,
        dataSource: { dataLocation: r.dataSource?.dataLocation },
        ...(r.roleArn === undefined ? {} : { roleArn: r.roleArn }),
        ...summary,
        publishAttributionMetricsToS3: r.publishAttributionMetricsToS3 ?? false,
      },
    }
  }

  /** The members ListDatasetImportJobs returns for a job; DescribeDatasetImportJob adds the request's. @param {any} job */
  jobSummary(job, now = Date.now()) {
    const { status, since } = this.statusOf(job, now)
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
    const now = Date.now()
    const all = [...this.jobs.values()]
      .filter(
        job => job.region === region && (body.datasetArn === undefined || job.request.datasetArn === body.datasetArn),
      )
      .sort((a, b) => b.createdAt - a.createdAt)
    const page = all.slice(start, start + maxResults).map(job => this.jobSummary(job, now))
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
    return {
      dataset: {
        name: `${dataset.group}-${dataset.type.toLowerCase()}`,
        datasetArn: arn,
        datasetGroupArn: `arn:aws:personalize:${dataset.region}:${dataset.account}:dataset-group/${dataset.group}`,
        datasetType: dataset.type,
        schemaArn: `arn:aws:personalize:${dataset.region}:${dataset.account}:schema/${dataset.group}-schema`,
        status,
        creationDateTime: epochSeconds(dataset.createdAt),
        lastUpdatedDateTime: epochSeconds(since),
      },
    }
  }
}

/** @param {number} ms */
function epochSeconds(ms) {
  return Math.round(ms) / 1000
}

/** @param {any} object @param {string[]} members */
function allowOnly(object, members) {
  if (typeof object !== 'object' || object === null || Array.isArray(object))
    throw new ServiceError('SerializationException', 'Expected a JSON object')
  for (const key of Object.keys(object)) {
    if (!members.includes(key)) throw new ServiceError('SerializationException', `Unknown member ${key}`)
  }
}

/** @param {any} object @param {string} member @param {number} min @param {number} max @param {RegExp} pattern */
function requireString(object, member, min, max, pattern) {
  const value = object[member]
  if (value === undefined || value === null)
    throw invalid(
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    )
  if (typeof value !== 'string') throw new ServiceError('SerializationException', `${member} must be a string`)
  const length = [...value].length
  if (length < min || length > max)
    throw invalid(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must have length between ${min} and ${max}`,
    )
  if (!pattern.test(value))
    throw invalid(
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`,
    )
  return value
}

/** Starts an emulator; `datasets` are added ACTIVE. */
export async function startEmulator({ port = 0, datasets = /** @type {string[]} */ ([]) } = {}) {
  const emulator = new PersonalizeEmulator()
  for (const arn of datasets) emulator.addDataset({ arn })
  return emulator.start(port)
}

// `node emulator/emulator.mjs [port]`: a standalone emulator with one sample dataset, for local runs.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sample = 'arn:aws:personalize:us-east-1:123456789012:dataset/demo/INTERACTIONS'
  const emulator = await startEmulator({ port: Number(process.argv[2] ?? 4599), datasets: [sample] })
  emulator.defaultScript = { pendingMs: 2000, inProgressMs: 5000, outcome: 'ACTIVE' }
  process.stdout.write(`Personalize emulator on ${emulator.url} with dataset ${sample}\n`)
}

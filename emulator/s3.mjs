// @ts-check
// S3 for the tests and the demo: a real S3-compatible server (s3rver, REST-XML, ranged GETs, listings, errors)
// behind a thin front on loopback that adds what s3rver lacks and what a test must script: bucket policies,
// denied permissions (an IAM policy's effect), buckets in other regions (301 redirects), faults, and a count of
// the bytes each request was sent.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
// s3rver checks SigV4 signatures against the key pairs of its accounts; the tests' credentials become one.
import AWSAccount from 's3rver/lib/models/account.js'
import { FaultPlan, LoopbackServer, send, sigV4Scope } from './http.mjs'

/**
 * @typedef {{ operation: string, bucket: string, key: string, range?: string, region: string, status: number, bytes: number }} S3Request
 * @typedef {'ListObjectsV2' | 'HeadObject' | 'GetObject' | 'GetBucketPolicy' | 'HeadBucket' | 'GetBucketLocation' | 'Other'} S3Operation
 */

export class S3Emulator {
  /** @param {{ accessKeyId: string, secretAccessKey: string }} credentials the key pair the clients sign with */
  constructor(credentials) {
    this.credentials = credentials
    this.directory = mkdtempSync(join(tmpdir(), 's3rver-'))
    this.s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: this.directory })
    this.s3rverUrl = ''
    /** @type {S3Request[]} */
    this.requests = []
    /** @type {Map<string, string>} bucket policies as JSON text */
    this.policies = new Map()
    /** @type {Map<string, string>} the region of each bucket (default us-east-1) */
    this.regions = new Map()
    /** @type {Map<string, GeneratedObject>} objects whose bytes the front makes up, by bucket/key */
    this.generated = new Map()
    /** @type {Array<{ operation?: string, bucket?: string, kms?: boolean }>} calls the credentials may not make */
    this.denials = []
    this.faults = new FaultPlan()
    this.server = new LoopbackServer((req, res) => this.handle(req, res))
    this.client = new S3Client({ region: 'us-east-1', credentials, forcePathStyle: true, endpoint: 'http://127.0.0.1' })
  }

  get url() {
    return this.server.url
  }

  async start() {
    AWSAccount.DUMMY_ACCOUNT.createKeyPair(this.credentials.accessKeyId, this.credentials.secretAccessKey)
    const { port } = await this.s3rver.run()
    this.s3rverUrl = `http://127.0.0.1:${port}`
    this.client = new S3Client({
      region: 'us-east-1',
      credentials: this.credentials,
      forcePathStyle: true,
      endpoint: this.s3rverUrl,
    })
    await this.server.listen()
    return this
  }

  async close() {
    await this.server.close()
    await this.s3rver.close()
    rmSync(this.directory, { recursive: true, force: true })
  }

  /**
   * A bucket, optionally in another region and with a bucket policy.
   * @param {string} bucket @param {{ region?: string, policy?: object }} [options]
   */
  async createBucket(bucket, { region, policy } = {}) {
    await this.client.send(new CreateBucketCommand({ Bucket: bucket }))
    if (region) this.regions.set(bucket, region)
    if (policy) this.policies.set(bucket, JSON.stringify(policy))
  }

  /** @param {string} bucket @param {string} key @param {string | Uint8Array} body */
  async putObject(bucket, key, body) {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }))
  }

  /**
   * Makes an object `size` bytes long without sending them: the first bytes are the ones put, the rest a sparse
   * extension of s3rver's file (zeros, never read by a ranged GET of the beginning). A 1 GiB object in milliseconds.
   * @param {string} bucket @param {string} key @param {number} size
   */
  growObject(bucket, key, size) {
    const name = `${key.split('/').pop()}._S3rver_object`
    const dir = join(this.directory, bucket, ...key.split('/').slice(0, -1))
    if (!readdirSync(dir).includes(name)) throw new Error(`no s3rver file for ${bucket}/${key}`)
    truncateSync(join(dir, name), size)
  }

  /**
   * An object of any size whose bytes are made up as they are read: `head`, then `block` repeated `repeat` times,
   * then `tail`. s3rver keeps a sparse file of that size (listings and HEAD are its own); GETs of it, ranged or
   * not, are answered by the front. A 1 GiB CSV with a bad last record, without writing 1 GiB.
   * @param {string} bucket @param {string} key @param {{ head: string, block: string, repeat: number, tail: string }} parts
   */
  async putGeneratedObject(bucket, key, parts) {
    const head = Buffer.from(parts.head)
    const block = Buffer.from(parts.block)
    const tail = Buffer.from(parts.tail)
    const size = head.length + block.length * parts.repeat + tail.length
    await this.putObject(bucket, key, head)
    this.growObject(bucket, key, size)
    const { ETag } = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    this.generated.set(`${bucket}/${key}`, { head, block, repeat: parts.repeat, tail, size, etag: ETag ?? '' })
    return size
  }

  /** Denies an operation (on one bucket, or all), as a missing IAM permission would; `kms` as a key policy would. */
  deny(/** @type {{ operation?: string, bucket?: string, kms?: boolean }} */ denial) {
    this.denials.push(denial)
  }

  /** @param {import('./http.mjs').Fault} fault */
  addFault(fault) {
    this.faults.add(fault)
  }

  /** @param {string} operation */
  requestsFor(operation) {
    return this.requests.filter(r => r.operation === operation)
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const [, bucket = '', ...rest] = url.pathname.split('/')
    const key = decodeURIComponent(rest.join('/'))
    const operation = operationOf(req.method ?? 'GET', key, url.searchParams)
    let region = ''
    try {
      region = sigV4Scope(req.headers).region
    } catch {
      region = ''
    }
    /** @type {S3Request} */
    const record = {
      operation,
      bucket,
      key,
      region,
      status: 0,
      bytes: 0,
      ...(req.headers.range ? { range: String(req.headers.range) } : {}),
    }
    this.requests.push(record)
    const reply = (
      /** @type {number} */ status,
      /** @type {string} */ code,
      /** @type {string} */ message,
      headers = {},
    ) => {
      record.status = status
      const body = req.method === 'HEAD' ? '' : errorXml(code, message)
      res.writeHead(status, { 'Content-Type': 'application/xml', 'x-amz-request-id': randomUUID(), ...headers })
      res.end(body)
    }

    const bucketRegion = this.regions.get(bucket) ?? 'us-east-1'
    if (bucket && region && region !== bucketRegion) {
      return reply(
        301,
        'PermanentRedirect',
        'The bucket you are attempting to access must be addressed using the specified endpoint.',
        {
          'x-amz-bucket-region': bucketRegion,
        },
      )
    }
    const fault = this.faults.take(operation)
    if (fault?.kind === 'throttle') return reply(503, 'SlowDown', 'Please reduce your request rate.')
    if (fault?.kind === 'http500')
      return reply(500, 'InternalError', 'We encountered an internal error. Please try again.')
    if (fault?.kind === 'reset') return void req.socket.destroy()
    // A proxy's page in place of S3's answer (any status, 200 included).
    if (fault?.kind === 'html') {
      record.status = fault.status ?? 503
      return void send(req, res, { status: 200, headers: {}, body: '' }, fault)
    }
    const denial = this.denials.find(
      d => (!d.operation || d.operation === operation) && (!d.bucket || d.bucket === bucket),
    )
    if (denial) {
      const action = denial.kms ? 'kms:Decrypt' : permissionOf(operation)
      return reply(
        403,
        'AccessDenied',
        `User: arn:aws:sts::123456789012:assumed-role/ci/s is not authorized to perform: ${action}`,
      )
    }
    if (operation === 'GetBucketPolicy') {
      const policy = this.policies.get(bucket)
      if (!policy) return reply(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist')
      record.status = 200
      record.bytes = Buffer.byteLength(policy)
      return void send(req, res, { status: 200, headers: { 'Content-Type': 'application/json' }, body: policy }, fault)
    }
    const generated = operation === 'GetObject' ? this.generated.get(`${bucket}/${key}`) : undefined
    if (generated) return serveGenerated(req, res, record, generated)
    await this.forward(req, res, record, fault?.kind === 'cut')
  }

  /**
   * Passes the request to s3rver and its answer back, counting the bytes of the answer; `cut` closes the
   * connection after the first chunk of the body (an answer lost mid-way).
   * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
   * @param {S3Request} record @param {boolean} [cut]
   */
  forward(req, res, record, cut = false) {
    return new Promise(resolve => {
      const target = new URL(req.url ?? '/', this.s3rverUrl)
      const upstream = request(target, { method: req.method, headers: req.headers }, answer => {
        record.status = answer.statusCode ?? 0
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.on('data', chunk => {
          record.bytes += chunk.length
          if (!cut) return
          res.write(chunk)
          answer.destroy()
          req.socket.destroy()
          resolve(undefined)
        })
        if (!cut) answer.pipe(res)
        answer.on('end', () => resolve(undefined))
      })
      upstream.on('error', () => {
        req.socket.destroy()
        resolve(undefined)
      })
      // A client that goes away mid-answer (an aborted read) ends the request to s3rver too, or s3rver could not
      // close while that answer waits for a reader.
      res.on('close', () => {
        if (res.writableFinished) return
        upstream.destroy()
        resolve(undefined)
      })
      req.pipe(upstream)
    })
  }
}

/**
 * @typedef {{ head: Buffer, block: Buffer, repeat: number, tail: Buffer, size: number, etag: string }} GeneratedObject
 */

/**
 * A GET of a generated object, as S3 answers it: the range asked for (206) or all of it, If-Match honoured, the
 * bytes made up in 1 MiB pieces as the reader takes them.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {S3Request} record @param {GeneratedObject} object
 */
function serveGenerated(req, res, record, object) {
  const ifMatch = req.headers['if-match']
  if (ifMatch && ifMatch !== object.etag) {
    record.status = 412
    res.writeHead(412, { 'Content-Type': 'application/xml' })
    return void res.end(errorXml('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold'))
  }
  const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''))
  const start = range ? Number(range[1]) : 0
  const end = range ? Math.min(object.size, range[2] ? Number(range[2]) + 1 : object.size) : object.size
  record.status = range ? 206 : 200
  res.writeHead(record.status, {
    'Content-Type': 'text/csv',
    'Content-Length': String(end - start),
    ETag: object.etag,
    'Last-Modified': new Date(0).toUTCString(),
    ...(range ? { 'Content-Range': `bytes ${start}-${end - 1}/${object.size}` } : {}),
  })
  let at = start
  const more = () => {
    while (at < end) {
      const piece = generatedBytes(object, at, Math.min(end, at + 1024 * 1024))
      at += piece.length
      record.bytes += piece.length
      if (!res.write(piece)) return void res.once('drain', more)
    }
    res.end()
  }
  more()
}

/** The bytes [start, end) of a generated object. @param {GeneratedObject} object @param {number} start @param {number} end */
function generatedBytes(object, start, end) {
  const pieces = []
  const bodyEnd = object.head.length + object.block.length * object.repeat
  for (let at = start; at < end; ) {
    let piece
    if (at < object.head.length) piece = object.head.subarray(at, Math.min(object.head.length, end))
    else if (at < bodyEnd) {
      const offset = (at - object.head.length) % object.block.length
      piece = object.block.subarray(offset, Math.min(object.block.length, offset + end - at))
    } else piece = object.tail.subarray(at - bodyEnd, end - bodyEnd)
    pieces.push(piece)
    at += piece.length
  }
  return Buffer.concat(pieces)
}

/** @param {string} method @param {string} key @param {URLSearchParams} query @returns {S3Operation} */
function operationOf(method, key, query) {
  if (key === '') {
    if (method === 'GET' && query.get('list-type') === '2') return 'ListObjectsV2'
    if (method === 'GET' && query.has('policy')) return 'GetBucketPolicy'
    if (method === 'GET' && query.has('location')) return 'GetBucketLocation'
    if (method === 'HEAD') return 'HeadBucket'
    return 'Other'
  }
  if (method === 'HEAD') return 'HeadObject'
  if (method === 'GET') return 'GetObject'
  return 'Other'
}

/** @param {string} operation */
function permissionOf(operation) {
  if (operation === 'ListObjectsV2') return 's3:ListBucket'
  if (operation === 'GetBucketPolicy') return 's3:GetBucketPolicy'
  return 's3:GetObject'
}

/** @param {string} code @param {string} message */
function errorXml(code, message) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`
}

/**
 * The bucket policy the developer guide asks for: Personalize may list the bucket and read its objects.
 * @param {string} bucket
 */
export function personalizeReadPolicy(bucket) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'personalize.amazonaws.com' },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      },
    ],
  }
}

/** @param {{ accessKeyId: string, secretAccessKey: string }} credentials */
export async function startS3(credentials) {
  return new S3Emulator(credentials).start()
}

// @ts-check
// The transport half of the local emulators: a loopback HTTP server, SigV4 scope checks, and the faults a
// hostile network or a busy AWS account produces (throttling, 5xx pages, cut and trickled bodies, black holes,
// resets). The service rules live elsewhere (personalize.mjs); this file knows nothing of Personalize.
import { createServer } from 'node:http'

/**
 * @typedef {'throttle' | 'limit' | 'http500' | 'http503' | 'html' | 'malformed' | 'cut' | 'trickle' | 'latency'
 *   | 'blackhole' | 'drop-after' | 'reset' | 'denied' | 'expired' | 'skew' | 'repeat-token' | 'invalid'} FaultKind
 * @typedef {{
 *   operation?: string,
 *   kind: FaultKind,
 *   times?: number,
 *   every?: number,
 *   after?: number,
 *   ms?: number,
 *   status?: number,
 *   action?: string,
 * }} Fault
 *   `times`: how often it applies (default always); `every`: every n-th matching request; `after`: only once this
 *   many matching requests have been answered normally; `ms`: latency, or the pause between trickled bytes;
 *   `status`: the HTTP status of an `html` page (default 503), sent after the request was processed;
 *   `action`: the IAM action a `denied` fault names (default the operation's own).
 * @typedef {Fault & { seen: number, applied: number }} ActiveFault
 * @typedef {{ status: number, headers: Record<string, string>, body: string }} Reply
 */

export class ServiceError extends Error {
  /** @param {string} type @param {string} message @param {number} [status] */
  constructor(type, message, status = 400) {
    super(message)
    this.type = type
    this.status = status
  }
}

/** Faults a test scripts, matched by operation, applied in the order they were added. */
export class FaultPlan {
  constructor() {
    /** @type {ActiveFault[]} */
    this.faults = []
  }

  /** @param {Fault} fault */
  add(fault) {
    this.faults.push({ times: Number.POSITIVE_INFINITY, every: 1, ...fault, seen: 0, applied: 0 })
  }

  clear() {
    this.faults = []
  }

  /** The fault to apply to this request, if any. @param {string} operation @returns {ActiveFault | undefined} */
  take(operation) {
    for (const fault of this.faults) {
      if (fault.operation && fault.operation !== operation) continue
      if (fault.applied >= (fault.times ?? Number.POSITIVE_INFINITY)) continue
      fault.seen += 1
      if (fault.seen <= (fault.after ?? 0)) continue
      if ((fault.seen - (fault.after ?? 0) - 1) % (fault.every ?? 1) !== 0) continue
      fault.applied += 1
      return fault
    }
    return undefined
  }
}

/** The error a fault answers with, when the fault is an error response of the service. @param {ActiveFault} fault */
export function faultError(fault) {
  switch (fault.kind) {
    case 'throttle':
      return new ServiceError('ThrottlingException', 'Rate exceeded')
    case 'limit':
      return new ServiceError('LimitExceededException', 'Rate exceeded')
    case 'http500':
      return new ServiceError('InternalFailure', 'We encountered an internal error. Please try again.', 500)
    case 'http503':
      return new ServiceError('ServiceUnavailable', 'Service unavailable', 503)
    case 'invalid':
      return new ServiceError('InvalidInputException', 'The request was not valid for this resource')
    case 'expired':
      return new ServiceError('ExpiredTokenException', 'The security token included in the request is expired', 400)
    case 'skew':
      return new ServiceError(
        'InvalidSignatureException',
        'Signature expired: 20261129T070000Z is now earlier than 20261129T071500Z (20261129T072000Z - 5 min.)',
        403,
      )
    default:
      return undefined
  }
}

/**
 * Parses a SigV4 Authorization header and returns its scope. Signatures are not recomputed: the emulators check
 * that a client signed for the right service and region, which is what a misconfigured client gets wrong.
 * @param {import('node:http').IncomingHttpHeaders} headers
 * @returns {{ accessKeyId: string, date: string, region: string, service: string }}
 */
export function sigV4Scope(headers) {
  const auth = String(headers.authorization ?? '')
  if (!auth) throw new ServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403)
  const scope =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=[^,]+, ?Signature=[0-9a-f]{64}$/.exec(
      auth,
    )
  if (!scope)
    throw new ServiceError('IncompleteSignatureException', 'Authorization header is not a SigV4 signature', 403)
  if (!headers['x-amz-date'])
    throw new ServiceError('IncompleteSignatureException', 'X-Amz-Date header is missing', 403)
  const [, accessKeyId = '', date = '', region = '', service = ''] = scope
  return { accessKeyId, date, region, service }
}

/**
 * Sends `reply`, or what `fault` makes of it: a body cut short (complete but malformed, or the connection
 * closed mid-body), a body trickled byte by byte, an HTML error page in place of the service's JSON.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Reply} reply
 * @param {ActiveFault | undefined} fault
 */
export async function send(req, res, reply, fault) {
  if (fault?.kind === 'drop-after') return void req.socket.destroy()
  if (fault?.kind === 'html') {
    const status = fault.status ?? 503
    const page = `<html><head><title>${status} Service Temporarily Unavailable</title></head><body><h1>${status}</h1></body></html>`
    res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(page) })
    return void res.end(page)
  }
  const body = Buffer.from(reply.body)
  if (fault?.kind === 'malformed') {
    const half = body.subarray(0, Math.floor(body.length / 2))
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(half.length) })
    return void res.end(half)
  }
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) })
  if (fault?.kind === 'cut') {
    res.write(body.subarray(0, Math.floor(body.length / 2)))
    return void setTimeout(() => req.socket.destroy(), 20)
  }
  if (fault?.kind === 'trickle') {
    for (const byte of body) {
      if (req.socket.destroyed) return
      res.write(Buffer.of(byte))
      await new Promise(resolve => setTimeout(resolve, fault.ms ?? 1000))
    }
    return void res.end()
  }
  res.end(body)
}

/** A loopback HTTP server that can be closed even while black-holed requests hang. */
export class LoopbackServer {
  /** @param {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>} handler */
  constructor(handler) {
    /** @type {Set<import('node:net').Socket>} */
    this.sockets = new Set()
    this.url = ''
    this.server = createServer((req, res) => {
      handler(req, res).catch(error => {
        process.stderr.write(`emulator: ${error instanceof Error ? error.stack : String(error)}\n`)
        if (!res.headersSent) res.writeHead(500).end()
        else req.socket.destroy()
      })
    })
    this.server.on('connection', socket => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /** @param {number} [port] */
  async listen(port = 0) {
    await new Promise(resolve => this.server.listen(port, '127.0.0.1', () => resolve(undefined)))
    const address = this.server.address()
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`
    return this.url
  }

  async close() {
    for (const socket of this.sockets) socket.destroy()
    await new Promise(resolve => this.server.close(() => resolve(undefined)))
  }
}

/** The request body as text. @param {import('node:http').IncomingMessage} req */
export async function readBody(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

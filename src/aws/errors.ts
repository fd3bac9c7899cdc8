import { capText, oneLine } from '../text.js'

// A failed AWS call, classified by whether waiting can heal it and whether the request may have been processed.
// Kept apart from the SDK clients so the waiting logic (and the benchmark that simulates it) does not load the SDK.

/** throttled and transient heal by waiting; aborted means our own signal fired; permanent never heals. */
export type ErrorKind = 'throttled' | 'transient' | 'aborted' | 'permanent'

export class AwsError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly httpStatus?: number,
    /**
     * The request may have been processed although no success came back: a 5xx, a cut or malformed answer, a
     * connection lost after sending, a timeout. A Create that ends like this may have created the job.
     */
    readonly ambiguous = false,
  ) {
    super(message)
  }
}

const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'SlowDown',
])
const TRANSIENT_CODES = new Set([
  'InternalFailure',
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
])
/** Connection-level failures after the request may have been sent: its answer was lost. */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'ERR_STREAM_PREMATURE_CLOSE',
])
/** The endpoint could not be reached at all: nothing was sent. A wrong region or endpoint-url stays unreachable. */
export const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'])

interface SdkErrorShape {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean }
  $response?: { statusCode?: number; headers?: Record<string, string> }
  $responseBodyText?: string
}

export function toAwsError(operation: string, error: unknown, aborted = false): AwsError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode
  const name = typeof e.name === 'string' ? e.name : 'Error'
  const message = typeof e.message === 'string' ? e.message : String(error)
  if (aborted || name === 'AbortError') return new AwsError(operation, 'AbortError', 'aborted', 'aborted', status, true)
  if (isUnreadableAnswer(e, name)) return unreadableAnswer(operation, status)
  const networkCode = typeof e.code === 'string' ? e.code : undefined
  const code =
    networkCode && (CONNECTION_CODES.has(networkCode) || UNREACHABLE_CODES.has(networkCode)) ? networkCode : name
  const text = capText(oneLine(message))
  const kind = kindOf(code, status, e.$metadata?.clockSkewCorrected === true)
  if (kind) return new AwsError(operation, code, kind.kind, text, status, kind.ambiguous)
  if (/socket hang up|premature close|aborted/i.test(message) && status === undefined) {
    return new AwsError(
      operation,
      'ConnectionLost',
      'transient',
      'the connection closed before the answer was complete',
      status,
      true,
    )
  }
  return new AwsError(operation, code, 'permanent', text, status)
}

/** Whether waiting heals an error of this code and status, and whether its request may have been processed. */
function kindOf(
  code: string,
  status: number | undefined,
  clockSkewCorrected: boolean,
): { kind: 'throttled' | 'transient'; ambiguous: boolean } | undefined {
  if (THROTTLING_CODES.has(code) || status === 429) return { kind: 'throttled', ambiguous: false }
  // The SDK has corrected its clock offset from the service's Date header: signed again, the request will pass.
  if (clockSkewCorrected || UNREACHABLE_CODES.has(code)) return { kind: 'transient', ambiguous: false }
  if (CONNECTION_CODES.has(code) || TRANSIENT_CODES.has(code) || (status !== undefined && status >= 500)) {
    return { kind: 'transient', ambiguous: true }
  }
  return undefined
}

/** The SDK could not parse the answer: a cut or malformed body, or a page that is not the service's JSON or XML. */
function isUnreadableAnswer(e: SdkErrorShape, name: string): boolean {
  if (name === 'SyntaxError') return true
  return typeof e.message === 'string' && e.message.includes('Deserialization error')
}

function unreadableAnswer(operation: string, status: number | undefined): AwsError {
  if (status !== undefined && status >= 300) {
    // A proxy's or load balancer's error page (HTML) in place of the service's error: say so, not the parser's words.
    const kind = status === 429 ? 'throttled' : status >= 500 ? 'transient' : 'permanent'
    return new AwsError(
      operation,
      `HTTP ${status}`,
      kind,
      `HTTP ${status} with a body that is not a service error (an error page from a proxy or load balancer?)`,
      status,
      status >= 500,
    )
  }
  return new AwsError(
    operation,
    'MalformedResponse',
    'transient',
    `the answer${status === undefined ? '' : ` (HTTP ${status})`} was cut short or malformed`,
    status,
    true,
  )
}

/** The request's signature was too old or too new for the service: the runner's clock is off. */
export function isClockSkew(error: AwsError): boolean {
  return (
    error.code === 'RequestTimeTooSkewed' || /signature expired|request has expired|clock skew/i.test(error.message)
  )
}

export function isAccessDenied(error: AwsError): boolean {
  return (
    error.code === 'AccessDeniedException' ||
    error.code === 'AccessDenied' ||
    /not authorized to perform/i.test(error.message)
  )
}

// A failed AWS call, classified by whether waiting can heal it. Kept apart from the SDK client so the
// waiting logic (and the benchmark that simulates it) does not load the SDK.

/** throttled and transient heal by waiting; aborted means our own signal fired; permanent never heals. */
export type ErrorKind = 'throttled' | 'transient' | 'aborted' | 'permanent'

export class AwsError extends Error {
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message)
  }
}

const THROTTLING = new Set([
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
  'ServiceUnavailable',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'EmptyResponse',
])
/** Connection-level failures: the request may not have arrived, or its answer was lost. */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
])

export function toAwsError(operation: string, error: unknown, signal?: AbortSignal): AwsError {
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } }
  const name = e.name ?? 'Error'
  const networkCode = typeof e.code === 'string' ? e.code : undefined
  const code = networkCode && CONNECTION_CODES.has(networkCode) ? networkCode : name
  const status = e.$metadata?.httpStatusCode
  const message = e.message ?? String(error)
  let kind: ErrorKind
  if (signal?.aborted || name === 'AbortError') kind = 'aborted'
  else if (THROTTLING.has(name) || status === 429) kind = 'throttled'
  else if (TRANSIENT_CODES.has(name) || CONNECTION_CODES.has(code) || (status !== undefined && status >= 500))
    kind = 'transient'
  else kind = 'permanent'
  return new AwsError(operation, code, kind, message, status)
}

export function isAccessDenied(error: AwsError): boolean {
  return (
    error.code === 'AccessDeniedException' ||
    error.code === 'AccessDenied' ||
    /not authorized to perform/i.test(error.message)
  )
}

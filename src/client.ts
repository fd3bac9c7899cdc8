import {
  CreateDatasetImportJobCommand,
  DescribeDatasetImportJobCommand,
  PersonalizeClient,
  type DatasetImportJob,
} from '@aws-sdk/client-personalize'
import type { ImportRequest } from './model.js'

// The only module that knows the SDK. It exposes the few calls the action makes and turns every SDK,
// network and credential failure into an AwsError whose `kind` tells the caller whether waiting can heal it.

export type ImportJob = DatasetImportJob

export interface PersonalizeApi {
  createImportJob(request: ImportRequest, signal: AbortSignal): Promise<string>
  describeImportJob(jobArn: string, signal: AbortSignal): Promise<ImportJob>
}

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

export interface ClientSettings {
  region: string
  endpoint?: string
}

// A black-holed endpoint must not hold the step: each attempt gives up on its own, and every call also
// carries the caller's signal (the wait deadline, cancellation).
const CONNECTION_TIMEOUT_MS = 5_000
const REQUEST_TIMEOUT_MS = 20_000

export function createPersonalizeApi(settings: ClientSettings): PersonalizeApi {
  const client = new PersonalizeClient({
    region: settings.region,
    // Only when the input is set: otherwise AWS_ENDPOINT_URL_PERSONALIZE / AWS_ENDPOINT_URL apply natively.
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  })
  return {
    async createImportJob(request, signal) {
      const output = await call('CreateDatasetImportJob', signal, () => client.send(new CreateDatasetImportJobCommand(request), { abortSignal: signal }))
      if (!output.datasetImportJobArn) throw new AwsError('CreateDatasetImportJob', 'EmptyResponse', 'permanent', 'the response carried no datasetImportJobArn')
      return output.datasetImportJobArn
    },
    async describeImportJob(jobArn, signal) {
      const output = await call('DescribeDatasetImportJob', signal, () =>
        client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn }), { abortSignal: signal }),
      )
      if (!output.datasetImportJob) throw new AwsError('DescribeDatasetImportJob', 'EmptyResponse', 'transient', 'the response carried no datasetImportJob')
      return output.datasetImportJob
    },
  }
}

async function call<T>(operation: string, signal: AbortSignal, send: () => Promise<T>): Promise<T> {
  try {
    return await send()
  } catch (error) {
    throw toAwsError(operation, error, signal)
  }
}

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException', 'SlowDown'])
const TRANSIENT_CODES = new Set(['InternalFailure', 'InternalServerError', 'ServiceUnavailable', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'EmptyResponse'])
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET'])

export function toAwsError(operation: string, error: unknown, signal?: AbortSignal): AwsError {
  const e = (error ?? {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } }
  const name = e.name ?? 'Error'
  const networkCode = typeof e.code === 'string' ? e.code : undefined
  const code = networkCode && NETWORK_CODES.has(networkCode) ? networkCode : name
  const status = e.$metadata?.httpStatusCode
  const message = e.message ?? String(error)
  let kind: ErrorKind
  if (signal?.aborted || name === 'AbortError') kind = 'aborted'
  else if (THROTTLING.has(name) || status === 429) kind = 'throttled'
  else if (TRANSIENT_CODES.has(name) || NETWORK_CODES.has(code) || (status !== undefined && status >= 500)) kind = 'transient'
  else kind = 'permanent'
  return new AwsError(operation, code, kind, message, status)
}

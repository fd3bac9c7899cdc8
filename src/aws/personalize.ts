import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'
import {
  CreateDatasetImportJobCommand,
  type Dataset,
  type DatasetImportJob,
  type DatasetImportJobSummary,
  DescribeDatasetCommand,
  DescribeDatasetImportJobCommand,
  ListDatasetImportJobsCommand,
  PersonalizeClient,
} from '@aws-sdk/client-personalize'
import { AwsError, toAwsError } from './errors.js'
import type { ImportRequest } from './model.js'

// The only module that knows the SDK. It exposes the few calls the action makes; every SDK, network and
// credential failure leaves it as an AwsError.

export type ImportJob = DatasetImportJob
export type ImportJobSummary = DatasetImportJobSummary

export interface PersonalizeApi {
  createImportJob(request: ImportRequest, signal: AbortSignal): Promise<string>
  describeImportJob(jobArn: string, signal: AbortSignal): Promise<ImportJob>
  describeDataset(datasetArn: string, signal: AbortSignal): Promise<Dataset>
  /** Every import job of the dataset, all pages. */
  listImportJobs(datasetArn: string, signal: AbortSignal): Promise<ImportJobSummary[]>
}

export interface ClientSettings {
  region: string
  endpoint?: string
  /** Receives the SDK's own request log (sensitive members already redacted by the SDK); debug runs only. */
  debugLog?: (line: string) => void
  /** The environment's HTTP(S)_PROXY / NO_PROXY, which the SDK ignores on its own. */
  proxyEnv?: Readonly<Record<string, string | undefined>>
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
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      ...proxyAgents(settings.proxyEnv ?? {}),
    },
    ...(settings.debugLog ? { logger: sdkLogger(settings.debugLog) } : {}),
  })
  return {
    async createImportJob(request, signal) {
      const output = await call('CreateDatasetImportJob', signal, () =>
        client.send(new CreateDatasetImportJobCommand(request), { abortSignal: signal }),
      )
      if (!output.datasetImportJobArn)
        throw new AwsError(
          'CreateDatasetImportJob',
          'EmptyResponse',
          'permanent',
          'the response carried no datasetImportJobArn',
        )
      return output.datasetImportJobArn
    },
    async describeImportJob(jobArn, signal) {
      const output = await call('DescribeDatasetImportJob', signal, () =>
        client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn }), { abortSignal: signal }),
      )
      if (!output.datasetImportJob)
        throw new AwsError(
          'DescribeDatasetImportJob',
          'EmptyResponse',
          'transient',
          'the response carried no datasetImportJob',
        )
      return output.datasetImportJob
    },
    async describeDataset(datasetArn, signal) {
      const output = await call('DescribeDataset', signal, () =>
        client.send(new DescribeDatasetCommand({ datasetArn }), { abortSignal: signal }),
      )
      if (!output.dataset)
        throw new AwsError('DescribeDataset', 'EmptyResponse', 'transient', 'the response carried no dataset')
      return output.dataset
    },
    async listImportJobs(datasetArn, signal) {
      const jobs: ImportJobSummary[] = []
      let nextToken: string | undefined
      do {
        const token = nextToken
        const output = await call('ListDatasetImportJobs', signal, () =>
          client.send(
            new ListDatasetImportJobsCommand({ datasetArn, maxResults: 100, ...(token ? { nextToken: token } : {}) }),
            { abortSignal: signal },
          ),
        )
        jobs.push(...(output.datasetImportJobs ?? []))
        nextToken = output.nextToken
      } while (nextToken)
      return jobs
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

/** The SDK logs objects whose sensitive members (tag keys and values) its schema already replaced. */
function sdkLogger(
  log: (line: string) => void,
): Record<'trace' | 'debug' | 'info' | 'warn' | 'error', (...content: unknown[]) => void> {
  const write = (...content: unknown[]): void =>
    log(`sdk: ${content.map(part => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')}`)
  // info carries one line per call (command, filtered input and output, attempts); trace and debug are
  // the provider chain's chatter.
  const quiet = (): void => undefined
  return { trace: quiet, debug: quiet, info: write, warn: write, error: write }
}

export const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

/**
 * Self-hosted runners behind a proxy set HTTPS_PROXY / HTTP_PROXY / NO_PROXY. Node 24's agents honour them
 * through `proxyEnv` (the same rules as NODE_USE_ENV_PROXY), so no proxy library is needed. Without a proxy
 * variable the SDK keeps its own agents.
 */
function proxyAgents(env: Readonly<Record<string, string | undefined>>): {
  httpAgent?: HttpAgent
  httpsAgent?: HttpsAgent
} {
  if (!PROXY_VARIABLES.some(name => env[name])) return {}
  const proxyEnv: Record<string, string> = {}
  for (const name of [...PROXY_VARIABLES, 'NO_PROXY', 'no_proxy']) {
    const value = env[name]
    if (value) proxyEnv[name] = value
  }
  // `proxyEnv` arrived in Node 24.5; @types/node for Node 20 does not declare it yet.
  const options = { keepAlive: true, proxyEnv } as ConstructorParameters<typeof HttpAgent>[0]
  return { httpAgent: new HttpAgent(options), httpsAgent: new HttpsAgent(options) }
}

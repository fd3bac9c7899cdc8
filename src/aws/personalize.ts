import {
  CreateDatasetImportJobCommand,
  type Dataset,
  type DatasetImportJob,
  type DatasetImportJobSummary,
  DescribeDatasetCommand,
  DescribeDatasetImportJobCommand,
  DescribeSchemaCommand,
  ListDatasetImportJobsCommand,
  ListTagsForResourceCommand,
  PersonalizeClient,
} from '@aws-sdk/client-personalize'
import { capText } from '../text.js'
import { AwsError } from './errors.js'
import { type HttpSettings, requestHandler, sdkLogger } from './http.js'
import type { ImportRequest } from './model.js'
import { type CallOptions, RetryingCaller, type RetryPolicy } from './retry.js'

// The only module that knows the Personalize SDK. It exposes the few calls the action makes, each under the one
// retry policy; answers are checked for shape, so nothing downstream trips over an odd one.

export interface ImportJob extends DatasetImportJob {
  /** What the status was, when it was not text (a number, an object): the job then counts as still running. */
  unreadableStatus?: string
}
export type ImportJobSummary = DatasetImportJobSummary
export type { Dataset }

/** The dataset's import jobs, and whether the listing reached its end. */
export interface ImportListing {
  jobs: ImportJobSummary[]
  /** Why the listing stopped early (a page token that repeats, too many pages); undefined when complete. */
  incomplete?: string
}

export interface PersonalizeApi {
  /** Throws AwsError: ambiguous ones mean the job may exist; ResourceInUse and LimitExceeded are the queue's. */
  /** `onSent` is called each time a request is about to leave (after signing, as the HTTP handler takes it). */
  createImportJob(request: ImportRequest, onSent?: () => void): Promise<string>
  /** `visibleBy`: a job this step created or adopted; until then "not found" means "not visible yet". */
  describeImportJob(jobArn: string, options?: { visibleBy?: number }): Promise<ImportJob>
  describeDataset(datasetArn: string): Promise<Dataset>
  /** Every import job of the dataset (or, without one, of the region), all pages (within limits). */
  listImportJobs(datasetArn?: string): Promise<ImportListing>
  /** The tags of a resource (an import job): key to value; `withinMs` bounds the read (CallOptions). */
  listTags(resourceArn: string, options?: { withinMs?: number }): Promise<Record<string, string>>
  /** The dataset schema's Avro definition, as the JSON text given to create-schema. */
  describeSchema(schemaArn: string): Promise<string>
  /** When the credentials expire, if the SDK knows; undefined when it does not, or has none to resolve. */
  credentialsExpiry(): Promise<Date | undefined>
}

export interface ClientSettings extends HttpSettings {
  region: string
  endpoint?: string
  policy: RetryPolicy
}

/** check-only: the imports running on the dataset, and in the region against the quota (REGION_IMPORT_QUOTA). */
export interface QueueReport {
  runningOnDataset: string[]
  /** Undefined when the region's imports could not be listed. */
  runningInRegion?: number
}

/** How long a job this step created or adopted may stay invisible to Describe (eventual consistency). */
export const VISIBILITY_GRACE_MS = 120_000

/** A listing longer than this (10,000 jobs) is cut short with a warning rather than read forever. */
export const MAX_LIST_PAGES = 100

export function createPersonalizeApi(settings: ClientSettings): PersonalizeApi {
  const client = new PersonalizeClient({
    region: settings.region,
    // Only when the input is set: otherwise AWS_ENDPOINT_URL_PERSONALIZE / AWS_ENDPOINT_URL apply natively.
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    // The action's own policy retries, until the step's deadline; the SDK's three quick attempts would only
    // hide ambiguous Creates from it.
    maxAttempts: 1,
    requestHandler: requestHandler(settings),
    ...(settings.debugLog ? { logger: sdkLogger(settings.debugLog) } : {}),
  })
  const caller = new RetryingCaller(settings.policy)
  const call = <T>(operation: string, send: (signal: AbortSignal) => Promise<T>, options?: CallOptions): Promise<T> =>
    caller.call(operation, send, options)
  const clock = settings.policy.pacing.clock

  return {
    async createImportJob(request, onSent) {
      const output = await call(
        'CreateDatasetImportJob',
        signal => client.send(markSent(new CreateDatasetImportJobCommand(request), onSent), { abortSignal: signal }),
        // Only answers that prove nothing was created are sent again here; the rest the caller must resolve.
        { onlyRetry: error => !error.ambiguous && error.code !== 'LimitExceededException' },
      )
      if (typeof output.datasetImportJobArn !== 'string' || output.datasetImportJobArn === '') {
        const text = 'the answer carried no datasetImportJobArn'
        throw new AwsError('CreateDatasetImportJob', 'MalformedResponse', 'transient', text, 200, true)
      }
      return output.datasetImportJobArn
    },
    async describeImportJob(jobArn, options = {}) {
      const { visibleBy } = options
      const output = await call(
        'DescribeDatasetImportJob',
        signal =>
          client.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn: jobArn }), { abortSignal: signal }),
        {
          alsoRetry: error =>
            error.code === 'ResourceNotFoundException' && visibleBy !== undefined && clock.now() < visibleBy,
        },
      )
      return checkedJob(output.datasetImportJob)
    },
    async describeDataset(datasetArn) {
      const output = await call('DescribeDataset', signal =>
        client.send(new DescribeDatasetCommand({ datasetArn }), { abortSignal: signal }),
      )
      const dataset = output.dataset ?? {}
      return { ...dataset, ...(typeof dataset.status === 'string' ? {} : { status: undefined }) }
    },
    async listImportJobs(datasetArn) {
      const jobs: ImportJobSummary[] = []
      const seen = new Set<string>()
      let nextToken: string | undefined
      for (let page = 1; ; page++) {
        const token = nextToken
        const output = await call('ListDatasetImportJobs', signal =>
          client.send(
            new ListDatasetImportJobsCommand({
              ...(datasetArn ? { datasetArn } : {}),
              maxResults: 100,
              ...(token ? { nextToken: token } : {}),
            }),
            { abortSignal: signal },
          ),
        )
        jobs.push(...(Array.isArray(output.datasetImportJobs) ? output.datasetImportJobs : []).map(checkedSummary))
        nextToken = typeof output.nextToken === 'string' && output.nextToken !== '' ? output.nextToken : undefined
        if (nextToken === undefined) return { jobs }
        if (seen.has(nextToken)) return { jobs, incomplete: `the service repeated a page token after ${page} pages` }
        if (page >= MAX_LIST_PAGES) return { jobs, incomplete: `more than ${MAX_LIST_PAGES} pages` }
        seen.add(nextToken)
      }
    },
    async describeSchema(schemaArn) {
      const output = await call('DescribeSchema', signal =>
        client.send(new DescribeSchemaCommand({ schemaArn }), { abortSignal: signal }),
      )
      return typeof output.schema?.schema === 'string' ? output.schema.schema : ''
    },
    async listTags(resourceArn, options = {}) {
      const output = await call(
        'ListTagsForResource',
        signal => client.send(new ListTagsForResourceCommand({ resourceArn }), { abortSignal: signal }),
        options,
      )
      const tags: Record<string, string> = {}
      for (const tag of Array.isArray(output.tags) ? output.tags : []) {
        if (typeof tag.tagKey === 'string' && typeof tag.tagValue === 'string') tags[tag.tagKey] = tag.tagValue
      }
      return tags
    },
    async credentialsExpiry() {
      try {
        const identity = await client.config.credentials()
        return identity.expiration instanceof Date ? identity.expiration : undefined
      } catch {
        return undefined // no credentials: the first call says so, with advice
      }
    },
  }
}

/** A job description whatever came back: strings capped, a status that is not text set aside. */
function checkedJob(raw: DatasetImportJob | undefined): ImportJob {
  const job: ImportJob = { ...(raw ?? {}) }
  const status: unknown = job.status
  if (status !== undefined && typeof status !== 'string') {
    job.unreadableStatus = Array.isArray(status)
      ? 'a list'
      : status === null
        ? 'null'
        : typeof status === 'object'
          ? 'an object'
          : `a ${typeof status}`
    job.status = undefined
  }
  if (typeof job.failureReason === 'string') job.failureReason = capText(job.failureReason)
  else if (job.failureReason !== undefined) job.failureReason = undefined
  return job
}

function checkedSummary(raw: DatasetImportJobSummary): DatasetImportJobSummary {
  const summary = { ...raw }
  if (typeof summary.status !== 'string') summary.status = undefined
  if (typeof summary.datasetImportJobArn !== 'string') summary.datasetImportJobArn = undefined
  if (typeof summary.jobName !== 'string') summary.jobName = undefined
  if (typeof summary.failureReason === 'string') summary.failureReason = capText(summary.failureReason)
  return summary
}

/** The command, with `onSent` called as its request goes to the HTTP handler (the innermost middleware). */
function markSent(command: CreateDatasetImportJobCommand, onSent: (() => void) | undefined) {
  if (!onSent) return command
  command.middlewareStack.add(
    next => async args => {
      onSent()
      return next(args)
    },
    { step: 'deserialize', priority: 'low', name: 'markCreateSent' },
  )
  return command
}

import { AwsError, isAccessDenied } from '../aws/errors.js'
import { type ImportRequest, IN_FLIGHT_STATUSES, TERMINAL_SUCCESS } from '../aws/model.js'
import type { ImportJobSummary, PersonalizeApi } from '../aws/personalize.js'
import { ActionError, Cancelled } from '../failure.js'
import type { Pacing } from '../pacing.js'
import type { Runner } from '../runner.js'
import { formatDuration } from '../text.js'
import { pollLog } from '../wait/log.js'
import { pollUntil } from '../wait/poll.js'

// Checks that fail in seconds what Personalize would only report as CREATE FAILED many minutes later.
// A check whose permission the credentials lack is skipped with a warning: pre-flight never blocks an
// import that would have worked.

/** A wait before Create ran out of wait-timeout-minutes: say what held it up, and that nothing was created. */
export function gaveUpBeforeCreate(pacing: Pacing, title: string, heldUpBy: string): ActionError {
  const elapsed = formatDuration(pacing.clock.now() - pacing.startedAt)
  return new ActionError(
    title,
    `Gave up after ${elapsed} (wait-timeout-minutes)${heldUpBy}. No import job was created.`,
  )
}

export interface PreflightContext {
  api: PersonalizeApi
  runner: Runner
  pacing: Pacing
  region: string
}

/** The dataset's import jobs as listed, or undefined when listing is not permitted. */
export type ImportListing = ImportJobSummary[] | undefined

export async function preflight(
  context: PreflightContext,
  request: ImportRequest,
  importModeGiven: boolean,
): Promise<ImportListing> {
  await checkDataset(context, request.datasetArn)
  const jobs = await listImports(context, request.datasetArn)
  if (!jobs) return undefined
  const completed = jobs.filter(job => job.status === TERMINAL_SUCCESS)
  if (request.importMode === 'INCREMENTAL' && completed.length === 0) {
    throw new ActionError(
      'INCREMENTAL needs a bulk import first',
      `Import mode INCREMENTAL appends to data of a completed bulk import, and dataset ${request.datasetArn} has none (${jobs.length} import jobs, none ACTIVE). You can only specify FULL until a bulk import has completed: run a FULL import first.`,
    )
  }
  if (!importModeGiven && completed.length > 0) {
    context.runner.warning(
      `import-mode is not set, so the service default FULL replaces all bulk data in dataset ${request.datasetArn} (${completed.length} completed imports). Set import-mode: FULL to confirm, or INCREMENTAL to append.`,
      { title: 'FULL import replaces existing data' },
    )
  }
  context.runner.info(
    `Pre-flight: dataset ACTIVE; ${jobs.length} earlier import jobs, ${completed.length} ACTIVE, ${jobs.filter(inFlight).length} running`,
  )
  return jobs
}

async function checkDataset(context: PreflightContext, datasetArn: string): Promise<void> {
  const { api, pacing, runner } = context
  let status: string
  try {
    // The first read fails fast like Create would (a wrong endpoint or region must not wait out the timeout);
    // only a dataset still being created is polled.
    status = (await api.describeDataset(datasetArn, pacing.requestSignal())).status ?? 'UNKNOWN'
  } catch (error) {
    if (error instanceof AwsError && isAccessDenied(error)) {
      runner.warning(
        `Pre-flight dataset check skipped: the credentials lack personalize:DescribeDataset. ${error.message}`,
        { title: 'Pre-flight skipped' },
      )
      return
    }
    if (error instanceof AwsError && error.code === 'ResourceNotFoundException') {
      throw new ActionError(
        'Dataset not found',
        `Dataset ${datasetArn} does not exist in region ${context.region}. Check dataset-arn, the region and that the credentials belong to its account.`,
      )
    }
    throw error
  }
  if (IN_FLIGHT_STATUSES.includes(status)) {
    runner.info(`Dataset is ${status}: waiting for it to become ACTIVE before importing`)
    const result = await pollUntil({
      ...pacing,
      read: signal => api.describeDataset(datasetArn, signal),
      statusOf: dataset => dataset.status ?? 'UNKNOWN',
      isFinal: next => !IN_FLIGHT_STATUSES.includes(next),
      events: pollLog(runner, 'dataset'),
    })
    if (result.outcome === 'cancelled') throw new Cancelled()
    status = result.value?.status ?? status
    if (result.outcome === 'timeout') {
      throw gaveUpBeforeCreate(
        pacing,
        'Timed out waiting for the dataset',
        ` waiting for dataset ${datasetArn} to become ACTIVE; it is ${status}`,
      )
    }
  }
  if (status !== TERMINAL_SUCCESS) {
    throw new ActionError(
      'Dataset not ACTIVE',
      `Dataset ${datasetArn} is ${status}; only an ACTIVE dataset can receive imports. No import job was created.`,
    )
  }
}

/** Every import job of the dataset (all pages), or undefined with a warning when listing is denied. */
export async function listImports(context: PreflightContext, datasetArn: string): Promise<ImportListing> {
  try {
    return await context.api.listImportJobs(datasetArn, context.pacing.requestSignal())
  } catch (error) {
    if (error instanceof AwsError && isAccessDenied(error)) {
      context.runner.warning(
        `Pre-flight import checks skipped: the credentials lack personalize:ListDatasetImportJobs. ${error.message}`,
        { title: 'Pre-flight skipped' },
      )
      return undefined
    }
    throw error
  }
}

export function inFlight(job: ImportJobSummary): boolean {
  return IN_FLIGHT_STATUSES.includes(job.status ?? '')
}

import { AwsError, isAccessDenied } from '../aws/errors.js'
import { type ImportRequest, IN_FLIGHT_STATUSES, TERMINAL_SUCCESS } from '../aws/model.js'
import type { Dataset, ImportJobSummary, PersonalizeApi } from '../aws/personalize.js'
import { ActionError, Cancelled } from '../failure.js'
import type { Pacing } from '../pacing.js'
import type { Runner } from '../runner.js'
import { formatDuration, plural } from '../text.js'
import { pollLog } from '../wait/log.js'
import { pollUntil } from '../wait/poll.js'

// Checks that fail in seconds what Personalize would only report as CREATE FAILED many minutes later.
// A check whose permission the credentials lack is skipped with a warning: pre-flight never blocks an
// import that would have worked.

export interface PreflightContext {
  api: PersonalizeApi
  runner: Runner
  pacing: Pacing
  region: string
}

/** What pre-flight learnt: the dataset and its import jobs, each undefined when its call was not permitted. */
export interface PreflightResult {
  dataset?: Dataset
  jobs?: ImportJobSummary[]
  /** Why the listing of the jobs stopped early, when it did. */
  jobsIncomplete?: string
}

/** A wait before Create ran out of wait-timeout-minutes: say what held it up, and that nothing was created. */
export function gaveUpBeforeCreate(pacing: Pacing, title: string, heldUpBy: string): ActionError {
  const elapsed = formatDuration(pacing.clock.now() - pacing.startedAt)
  return new ActionError(
    title,
    `Gave up after ${elapsed} (wait-timeout-minutes)${heldUpBy}. No import job was created.`,
  )
}

/** What pre-flight looks at: the dataset, and the import mode asked for. */
export type PreflightRequest = Pick<ImportRequest, 'datasetArn' | 'importMode'>

/**
 * The checks of the dataset and the import mode, for Create and check-only alike. A problem ends the step, or, with
 * `onProblem` (check-only: every problem is a finding, so a pull request hears of all at once), is passed to it and
 * the checks go on.
 */
export async function preflight(
  context: PreflightContext,
  request: PreflightRequest,
  importModeGiven: boolean,
  onProblem?: (problem: ActionError) => void,
): Promise<PreflightResult> {
  const problem = async <T>(check: () => Promise<T>): Promise<T | undefined> => {
    if (!onProblem) return check()
    try {
      return await check()
    } catch (error) {
      if (!(error instanceof ActionError)) throw error
      onProblem(error)
      return undefined
    }
  }
  const dataset = await problem(() => checkDataset(context, request.datasetArn))
  const { jobs, incomplete } = await listDatasetImports(context, request.datasetArn)
  if (jobs) await problem(async () => checkImportMode(context, request, importModeGiven, jobs))
  return {
    ...(dataset ? { dataset } : {}),
    ...(jobs ? { jobs } : {}),
    ...(incomplete ? { jobsIncomplete: incomplete } : {}),
  }
}

function checkImportMode(
  context: PreflightContext,
  request: PreflightRequest,
  importModeGiven: boolean,
  jobs: ImportJobSummary[],
): void {
  const completed = jobs.filter(job => job.status === TERMINAL_SUCCESS)
  if (request.importMode === 'INCREMENTAL' && completed.length === 0) {
    throw new ActionError(
      'INCREMENTAL needs a bulk import first',
      `Import mode INCREMENTAL appends to data of a completed bulk import, and dataset ${request.datasetArn} has ` +
        `none (${plural(jobs.length, 'import job')}, none ACTIVE). You can only specify FULL until a bulk import ` +
        'has completed: run a FULL import first.',
    )
  }
  if (!importModeGiven && completed.length > 0) {
    context.runner.warning(
      `import-mode is not set, so the service default FULL replaces all bulk data in dataset ${request.datasetArn} ` +
        `(${plural(completed.length, 'completed import')}). Set import-mode: FULL to confirm, or INCREMENTAL to append.`,
      { title: 'FULL import replaces existing data' },
    )
  }
  context.runner.info(
    `Pre-flight: dataset ACTIVE; ${plural(jobs.length, 'earlier import job')}, ${completed.length} ACTIVE, ` +
      `${jobs.filter(inFlight).length} running`,
  )
}

/** The dataset, once ACTIVE (waiting while it is being created); undefined when describing it is not permitted. */
async function checkDataset(context: PreflightContext, datasetArn: string): Promise<Dataset | undefined> {
  const { api, pacing, runner } = context
  let dataset: Dataset
  try {
    dataset = await api.describeDataset(datasetArn)
  } catch (error) {
    if (error instanceof AwsError && isAccessDenied(error)) {
      runner.warning(
        `Pre-flight dataset check skipped: the credentials lack personalize:DescribeDataset. ${error.message}`,
        { title: 'Pre-flight skipped' },
      )
      return undefined
    }
    throw error
  }
  if (IN_FLIGHT_STATUSES.includes(dataset.status ?? '')) {
    runner.info(`Dataset is ${dataset.status}: waiting for it to become ACTIVE before importing`)
    const result = await pollUntil({
      ...pacing,
      read: () => api.describeDataset(datasetArn),
      statusOf: value => value.status ?? 'UNKNOWN',
      isFinal: next => !IN_FLIGHT_STATUSES.includes(next),
      events: pollLog(runner, 'dataset'),
    })
    if (result.outcome === 'cancelled') throw new Cancelled()
    dataset = result.value ?? dataset
    if (result.outcome === 'timeout') {
      throw gaveUpBeforeCreate(
        pacing,
        'Timed out waiting for the dataset',
        ` waiting for dataset ${datasetArn} to become ACTIVE; it is ${dataset.status ?? 'of unknown status'}`,
      )
    }
  }
  if (dataset.status !== TERMINAL_SUCCESS) {
    throw new ActionError(
      'Dataset not ACTIVE',
      `Dataset ${datasetArn} is ${dataset.status ?? 'of unknown status'}; only an ACTIVE dataset can receive imports. ` +
        'No import job was created.',
    )
  }
  return dataset
}

/**
 * Every import job of the dataset (all pages), or undefined with a warning when listing is denied. A listing the
 * service would not let end (a repeated page token) is used as far as it got, with a warning.
 */
export async function listImports(
  context: PreflightContext,
  datasetArn: string,
): Promise<ImportJobSummary[] | undefined> {
  return (await listDatasetImports(context, datasetArn)).jobs
}

/** listImports, saying also why the listing stopped early when it did. */
export async function listDatasetImports(
  context: PreflightContext,
  datasetArn: string,
): Promise<{ jobs?: ImportJobSummary[]; incomplete?: string }> {
  try {
    const listing = await context.api.listImportJobs(datasetArn)
    if (listing.incomplete) {
      context.runner.warning(
        `The list of the dataset's import jobs stopped early (${listing.incomplete}); the checks use the ` +
          `${plural(listing.jobs.length, 'job')} read.`,
        { title: 'Incomplete listing' },
      )
      return { jobs: listing.jobs, incomplete: listing.incomplete }
    }
    return { jobs: listing.jobs }
  } catch (error) {
    if (error instanceof AwsError && isAccessDenied(error)) {
      context.runner.warning(
        `Pre-flight import checks skipped: the credentials lack personalize:ListDatasetImportJobs. ${error.message}`,
        { title: 'Pre-flight skipped' },
      )
      return {}
    }
    throw error
  }
}

export function inFlight(job: ImportJobSummary): boolean {
  return IN_FLIGHT_STATUSES.includes(job.status ?? '')
}

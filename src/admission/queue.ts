import { AwsError, isAccessDenied } from '../aws/errors.js'
import { type ImportRequest, REGION_IMPORT_QUOTA } from '../aws/model.js'
import type { ImportJobSummary, QueueReport } from '../aws/personalize.js'
import type { IfBusy } from '../config.js'
import { ActionError, Cancelled } from '../failure.js'
import { pauseBefore } from '../pacing.js'
import { formatDuration } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import { pollLog } from '../wait/log.js'
import { type PollResult, pollUntil } from '../wait/poll.js'
import { type CreateEvents, createOrAdopt, type StartedJob } from './create.js'
import type { EarlierImport } from './gate.js'
import { gaveUpBeforeCreate, inFlight, listImports, type PreflightContext } from './preflight.js'

// Imports on one dataset run one after another, and a region admits 5 running imports. With if-busy:
// wait the action queues behind whatever holds the dataset or the quota (within the step's deadline),
// then creates; with fail it fails at once, naming what is in the way.

export interface QueueSettings {
  ifBusy: IfBusy
  /** Look for a running import on the dataset before each Create (pre-flight on and listing allowed). */
  lookFirst: boolean
}

/**
 * Creates the job once the dataset and the region have room. After any wait, `afterWait` may find that the import
 * is no longer needed (skip-unchanged: another run imported the same data meanwhile): then nothing is created.
 */
export async function createWhenFree(
  context: PreflightContext,
  request: ImportRequest,
  derivedArn: string,
  settings: QueueSettings,
  firstListing: ImportJobSummary[] | undefined,
  events: CreateEvents,
  afterWait?: () => Promise<EarlierImport | undefined>,
): Promise<StartedJob | { unchanged: EarlierImport }> {
  const queue = new Queue(context, request, settings, firstListing)
  for (let attempt = 0; ; attempt++) {
    const running = queue.runningOther()
    if (running) {
      await queue.waitFor(running, attempt)
    } else {
      try {
        return await createOrAdopt(context, request, derivedArn, events)
      } catch (error) {
        if (!queue.waitsOut(error)) throw error
        await queue.afterBusy(error, attempt)
      }
    }
    const unchanged = await afterWait?.()
    if (unchanged) return { unchanged }
  }
}

/**
 * What the queue knows between attempts: the latest listing of the dataset's imports, whether to look at it before
 * Create, whether listing is allowed at all, and the job it last waited for. Each transition is one method.
 */
class Queue {
  private listing: ImportJobSummary[] | undefined
  private lookFirst: boolean
  /** A denied listing was warned about once; asking again on every retry would only repeat the warning. */
  private canList: boolean
  private waitedFor: string | undefined

  constructor(
    private readonly context: PreflightContext,
    private readonly request: ImportRequest,
    private readonly settings: QueueSettings,
    firstListing: ImportJobSummary[] | undefined,
  ) {
    this.listing = firstListing
    this.lookFirst = settings.lookFirst && firstListing !== undefined
    this.canList = !settings.lookFirst || firstListing !== undefined
  }

  /** Another import running on the dataset, when the queue looks before Create. */
  runningOther(): ImportJobSummary | undefined {
    return this.lookFirst ? runningOther(this.listing, this.request) : undefined
  }

  /** Waits until `running` ends (or fails at once with if-busy: fail), then lists again. */
  async waitFor(running: ImportJobSummary, attempt: number): Promise<void> {
    const name = running.jobName ?? running.datasetImportJobArn
    // The listing can lag behind Describe: a job that has ended may still be listed as running. Pace it.
    if (name !== undefined && name === this.waitedFor) {
      await pauseForSlot(this.context, `the listing still shows import job ${name} running`, attempt)
    } else {
      await queueBehind(this.context, this.request, running, this.settings.ifBusy)
    }
    this.waitedFor = name
    await this.list()
    this.lookFirst = this.canList
  }

  /** A Create refused because the dataset or the region is busy, with if-busy: wait, is waited out. */
  waitsOut(error: unknown): error is AwsError {
    if (!(error instanceof AwsError) || this.settings.ifBusy === 'fail') return false
    return error.code === 'ResourceInUseException' || error.code === 'LimitExceededException'
  }

  /** After a busy Create: queue behind the import that started since we looked, or pause for a slot. */
  async afterBusy(error: AwsError, attempt: number): Promise<void> {
    if (error.code === 'ResourceInUseException' && this.canList) {
      await this.list()
      if (runningOther(this.listing, this.request)) {
        this.lookFirst = true
        return
      }
    }
    await pauseForSlot(this.context, slotReason(this.context, error), attempt)
  }

  private async list(): Promise<void> {
    this.listing = await listImports(this.context, this.request.datasetArn)
    this.canList = this.listing !== undefined
  }
}

function runningOther(listing: ImportJobSummary[] | undefined, request: ImportRequest): ImportJobSummary | undefined {
  return (listing ?? []).find(job => inFlight(job) && job.jobName !== request.jobName)
}

async function queueBehind(
  context: PreflightContext,
  request: ImportRequest,
  running: ImportJobSummary,
  ifBusy: IfBusy,
): Promise<void> {
  const name = running.jobName ?? running.datasetImportJobArn ?? 'unknown'
  if (ifBusy === 'fail') {
    throw new ActionError(
      'Dataset busy',
      `Import job ${name}${running.datasetImportJobArn ? ` (${running.datasetImportJobArn})` : ''} is ` +
        `${running.status ?? 'running'} on dataset ${request.datasetArn}, and if-busy is fail. Imports on one ` +
        'dataset run one after another; no import job was created.',
    )
  }
  context.runner.info(
    `Import job ${name} is ${running.status ?? 'running'} on this dataset: waiting for it to end before creating ` +
      'ours (if-busy: wait)',
  )
  const ended = running.datasetImportJobArn
    ? await waitForJobToEnd(context, request, running.datasetImportJobArn, name)
    : await waitForListingToClear(context, request, name)
  context.runner.info(`Import job ${name} ended${ended ? ` ${ended}` : ''}; creating ours`)
}

/** Follows the running job by its ARN; returns its final status. */
async function waitForJobToEnd(
  context: PreflightContext,
  request: ImportRequest,
  arn: string,
  name: string,
): Promise<string> {
  const { pacing, api, runner } = context
  const result = await pollUntil({
    ...pacing,
    read: () => api.describeImportJob(arn),
    statusOf: job => job.status ?? 'UNKNOWN',
    isFinal: isTerminal,
    events: pollLog(runner, `queued behind ${name}`),
  })
  endOfQueue(
    pacing,
    result.outcome,
    `import job ${name} on dataset ${request.datasetArn}`,
    result.value?.status ?? 'running',
  )
  return result.value?.status ?? ''
}

/** A running job the listing shows without an ARN can only be followed through the listing itself, paced. */
async function waitForListingToClear(context: PreflightContext, request: ImportRequest, name: string): Promise<string> {
  const { pacing, runner } = context
  const result = await pollUntil({
    ...pacing,
    read: async () => (await listImports(context, request.datasetArn)) ?? [],
    statusOf: jobs => (runningOther(jobs, request) ? 'an import running' : 'no import running'),
    isFinal: status => status === 'no import running',
    events: pollLog(runner, `queued behind ${name}`),
  })
  endOfQueue(pacing, result.outcome, `import job ${name} on dataset ${request.datasetArn}`)
  return ''
}

/** A wait in the queue that did not see the job end ends the step: cancelled, or out of time before Create. */
function endOfQueue(
  pacing: PreflightContext['pacing'],
  outcome: PollResult<unknown>['outcome'],
  what: string,
  lastStatus?: string,
): void {
  if (outcome === 'cancelled') throw new Cancelled()
  if (outcome !== 'timeout') return
  const still = lastStatus === undefined ? '' : `; it is still ${lastStatus}`
  throw gaveUpBeforeCreate(pacing, 'Timed out in the queue', ` waiting for ${what} to end${still}`)
}

function slotReason(context: PreflightContext, error: AwsError): string {
  return error.code === 'LimitExceededException'
    ? `region ${context.region} has ${REGION_IMPORT_QUOTA} imports pending or in progress (the quota)`
    : 'the dataset is in use (an import is starting, or the dataset is not ACTIVE yet)'
}

async function pauseForSlot(context: PreflightContext, reason: string, attempt: number): Promise<void> {
  const { pacing, runner } = context
  const now = pacing.clock.now()
  const pause = Math.min(pauseBefore(attempt, pacing.maxPauseMs, pacing.random), pacing.deadline - now)
  runner.info(`Waiting for a free slot: ${reason}; trying Create again in ${formatDuration(pause)}`)
  await pacing.sleep(pause, pacing.cancel)
  if (pacing.cancel.aborted) throw new Cancelled()
  if (pacing.clock.now() >= pacing.deadline) {
    throw gaveUpBeforeCreate(pacing, 'Timed out in the queue', `: ${reason}`)
  }
}

export async function queueReport(
  context: PreflightContext,
  jobsOnDataset: ImportJobSummary[] | undefined,
): Promise<QueueReport> {
  const onDataset = (jobsOnDataset ?? [])
    .filter(inFlight)
    .map(job => job.jobName ?? job.datasetImportJobArn ?? 'unknown')
  const report: QueueReport = { runningOnDataset: onDataset }
  try {
    const inRegion = (await context.api.listImportJobs()).jobs.filter(inFlight).length
    report.runningInRegion = inRegion
  } catch (error) {
    if (!(error instanceof AwsError && isAccessDenied(error))) throw error
  }
  const region =
    report.runningInRegion === undefined
      ? 'not listed'
      : `${report.runningInRegion} of ${REGION_IMPORT_QUOTA} in ${context.region}`
  context.runner.info(
    `Queue: ${onDataset.length === 0 ? 'no import running on the dataset' : `running on the dataset: ${onDataset.join(', ')}`}; ` +
      `imports pending or in progress in the region: ${region}`,
  )
  return report
}

import { AwsError } from '../aws/errors.js'
import type { ImportRequest } from '../aws/model.js'
import type { ImportJobSummary } from '../aws/personalize.js'
import type { IfBusy } from '../config.js'
import { ActionError, Cancelled } from '../failure.js'
import { pauseBefore } from '../pacing.js'
import { formatDuration } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import { pollLog } from '../wait/log.js'
import { pollUntil } from '../wait/poll.js'
import { createOrAdopt, type StartedJob } from './create.js'
import { gaveUpBeforeCreate, type ImportListing, inFlight, listImports, type PreflightContext } from './preflight.js'

// Imports on one dataset run one after another, and a region admits 5 running imports. With if-busy:
// wait the action queues behind whatever holds the dataset or the quota (within the step's deadline),
// then creates; with fail it fails at once, naming what is in the way.

export interface QueueSettings {
  ifBusy: IfBusy
  /** Look for a running import on the dataset before each Create (pre-flight on and listing allowed). */
  lookFirst: boolean
}

export async function createWhenFree(
  context: PreflightContext,
  request: ImportRequest,
  derivedArn: string,
  settings: QueueSettings,
  firstListing: ImportListing,
): Promise<StartedJob> {
  let listing = firstListing
  let lookFirst = settings.lookFirst && listing !== undefined
  // A denied listing was warned about once; asking again on every retry would only repeat the warning.
  let canList = !settings.lookFirst || listing !== undefined
  for (let attempt = 0; ; attempt++) {
    if (lookFirst) {
      const running = (listing ?? []).find(job => inFlight(job) && job.jobName !== request.jobName)
      if (running) {
        await queueBehind(context, request, running, settings.ifBusy)
        listing = await listImports(context, request.datasetArn)
        lookFirst = canList = listing !== undefined
        continue
      }
    }
    try {
      return await createOrAdopt(context.api, request, derivedArn, context.pacing.requestSignal())
    } catch (error) {
      if (!(error instanceof AwsError) || settings.ifBusy === 'fail') throw error
      if (error.code !== 'ResourceInUseException' && error.code !== 'LimitExceededException') throw error
      if (error.code === 'ResourceInUseException' && canList) {
        // Another import started since we looked (or we did not look): find it and queue behind it.
        listing = await listImports(context, request.datasetArn)
        canList = listing !== undefined
        if (listing?.some(job => inFlight(job) && job.jobName !== request.jobName)) {
          lookFirst = true
          continue
        }
      }
      await pauseForSlot(context, error, attempt)
    }
  }
}

async function queueBehind(
  context: PreflightContext,
  request: ImportRequest,
  running: ImportJobSummary,
  ifBusy: IfBusy,
): Promise<void> {
  const { runner, pacing, api } = context
  const name = running.jobName ?? running.datasetImportJobArn ?? 'unknown'
  if (ifBusy === 'fail') {
    throw new ActionError(
      'Dataset busy',
      `Import job ${name} (${running.datasetImportJobArn ?? ''}) is ${running.status ?? 'running'} on dataset ${request.datasetArn}, and if-busy is fail. Imports on one dataset run one after another; no import job was created.`,
    )
  }
  runner.info(
    `Import job ${name} is ${running.status ?? 'running'} on this dataset: waiting for it to end before creating ours (if-busy: wait)`,
  )
  const arn = running.datasetImportJobArn
  if (!arn) return
  const result = await pollUntil({
    ...pacing,
    read: signal => api.describeImportJob(arn, signal),
    statusOf: job => job.status ?? 'UNKNOWN',
    isFinal: isTerminal,
    events: pollLog(runner, `queued behind ${name}`),
  })
  if (result.outcome === 'cancelled') throw new Cancelled()
  if (result.outcome === 'timeout') {
    throw gaveUpBeforeCreate(
      pacing,
      'Timed out in the queue',
      ` waiting for import job ${name} on dataset ${request.datasetArn} to end; it is still ${result.value?.status ?? 'running'}`,
    )
  }
  runner.info(`Import job ${name} ended ${result.value?.status ?? ''}; creating ours`)
}

async function pauseForSlot(context: PreflightContext, error: AwsError, attempt: number): Promise<void> {
  const { pacing, runner } = context
  const reason =
    error.code === 'LimitExceededException'
      ? `region ${context.region} has 5 imports pending or in progress (the quota)`
      : 'the dataset is in use (an import is starting, or the dataset is not ACTIVE yet)'
  const now = pacing.clock.now()
  const pause = Math.min(pauseBefore(attempt, 0, pacing.maxPauseMs, pacing.random), pacing.deadline - now)
  runner.info(`Waiting for a free slot: ${reason}; trying Create again in ${formatDuration(pause)}`)
  await pacing.sleep(pause, pacing.cancel)
  if (pacing.cancel.aborted) throw new Cancelled()
  if (pacing.clock.now() >= pacing.deadline) {
    throw gaveUpBeforeCreate(pacing, 'Timed out in the queue', `: ${reason}`)
  }
}

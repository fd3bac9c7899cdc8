import { AwsError } from '../aws/errors.js'
import type { ImportRequest } from '../aws/model.js'
import { type ImportJob, VISIBILITY_GRACE_MS } from '../aws/personalize.js'
import { DeadlineReached } from '../aws/retry.js'
import { ActionError, Cancelled } from '../failure.js'
import { retryPause } from '../pacing.js'
import { formatDuration } from '../text.js'
import type { PreflightContext } from './preflight.js'

// Creating the import job so that it exists once, whatever the network does. CreateDatasetImportJob is not
// idempotent, but job names are unique per account and region: a Create whose outcome is unknown is settled by
// reading the job at its own ARN, and sending Create again under the same name can never make a second import.

export interface StartedJob {
  jobArn: string
  /** When this step created or adopted the job (the step's clock): Describe may not see it for a while. */
  startedAt: number
  /** The job that already existed and matched this request, when it was adopted rather than created. */
  adopted?: ImportJob
}

export interface CreateEvents {
  /** A Create has left (its request is being sent): until it is answered, the job may exist at `jobArn`. */
  sending(jobArn: string): void
  /** The Create was answered: the job exists (its ARN is returned) or was certainly not made. */
  answered(): void
  /** The Create's outcome is unknown: the job may exist at `jobArn` until it is found or created. */
  mayExist(jobArn: string): void
}

export async function createOrAdopt(
  context: PreflightContext,
  request: ImportRequest,
  derivedArn: string,
  events: CreateEvents,
): Promise<StartedJob> {
  const { api, pacing, runner } = context
  for (let attempt = 1; ; attempt++) {
    let error: AwsError
    try {
      // In flight only once a request leaves: a Create stopped before that (cancelled, out of time) made nothing.
      const jobArn = await api.createImportJob(request, () => events.sending(derivedArn))
      events.answered()
      return { jobArn, startedAt: pacing.clock.now() }
    } catch (thrown) {
      if (!(thrown instanceof AwsError)) throw thrown
      error = thrown
    }
    if (!error.ambiguous) events.answered()
    if (error.code === 'ResourceAlreadyExistsException') return adopt(context, request, derivedArn)
    if (!error.ambiguous) throw error
    events.mayExist(derivedArn)
    // The answer was lost, cut or a 5xx: the job may exist. Read it at its ARN before any new Create.
    const existing = await findJob(context, derivedArn)
    if (existing) return matching(existing, request, derivedArn, pacing.clock.now())
    const pause = Math.min(retryPause(attempt, pacing.maxPauseMs, pacing.random), pacing.deadline - pacing.clock.now())
    runner.info(
      `CreateDatasetImportJob failed (${error.code}) and no job is at ${derivedArn} yet; sending it again in ` +
        `${formatDuration(pause)} (the same job name cannot start a second import)`,
    )
    await pacing.sleep(Math.max(0, pause), pacing.cancel)
    if (pacing.cancel.aborted) throw new Cancelled()
    if (pacing.clock.now() >= pacing.deadline) throw new DeadlineReached('CreateDatasetImportJob', error)
  }
}

/** The job at `jobArn`, or undefined when Describe does not find it. */
async function findJob(context: PreflightContext, jobArn: string): Promise<ImportJob | undefined> {
  try {
    return await context.api.describeImportJob(jobArn)
  } catch (error) {
    if (error instanceof AwsError && error.code === 'ResourceNotFoundException') return undefined
    throw error
  }
}

/** The name is taken: by this very request (a re-run, or a lost answer), or by another import. */
async function adopt(context: PreflightContext, request: ImportRequest, derivedArn: string): Promise<StartedJob> {
  const now = context.pacing.clock.now()
  // The job that holds the name may have been created by our own first attempt an instant ago.
  const existing = await context.api.describeImportJob(derivedArn, { visibleBy: now + VISIBILITY_GRACE_MS })
  return matching(existing, request, derivedArn, now)
}

function matching(existing: ImportJob, request: ImportRequest, derivedArn: string, now: number): StartedJob {
  const mismatches: string[] = []
  if (existing.datasetArn !== request.datasetArn) mismatches.push(`its dataset is ${existing.datasetArn ?? 'unknown'}`)
  const location = existing.dataSource?.dataLocation
  if (location !== request.dataSource.dataLocation) mismatches.push(`its data location is ${location ?? 'unknown'}`)
  if (mismatches.length > 0) {
    throw new ActionError(
      'Job name already taken',
      `An import job named ${request.jobName} already exists (${derivedArn}) but ${mismatches.join(' and ')}, not ` +
        `${request.datasetArn} and ${request.dataSource.dataLocation}. Import job names are unique per account and ` +
        'region and cannot be reused: choose another job-name (or leave it empty for a per-run default).',
    )
  }
  return { jobArn: existing.datasetImportJobArn ?? derivedArn, startedAt: now, adopted: existing }
}

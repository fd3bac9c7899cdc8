import { AwsError } from '../aws/errors.js'
import type { ImportRequest } from '../aws/model.js'
import type { ImportJob, PersonalizeApi } from '../aws/personalize.js'
import { ActionError } from '../failure.js'

// Creating the import job so that a re-run, or an SDK retry whose first response was lost, ends with
// one job: a name that already exists is adopted when it describes this very request.

export interface StartedJob {
  jobArn: string
  /** The job that already existed and matched this request, when it was adopted rather than created. */
  adopted?: ImportJob
}

export async function createOrAdopt(
  api: PersonalizeApi,
  request: ImportRequest,
  derivedArn: string,
  signal: AbortSignal,
): Promise<StartedJob> {
  try {
    return { jobArn: await api.createImportJob(request, signal) }
  } catch (error) {
    if (!(error instanceof AwsError) || error.code !== 'ResourceAlreadyExistsException') throw error
  }
  const existing = await api.describeImportJob(derivedArn, signal)
  const mismatches: string[] = []
  if (existing.datasetArn !== request.datasetArn) mismatches.push(`its dataset is ${existing.datasetArn ?? 'unknown'}`)
  const location = existing.dataSource?.dataLocation
  if (location !== request.dataSource.dataLocation) mismatches.push(`its data location is ${location ?? 'unknown'}`)
  if (mismatches.length > 0) {
    throw new ActionError(
      'Job name already taken',
      `An import job named ${request.jobName} already exists (${derivedArn}) but ${mismatches.join(' and ')}, not ${request.datasetArn} and ${request.dataSource.dataLocation}. ` +
        'Import job names are unique per account and region and cannot be reused: choose another job-name (or leave it empty for a per-run default).',
    )
  }
  return { jobArn: existing.datasetImportJobArn ?? derivedArn, adopted: existing }
}

import { AwsError, isAccessDenied } from '../aws/errors.js'
import type { ImportRequest, Tag } from '../aws/model.js'
import type { ImportJobSummary } from '../aws/personalize.js'
import type { GateSettings } from '../config.js'
import type { DataFingerprint } from '../data/s3.js'
import { ChecksFailed } from '../failure.js'
import { formatBytes, thousands } from '../text.js'
import type { PreflightContext } from './preflight.js'

// The retraining gate: an import of data the dataset already holds costs ingestion and the retraining after it;
// a FULL import of a sliver replaces all the bulk data. Both are judged against the dataset's newest ACTIVE
// import, by the fingerprint and size tags this action puts on the jobs it creates. Any doubt imports.

export const FINGERPRINT_TAG = 'personalize-import:data-fingerprint'
export const BYTES_TAG = 'personalize-import:data-bytes'

/** An earlier import, as the listing shows it, with its ARN and name. */
export type EarlierImport = ImportJobSummary & { datasetImportJobArn: string; jobName: string }

export type GateDecision =
  /** The newest ACTIVE import read the same data: no job is created. */
  | { kind: 'unchanged'; job: EarlierImport }
  /** Import, with these tags on the new job (the data's fingerprint and size, when the gate is on). */
  | { kind: 'import'; tags: Tag[] }

export interface GateFacts {
  /** The dataset's import jobs (undefined when they could not be listed) and why their listing stopped early. */
  jobs: ImportJobSummary[] | undefined
  jobsIncomplete?: string
  /** The data at the location; undefined when it could not be listed whole. */
  data: DataFingerprint | undefined
}

/** Whether a run asks the gate anything: only then are the dataset's imports and the data's listing needed. */
export function gateIsOn(gate: GateSettings): boolean {
  return gate.skipUnchanged || gate.maxShrinkPercent !== undefined
}

export async function retrainingGate(
  context: PreflightContext,
  request: ImportRequest,
  gate: GateSettings,
  facts: GateFacts,
): Promise<GateDecision> {
  if (!gateIsOn(gate)) return { kind: 'import', tags: [] }
  const { data } = facts
  if (!data) doubt(context, 'the objects at data-location could not be listed whole (or have no ETag)')
  const tags: Tag[] = data
    ? [
        { tagKey: FINGERPRINT_TAG, tagValue: data.fingerprint },
        { tagKey: BYTES_TAG, tagValue: String(data.bytes) },
      ]
    : []
  const tagsOf = tagReader(context)
  if (gate.skipUnchanged && data) {
    const unchanged = await sameDataImported(context, facts, data, tagsOf)
    if (unchanged) return { kind: 'unchanged', job: unchanged }
  }
  if (gate.maxShrinkPercent !== undefined && data) {
    await refuseShrink(context, request, facts, data, gate.maxShrinkPercent, tagsOf)
  }
  return { kind: 'import', tags }
}

/** The newest ACTIVE import, when it carries this data's fingerprint; undefined (import) otherwise. */
async function sameDataImported(
  context: PreflightContext,
  facts: GateFacts,
  data: DataFingerprint,
  tagsOf: (job: EarlierImport) => Promise<Record<string, string> | undefined>,
): Promise<EarlierImport | undefined> {
  if (!facts.jobs) return doubt(context, "the dataset's import jobs could not be listed")
  if (facts.jobsIncomplete)
    return doubt(context, `the listing of the dataset's imports stopped early (${facts.jobsIncomplete})`)
  const newest = newestActive(facts.jobs)
  if (!newest) {
    context.runner.info('skip-unchanged: the dataset has no ACTIVE import yet; importing')
    return undefined
  }
  const tags = await tagsOf(newest)
  if (!tags) return undefined
  const earlier = tags[FINGERPRINT_TAG]
  if (earlier === undefined) {
    return doubt(
      context,
      `the newest ACTIVE import ${newest.jobName} has no ${FINGERPRINT_TAG} tag (made without skip-unchanged)`,
    )
  }
  if (earlier !== data.fingerprint) {
    context.runner.info(`skip-unchanged: the data differs from what import job ${newest.jobName} imported; importing`)
    return undefined
  }
  return newest
}

/** max-shrink-percent: a FULL import whose data is much smaller than the last FULL import's fails before Create. */
async function refuseShrink(
  context: PreflightContext,
  request: ImportRequest,
  facts: GateFacts,
  data: DataFingerprint,
  maxShrinkPercent: number,
  tagsOf: (job: EarlierImport) => Promise<Record<string, string> | undefined>,
): Promise<void> {
  if ((request.importMode ?? 'FULL') !== 'FULL') {
    context.runner.notice('max-shrink-percent applies to FULL imports only (an INCREMENTAL import adds data)', {
      title: 'Shrink not checked',
    })
    return
  }
  if (!facts.jobs) {
    doubt(context, "the dataset's import jobs could not be listed, so the data's size cannot be compared")
    return
  }
  const newest = newestActive(facts.jobs.filter(job => (job.importMode ?? 'FULL') === 'FULL'))
  if (!newest) return
  const tags = await tagsOf(newest)
  if (!tags) return
  const earlierBytes = Number(tags[BYTES_TAG])
  if (tags[BYTES_TAG] === undefined || !Number.isFinite(earlierBytes) || earlierBytes <= 0) {
    context.runner.notice(
      `The newest ACTIVE FULL import ${newest.jobName} has no ${BYTES_TAG} tag, so the data's size cannot be ` +
        'compared with it; the import goes on.',
      { title: 'Shrink not checked' },
    )
    return
  }
  const shrink = ((earlierBytes - data.bytes) / earlierBytes) * 100
  if (shrink <= maxShrinkPercent) return
  const when = newest.creationDateTime ? ` on ${newest.creationDateTime.toISOString().slice(0, 10)}` : ''
  throw new ChecksFailed(
    'Data shrinks',
    `A FULL import replaces all bulk data: ${formatBytes(earlierBytes)} imported by ${newest.jobName}${when} would be ` +
      `replaced by ${formatBytes(data.bytes)} in ${thousands(data.objects)} ${data.objects === 1 ? 'object' : 'objects'} ` +
      `(-${shrink.toFixed(2)}%, more than max-shrink-percent: ${maxShrinkPercent}). No import job was created: check ` +
      'the export that wrote the data, or raise max-shrink-percent (or leave it empty) to import it.',
  )
}

/** The tags of earlier imports, read once each; undefined (with a notice) when they may not be read. */
function tagReader(context: PreflightContext): (job: EarlierImport) => Promise<Record<string, string> | undefined> {
  const read = new Map<string, Promise<Record<string, string> | undefined>>()
  return job => {
    let tags = read.get(job.datasetImportJobArn)
    if (!tags) {
      tags = context.api.listTags(job.datasetImportJobArn).catch(error => {
        if (!(error instanceof AwsError && isAccessDenied(error))) throw error
        return doubt(context, `the credentials lack personalize:ListTagsForResource (${error.code})`)
      })
      read.set(job.datasetImportJobArn, tags)
    }
    return tags
  }
}

/** The ACTIVE import created last, with the ARN and name the gate names it by. */
function newestActive(jobs: ImportJobSummary[]): EarlierImport | undefined {
  const active = jobs.filter(
    (job): job is EarlierImport =>
      job.status === 'ACTIVE' && typeof job.datasetImportJobArn === 'string' && typeof job.jobName === 'string',
  )
  const time = (job: ImportJobSummary) => job.creationDateTime?.getTime() ?? 0
  return active.sort((a, b) => time(b) - time(a))[0]
}

/** Any doubt imports, and says why: never skip (or refuse) on a guess. */
function doubt(context: PreflightContext, why: string): undefined {
  context.runner.notice(`The retraining gate cannot judge the data (${why}); the import goes on.`, {
    title: 'Imported on doubt',
  })
  return undefined
}

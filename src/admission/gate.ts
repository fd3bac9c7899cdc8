import { AwsError, isAccessDenied } from '../aws/errors.js'
import type { ImportRequest, Tag } from '../aws/model.js'
import type { ImportJobSummary } from '../aws/personalize.js'
import { DeadlineReached } from '../aws/retry.js'
import { GATE_TAG_PREFIX, type GateSettings } from '../config.js'
import type { DataFingerprint } from '../data/s3.js'
import { ActionError } from '../failure.js'
import { formatBytes, formatDuration, oneLine, plural, thousands } from '../text.js'
import type { PreflightContext } from './preflight.js'

// The retraining gate: an import of data the dataset already holds costs ingestion and the retraining after it;
// a FULL import of a sliver replaces all the bulk data. Both are judged against the dataset's imports, by the
// fingerprint and size tags this action puts on the jobs it creates. Any doubt imports.

export const FINGERPRINT_TAG = `${GATE_TAG_PREFIX}data-fingerprint`
export const BYTES_TAG = `${GATE_TAG_PREFIX}data-bytes`

/**
 * How long one read of an earlier job's tags may take, retries included: the gate is never worth the step. Five
 * status-check intervals, at most 15 s (the default interval of 30 s gives 15 s).
 */
export function tagReadMs(maxPauseMs: number): number {
  return Math.min(15_000, 5 * maxPauseMs)
}
/** INCREMENTAL imports since the last FULL whose sizes are read at most; beyond them the comparison says so. */
const MAX_INCREMENTALS_READ = 20

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

/** max-shrink-percent refused the import: the data is much smaller than what the dataset holds. */
export class ShrinkRefused extends ActionError {
  constructor(
    message: string,
    /** The sizes compared, for the headline and the commit status. */
    readonly sizes: { before: number; after: number; shrinkPercent: number },
  ) {
    super('Data shrinks', message)
  }
}

/** Whether a run asks the gate anything: only then are the dataset's imports and the data's listing needed. */
export function gateIsOn(gate: GateSettings): boolean {
  return gate.skipUnchanged || gate.maxShrinkPercent !== undefined
}

/**
 * The gate of one import: decides before Create, and again after any wait in the queue (another run may have
 * imported the same data meanwhile). Each earlier job's tags are read once.
 */
export class RetrainingGate {
  private readonly tagsRead = new Map<string, Promise<Record<string, string> | undefined>>()

  constructor(
    private readonly context: PreflightContext,
    private readonly request: ImportRequest,
    private readonly settings: GateSettings,
    private readonly data: DataFingerprint | undefined,
  ) {}

  async decide(facts: Omit<GateFacts, 'data'>): Promise<GateDecision> {
    if (!gateIsOn(this.settings)) return { kind: 'import', tags: [] }
    const { data } = this
    if (!data) doubt(this.context, 'the objects at data-location could not be listed whole (or have no ETag)')
    const tags: Tag[] = data
      ? [
          { tagKey: FINGERPRINT_TAG, tagValue: data.fingerprint },
          { tagKey: BYTES_TAG, tagValue: String(data.bytes) },
        ]
      : []
    if (this.settings.skipUnchanged && data) {
      const unchanged = await this.sameDataImported(facts, data)
      if (unchanged) return { kind: 'unchanged', job: unchanged }
    }
    if (this.settings.maxShrinkPercent !== undefined && data) {
      await this.refuseShrink(facts, data, this.settings.maxShrinkPercent)
    }
    return { kind: 'import', tags }
  }

  /** After a wait in the queue: an import of the same data that ended ACTIVE meanwhile means no import. */
  async recheck(jobs: ImportJobSummary[] | undefined): Promise<EarlierImport | undefined> {
    if (!this.settings.skipUnchanged || !this.data || !jobs) return undefined
    const newest = newestActive(jobs)
    if (!newest) return undefined
    const tags = await this.tagsOf(newest)
    if (tags?.[FINGERPRINT_TAG] !== this.data.fingerprint) return undefined
    this.context.runner.info(
      `skip-unchanged: import job ${newest.jobName} ended ACTIVE with the same data while this step waited; not importing`,
    )
    return newest
  }

  /** The newest ACTIVE import, when it carries this data's fingerprint; undefined (import) otherwise. */
  private async sameDataImported(
    facts: Omit<GateFacts, 'data'>,
    data: DataFingerprint,
  ): Promise<EarlierImport | undefined> {
    const { context } = this
    if (!facts.jobs) return doubt(context, "the dataset's import jobs could not be listed")
    if (facts.jobsIncomplete)
      return doubt(context, `the listing of the dataset's imports stopped early (${facts.jobsIncomplete})`)
    const newest = newestActive(facts.jobs)
    if (!newest) {
      context.runner.info('skip-unchanged: the dataset has no ACTIVE import yet; importing')
      return undefined
    }
    const tags = await this.tagsOf(newest)
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

  /**
   * max-shrink-percent: a FULL import replaces the last FULL import and every INCREMENTAL one since; it fails
   * before Create when its data is much smaller than theirs together.
   */
  private async refuseShrink(facts: Omit<GateFacts, 'data'>, data: DataFingerprint, maxShrinkPercent: number) {
    const { context } = this
    if ((this.request.importMode ?? 'FULL') !== 'FULL') {
      context.runner.notice('max-shrink-percent applies to FULL imports only (an INCREMENTAL import adds data)', {
        title: 'Shrink not checked',
      })
      return
    }
    if (!facts.jobs) {
      doubt(context, "the dataset's import jobs could not be listed, so the data's size cannot be compared")
      return
    }
    const held = await this.heldData(facts.jobs)
    if (!held) return
    const shrink = ((held.bytes - data.bytes) / held.bytes) * 100
    if (shrink <= maxShrinkPercent) return
    const objects = `${thousands(data.objects)} ${data.objects === 1 ? 'object' : 'objects'}`
    throw new ShrinkRefused(
      `A FULL import replaces all bulk data: ${held.said} would be replaced by ${formatBytes(data.bytes)} in ` +
        `${objects} (-${shrink.toFixed(2)}%, more than max-shrink-percent: ${maxShrinkPercent}). No import job was ` +
        'created: check the export that wrote the data, or raise max-shrink-percent (or leave it empty) to import it.',
      { before: held.bytes, after: data.bytes, shrinkPercent: shrink },
    )
  }

  /** What the dataset holds in bulk, by the size tags: the newest ACTIVE FULL import and the INCREMENTAL ones since. */
  private async heldData(jobs: ImportJobSummary[]): Promise<{ bytes: number; said: string } | undefined> {
    const { context } = this
    const full = newestActive(jobs.filter(job => (job.importMode ?? 'FULL') === 'FULL'))
    if (!full) return undefined
    const fullBytes = sizeOf(await this.tagsOf(full))
    if (fullBytes === undefined) {
      context.runner.notice(
        `The newest ACTIVE FULL import ${full.jobName} has no ${BYTES_TAG} tag, so the data's size cannot be ` +
          'compared with it; the import goes on.',
        { title: 'Shrink not checked' },
      )
      return undefined
    }
    const since = activeSince(jobs, full)
    const read = since.slice(0, MAX_INCREMENTALS_READ)
    const sizes = await Promise.all(read.map(async job => sizeOf(await this.tagsOf(job))))
    const counted = sizes.filter((size): size is number => size !== undefined)
    const uncounted = since.length - counted.length
    if (uncounted > 0) {
      context.runner.notice(
        `${plural(uncounted, 'INCREMENTAL import')} since ${full.jobName} ${uncounted === 1 ? 'is' : 'are'} not ` +
          `counted in the size compared (${read.length < since.length ? `only ${MAX_INCREMENTALS_READ} are read; ` : ''}` +
          `${uncounted === 1 ? 'it has' : 'some have'} no ${BYTES_TAG} tag): the dataset may hold more than said.`,
        { title: 'Incremental imports not counted' },
      )
    }
    const when = full.creationDateTime ? ` on ${full.creationDateTime.toISOString().slice(0, 10)}` : ''
    const incremental = counted.reduce((sum, size) => sum + size, 0)
    const plus =
      counted.length === 0
        ? ''
        : ` plus ${formatBytes(incremental)} by ${plural(counted.length, 'INCREMENTAL import')} since`
    return {
      bytes: fullBytes + incremental,
      said: `${formatBytes(fullBytes)} imported by ${full.jobName}${when}${plus}`,
    }
  }

  /** The tags of an earlier import, read once, within tagReadMs; undefined (with a notice) on any failure. */
  private tagsOf(job: EarlierImport): Promise<Record<string, string> | undefined> {
    let tags = this.tagsRead.get(job.datasetImportJobArn)
    if (!tags) {
      tags = this.context.api
        .listTags(job.datasetImportJobArn, { withinMs: tagReadMs(this.context.pacing.maxPauseMs) })
        .catch(error => doubt(this.context, tagReadFailure(this.context, error)))
      this.tagsRead.set(job.datasetImportJobArn, tags)
    }
    return tags
  }
}

/** Why the tags could not be read; any failure of this optional read is doubt, but the step's own end is not. */
function tagReadFailure(context: PreflightContext, error: unknown): string {
  const { pacing } = context
  if (error instanceof DeadlineReached) {
    if (pacing.clock.now() >= pacing.deadline) throw error
    const last = error.lastError ? ` (last: ${error.lastError.code})` : ''
    return `ListTagsForResource did not answer within ${formatDuration(tagReadMs(pacing.maxPauseMs))}${last}`
  }
  if (!(error instanceof AwsError)) throw error
  if (isAccessDenied(error)) return `the credentials lack personalize:ListTagsForResource (${error.code})`
  return `ListTagsForResource failed: ${error.code}: ${oneLine(error.message).slice(0, 200)}`
}

/** A size tag's value, when it is one. */
function sizeOf(tags: Record<string, string> | undefined): number | undefined {
  const text = tags?.[BYTES_TAG]
  const bytes = Number(text)
  return text !== undefined && Number.isFinite(bytes) && bytes > 0 ? bytes : undefined
}

/** The ACTIVE import created last, with the ARN and name the gate names it by. */
function newestActive(jobs: ImportJobSummary[]): EarlierImport | undefined {
  return named(jobs)
    .filter(job => job.status === 'ACTIVE')
    .sort((a, b) => time(b) - time(a))[0]
}

/** The ACTIVE INCREMENTAL imports created after `full`. */
function activeSince(jobs: ImportJobSummary[], full: EarlierImport): EarlierImport[] {
  return named(jobs).filter(
    job => job.status === 'ACTIVE' && job.importMode === 'INCREMENTAL' && time(job) > time(full),
  )
}

function named(jobs: ImportJobSummary[]): EarlierImport[] {
  return jobs.filter(
    (job): job is EarlierImport => typeof job.datasetImportJobArn === 'string' && typeof job.jobName === 'string',
  )
}

function time(job: ImportJobSummary): number {
  return job.creationDateTime?.getTime() ?? 0
}

/** Any doubt imports, and says why: never skip (or refuse) on a guess. */
function doubt(context: PreflightContext, why: string): undefined {
  context.runner.notice(`The retraining gate cannot judge the data (${why}); the import goes on.`, {
    title: 'Imported on doubt',
  })
  return undefined
}

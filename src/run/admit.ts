import { type EarlierImport, type GateDecision, gateIsOn, RetrainingGate } from '../admission/gate.js'
import {
  listDatasetImports,
  listImports,
  type PreflightContext,
  type PreflightResult,
  preflight,
} from '../admission/preflight.js'
import type { ImportRequest, Tag } from '../aws/model.js'
import type { ImportJobSummary } from '../aws/personalize.js'
import type { ImportEntry } from '../config.js'
import type { IdCollector } from '../data/cross-check.js'
import type { S3Location } from '../data/s3.js'
import { requestLines } from '../report/request.js'
import { checkTheData } from './checks.js'
import type { Lane } from './lane.js'
import type { Step } from './step.js'

// One dataset's admission, stage by stage, each stage's result the next one's argument: pre-flight (the dataset,
// its imports), the data checks (errors end the admission), the retraining gate (unchanged data, or a shrink),
// then the tags of the job. What comes out is a request to create, or the import that already holds the data.

/** What admission decided: create the job with this request (tags included), or nothing (the data is unchanged). */
export type Admitted =
  | {
      kind: 'create'
      request: ImportRequest
      /** The dataset's imports as pre-flight listed them, for the queue's first look. */
      firstListing?: ImportJobSummary[]
      lookFirst: boolean
      /** skip-unchanged: asks again after any wait in the queue. */
      afterWait?: () => Promise<EarlierImport | undefined>
    }
  | { kind: 'unchanged'; job: EarlierImport }

/** Personalize limits a job to 50 tags. */
const MAX_TAGS_PER_RESOURCE = 50

export async function admit(step: Step, lane: Lane, entry: ImportEntry, collect?: IdCollector): Promise<Admitted> {
  const { config, deps } = step
  deps.runner.group(`${lane.prefix}Import request (region ${config.region})`, requestLines(entry.request))
  const context = preflightContext(step, lane)
  const level = entry.admission.preflight
  const checked = level === 'off' ? {} : await preflight(context, entry.request, entry.importModeGiven)
  const location = await openLocation(step, entry)
  if (level === 'all' || entry.data.localData.length > 0) {
    lane.checks = await checkTheData(step, lane, {
      ...(level === 'all' ? { location: entry.request.dataSource.dataLocation } : {}),
      ...(level === 'all' && location ? { s3: location } : {}),
      datasetArn: entry.request.datasetArn,
      dataset: checked.dataset,
      schema: entry.data.schema,
      importMode: entry.request.importMode ?? 'FULL',
      localData: entry.data.localData,
      mode: entry.admission.dataChecks,
      ...(collect ? { collect } : {}),
    })
  }
  const gate = await retrainingGate(step, lane, entry, location)
  const decision: GateDecision = gate
    ? await gate.decide(await gateFacts(context, entry, checked))
    : { kind: 'import', tags: [] }
  if (decision.kind === 'unchanged') return { kind: 'unchanged', job: decision.job }
  const request = withTags(step, lane, entry.request, decision.tags)
  const afterWait = gate && (async () => gate.recheck(await listImports(context, entry.request.datasetArn)))
  return {
    kind: 'create',
    request,
    ...(checked.jobs ? { firstListing: checked.jobs } : {}),
    lookFirst: level !== 'off',
    ...(afterWait ? { afterWait } : {}),
  }
}

/** What the admission's stages use; their log lines name the lane's dataset. */
export function preflightContext(step: Step, lane?: Lane): PreflightContext {
  const runner = lane ? lane.runner(step.deps.runner) : step.deps.runner
  return { api: step.api, runner, pacing: step.pacing, region: step.config.region }
}

/**
 * The s3:// location, opened once for the checks and the gate alike (its listing is shared), when either needs it;
 * the S3 client is loaded only then.
 */
async function openLocation(step: Step, entry: ImportEntry): Promise<S3Location | undefined> {
  const dataLocation = entry.request.dataSource.dataLocation
  const needed = entry.admission.preflight === 'all' || gateIsOn(entry.admission.gate)
  if (!needed || !dataLocation.startsWith('s3://')) return undefined
  const { S3Location } = await import('../data/s3.js')
  return new S3Location({ region: step.config.region, policy: step.policy, location: dataLocation, env: step.deps.env })
}

/** skip-unchanged and max-shrink-percent, judging the data at the location by its listing. */
async function retrainingGate(
  step: Step,
  lane: Lane,
  entry: ImportEntry,
  location: S3Location | undefined,
): Promise<RetrainingGate | undefined> {
  const settings = entry.admission.gate
  if (!gateIsOn(settings)) return undefined
  // The location was listed by the checks when they ran; else it is listed now, once.
  const fingerprint = await location?.fingerprint(entry.request.importMode ?? 'FULL')
  return new RetrainingGate(preflightContext(step, lane), entry.request, settings, fingerprint)
}

/** The dataset's imports for the gate: pre-flight's listing, or (pre-flight off) one of its own. */
async function gateFacts(context: PreflightContext, entry: ImportEntry, checked: PreflightResult) {
  const listed =
    entry.admission.preflight === 'off' ? await listDatasetImports(context, entry.request.datasetArn) : undefined
  const jobs = listed ? listed.jobs : checked.jobs
  const incomplete = listed ? listed.incomplete : checked.jobsIncomplete
  return { jobs, ...(incomplete ? { jobsIncomplete: incomplete } : {}) }
}

/**
 * The gate's two tags join the request's. A job at the service's 50 tags gets none: said, since skip-unchanged
 * will not know it again.
 */
function withTags(step: Step, lane: Lane, request: ImportRequest, tags: Tag[]): ImportRequest {
  if (tags.length === 0) return request
  const own = request.tags ?? []
  const runner = step.deps.runner
  if (own.length + tags.length > MAX_TAGS_PER_RESOURCE) {
    runner.warning(
      `${lane.prefix}The job gets no ${tags.map(tag => tag.tagKey).join(' and ')} tags: it has ${own.length} tags of ` +
        `its own, and Personalize keeps ${MAX_TAGS_PER_RESOURCE}. The next skip-unchanged or max-shrink-percent run ` +
        'cannot compare with it.',
      { title: 'Data tags not added' },
    )
    return request
  }
  lane.gateTags = tags.map(tag => tag.tagKey)
  runner.info(`${lane.prefix}The job gets the tags ${lane.gateTags.join(' and ')} (the data's fingerprint and size)`)
  return { ...request, tags: [...own, ...tags] }
}

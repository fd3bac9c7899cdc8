import { createHash } from 'node:crypto'
import {
  GetBucketPolicyCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
} from '@aws-sdk/client-s3'
import type { AthenaConnection } from '../aws/athena.js'
import { AwsError, isAccessDenied, UNREACHABLE_CODES } from '../aws/errors.js'
import { type HttpSettings, requestHandler, sdkLogger } from '../aws/http.js'
import { MAX_LIST_PAGES } from '../aws/personalize.js'
import { NO_ANSWER, RetryingCaller, type RetryPolicy } from '../aws/retry.js'
import type { Schema } from '../aws/schema.js'
import type { DataCheckMode } from '../config.js'
import { formatBytes, plural } from '../text.js'
import type { AthenaCounts } from './athena-check.js'
import { evaluatePolicy, partitionOf, personalizeStatement, type Verdict } from './bucket-policy.js'
import type { IdCollector } from './cross-check.js'
import type { Findings } from './findings.js'
import { ImportChecker, profileKind } from './import-checker.js'
import type { DataProfile } from './profile.js'
import { ProfileThread } from './profile-thread.js'
import { checkEveryByte, checkSample, MISMATCH_ATTEMPTS, type S3Object } from './s3-objects.js'

// The data in S3, checked before the import: the objects exist, the first MiB of each (never more, whatever the
// object's size) follows the schema, and the bucket policy lets Personalize read them. Loaded on demand (its own
// bundle chunk): runs without data checks never load the S3 client.

/**
 * S3 that has not answered at all (no HTTP response: DNS, refused or timed-out connections, a silent socket) within
 * this time of the first request is unreachable from the runner, and the checks step aside. Once it has answered,
 * a slow S3 is retried like any AWS call, until the step's deadline.
 */
const S3_ANSWER_WITHIN_MS = 10_000
/** Import size limits (import-data): FULL up to 100 GB, INCREMENTAL up to 1 GB. */
const MAX_IMPORT_BYTES = { FULL: 100e9, INCREMENTAL: 1e9 } as const

/** Where the data is, and how to reach it. */
export interface LocationSettings extends HttpSettings {
  /** The action's region; a bucket elsewhere is found by the SDK's region redirects. */
  region: string
  policy: RetryPolicy
  /** `s3://bucket/key` or `s3://bucket/folder/`. */
  location: string
}

export interface S3CheckSettings {
  /** sample: the first MiB of at most 20 objects; full: every byte of every object; athena: the sample, then Athena. */
  mode: DataCheckMode
  /** How Athena is reached (data-checks: athena). */
  connection: AthenaConnection
  schema: Schema | undefined
  /** The dataset's part of the checks across a group's datasets. */
  collect?: IdCollector
  /** INTERACTIONS, ITEMS, ... (the last part of the dataset ARN), when known. */
  datasetType: string | undefined
  importMode: 'FULL' | 'INCREMENTAL'
  findings: Findings
  /** A check that cannot run (a permission the credentials lack, S3 out of reach) is skipped with a warning. */
  skip(check: string, reason: string): void
  info(line: string): void
  notice(line: string): void
  /** A side matter that went wrong (the profile's worker thread, Athena): a warning, never the outcome. */
  warn(line: string, title: string): void
}

export interface S3DataReport {
  location: string
  objectsFound: number
  objectsChecked: number
  bytesRead: number
  records: number
  /** Every object was read to its end, so the record count is exact. */
  complete: boolean
  header?: string[]
  /** What Personalize would read, fingerprinted, when the whole location was listed. */
  fingerprint?: DataFingerprint
  /** Bytes Athena scanned (data-checks: athena). */
  scannedBytes?: number
  /** What the objects hold: a sample (their first MiB) unless every object was read whole. */
  profile?: DataProfile
}

/**
 * The data an import would read, as one value: a hash of the import mode and the sizes and ETags of the objects
 * (not their names, so the same files under a new prefix are the same data), and their total size.
 */
export interface DataFingerprint {
  fingerprint: string
  bytes: number
  objects: number
}

/** The objects at a location: the key's, or the first level of a folder; `complete` when the listing ended. */
interface Listing {
  objects: S3Object[]
  subfolders: number
  complete: boolean
}

/**
 * The data at an s3:// location, listed once (a key: HeadObject; a folder: ListObjectsV2, every page), for the data
 * checks and the retraining gate's fingerprint alike. Loaded on demand with the S3 client.
 */
export class S3Location {
  readonly location: string
  readonly region: string
  readonly bucket: string
  readonly key: string
  /** A folder's location ends with / (or is the bucket itself). */
  readonly folder: boolean
  readonly client: S3Client
  readonly caller: RetryingCaller
  readonly policy: RetryPolicy
  private listed: Promise<Listing> | undefined

  constructor(settings: LocationSettings) {
    const { bucket, key } = parseLocation(settings.location)
    this.location = settings.location
    this.region = settings.region
    this.bucket = bucket
    this.key = key
    this.folder = key === '' || key.endsWith('/')
    this.client = s3Client(settings)
    this.policy = settings.policy
    this.caller = new RetryingCaller(settings.policy, S3_ANSWER_WITHIN_MS)
  }

  /** The objects Personalize would import; throws AwsError when they cannot be listed. */
  listing(): Promise<Listing> {
    this.listed ??= listLocation(this.client, this.caller, this.bucket, this.key)
    return this.listed
  }

  /** What an import of the location would read, fingerprinted; undefined when it cannot be listed whole. */
  async fingerprint(importMode: string): Promise<DataFingerprint | undefined> {
    try {
      const listing = await this.listing()
      return listing.complete ? fingerprintOf(listing.objects, importMode) : undefined
    } catch (error) {
      if (error instanceof AwsError) return undefined // the gate imports on doubt, and says so
      throw error
    }
  }
}

/** Undefined when an object has no ETag to tell its content by. */
function fingerprintOf(objects: readonly S3Object[], importMode: string): DataFingerprint | undefined {
  if (objects.some(object => object.etag === undefined)) return undefined
  const lines = objects.map(object => `${object.size} ${object.etag}`).sort()
  const hash = createHash('sha256')
    .update(`${importMode}\n${lines.join('\n')}`)
    .digest('hex')
  const bytes = objects.reduce((sum, object) => sum + object.size, 0)
  return { fingerprint: hash, bytes, objects: objects.length }
}

function s3Client(settings: HttpSettings & { region: string }): S3Client {
  // The SDK's own reading of AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, from the step's environment.
  const endpoint = settings.env?.AWS_ENDPOINT_URL_S3 ?? settings.env?.AWS_ENDPOINT_URL
  return new S3Client({
    region: settings.region,
    ...(endpoint ? { endpoint } : {}),
    followRegionRedirects: true,
    maxAttempts: 1,
    requestHandler: requestHandler(settings),
    ...(settings.debugLog ? { logger: sdkLogger(settings.debugLog) } : {}),
  })
}

export async function checkS3Data(location: S3Location, settings: S3CheckSettings): Promise<S3DataReport> {
  const report: S3DataReport = {
    location: location.location,
    objectsFound: 0,
    objectsChecked: 0,
    bytesRead: 0,
    records: 0,
    complete: false,
  }
  let objects: S3Object[] | undefined
  try {
    const listing = await findObjects(location, settings)
    objects = listing?.objects
    if (listing) {
      report.objectsFound = listing.objects.length
      const fingerprint = listing.complete ? fingerprintOf(listing.objects, settings.importMode) : undefined
      if (fingerprint) report.fingerprint = fingerprint
      await checkObjects(location, settings, listing.objects, report)
    }
    const objectKey = objects?.[0]?.key ?? (location.folder ? `${location.key}data.csv` : location.key)
    await checkBucketPolicy(location, settings, objectKey)
  } catch (error) {
    // A runner that cannot reach S3 (a private network, a proxy that refuses it) says nothing of whether
    // Personalize, which reads the data itself, can: the checks step aside.
    if (!(error instanceof AwsError && stepsAside(error))) throw error
    const why =
      error.code === NO_ANSWER
        ? `S3 gave ${error.message}`
        : error.code === NOT_S3
          ? `${error.operation} got ${error.message} (a proxy in the way?)`
          : `S3 cannot be reached from the runner (${error.code})`
    settings.skip('the data checks', `${why}; set preflight: dataset to skip them`)
  }
  return report
}

/** Faults after which the checks step aside: S3 out of reach, silent, or answering with what is not S3's. */
function stepsAside(error: AwsError): boolean {
  return UNREACHABLE_CODES.has(error.code) || error.code === NO_ANSWER || error.code === NOT_S3
}

function parseLocation(location: string): { bucket: string; key: string } {
  const rest = location.slice('s3://'.length)
  const slash = rest.indexOf('/')
  return slash < 0 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) }
}

/** The objects Personalize would import (a key, or the first level of a folder), or undefined if not listable. */
async function findObjects(location: S3Location, settings: S3CheckSettings): Promise<Listing | undefined> {
  const where = location.location
  try {
    const listing = await location.listing()
    if (listing.subfolders > 0) {
      settings.findings.add({
        rule: 'subfolders',
        file: where,
        what: `${where} has ${plural(listing.subfolders, 'subfolder')}: Personalize imports only the files at the first level of a folder`,
      })
    }
    return listing
  } catch (error) {
    if (!(error instanceof AwsError)) throw error
    if (error.httpStatus === 404 || error.code === 'NotFound' || error.code === 'NoSuchKey') {
      const { bucket, key } = location
      if (error.code === 'NoSuchBucket') noData(settings, where, `the bucket ${bucket} does not exist`)
      else if (!location.folder && (await isFolder(location.client, location.caller, bucket, key))) {
        noData(settings, where, `no object ${key}; did you mean the folder ${key}/? A folder's location ends with /`)
      } else noData(settings, where, 'no such object')
      // One finding for one problem: nothing more is checked at a location without data.
      return undefined
    }
    if (isAccessDenied(error) || error.httpStatus === 403) {
      const permission = location.folder ? 's3:ListBucket' : 's3:GetObject (HeadObject)'
      settings.skip('the data checks', `the credentials lack ${permission} (${where}: ${error.code})`)
      return undefined
    }
    throw error
  }
}

/** A key (HeadObject) or the first level of a folder (ListObjectsV2, every page within MAX_LIST_PAGES). */
async function listLocation(client: S3Client, caller: RetryingCaller, bucket: string, key: string): Promise<Listing> {
  if (key !== '' && !key.endsWith('/')) {
    const head = await s3Answer(
      () =>
        caller.call('HeadObject', signal =>
          client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal }),
        ),
      // Every S3 object has an ETag and a modification time; a proxy's page in its place may have neither.
      answer => typeof answer.ETag === 'string' && answer.LastModified instanceof Date,
      'HeadObject',
    )
    return { objects: [{ key, size: head.ContentLength ?? 0, etag: head.ETag ?? '' }], subfolders: 0, complete: true }
  }
  return listFolder(client, caller, bucket, key)
}

/**
 * An answer that is S3's by its shape (a proxy or captive portal can answer 200 with a page of its own), asked
 * again while it is not, MISMATCH_ATTEMPTS times in all; then the checks step aside (NOT_S3), never judge.
 */
async function s3Answer<T>(ask: () => Promise<T>, isS3: (answer: T) => boolean, operation: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const answer = await ask()
    if (isS3(answer)) return answer
    if (attempt >= MISMATCH_ATTEMPTS) {
      throw new AwsError(operation, NOT_S3, 'permanent', `an answer that is not S3's, ${MISMATCH_ATTEMPTS} times`, 200)
    }
  }
}

const NOT_S3 = 'NotS3Answer'

/** Whether objects lie under `key/`: a folder named without its trailing slash. */
async function isFolder(client: S3Client, caller: RetryingCaller, bucket: string, key: string): Promise<boolean> {
  try {
    const output = await caller.call('ListObjectsV2', signal =>
      client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${key}/`, MaxKeys: 1 }), { abortSignal: signal }),
    )
    return (output.Contents?.length ?? 0) > 0
  } catch (error) {
    if (error instanceof AwsError) return false
    throw error
  }
}

async function listFolder(client: S3Client, caller: RetryingCaller, bucket: string, prefix: string): Promise<Listing> {
  const objects: S3Object[] = []
  let subfolders = 0
  let token: string | undefined
  for (let page = 1; page <= MAX_LIST_PAGES; page++) {
    const from = token
    const output: ListObjectsV2CommandOutput = await s3Answer(
      () =>
        caller.call('ListObjectsV2', signal =>
          client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              Delimiter: '/',
              ...(from ? { ContinuationToken: from } : {}),
            }),
            { abortSignal: signal },
          ),
        ),
      // S3's listing names its bucket; a page that is not S3's parses to nothing at all.
      answer => answer.Name === bucket,
      'ListObjectsV2',
    )
    for (const item of output.Contents ?? []) {
      if (typeof item.Key !== 'string' || item.Key === prefix) continue
      objects.push({
        key: item.Key,
        size: item.Size ?? 0,
        ...(typeof item.ETag === 'string' ? { etag: item.ETag } : {}),
      })
    }
    subfolders += output.CommonPrefixes?.length ?? 0
    token = output.IsTruncated ? output.NextContinuationToken : undefined
    if (!token) break
  }
  objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return { objects, subfolders, complete: token === undefined }
}

function noData(settings: S3CheckSettings, where: string, why: string): void {
  settings.findings.add({
    rule: 'no-data',
    file: where,
    what: `No data at ${where} (${why}): Personalize would find nothing to import`,
  })
}

async function checkObjects(
  location: S3Location,
  settings: S3CheckSettings,
  objects: S3Object[],
  report: S3DataReport,
): Promise<void> {
  const { findings } = settings
  const where = location.location
  const withData = objects.filter(object => object.size > 0)
  if (objects.length > 0 && withData.length === 0)
    noData(settings, where, `${plural(objects.length, 'object')}, all empty`)
  else if (objects.length === 0) noData(settings, where, 'no objects')
  if (withData.length === 0) return
  const totalBytes = withData.reduce((sum, object) => sum + object.size, 0)
  const limit = MAX_IMPORT_BYTES[settings.importMode]
  if (totalBytes > limit) {
    findings.add({
      rule: 'import-size',
      file: where,
      what: `${where} holds ${formatBytes(totalBytes)}; a ${settings.importMode} import takes at most ${formatBytes(limit)}`,
    })
  }
  settings.info(`Data checks: ${plural(withData.length, 'object')} with data at ${where} (${formatBytes(totalBytes)})`)
  const full = settings.mode.kind === 'full'
  // A full read profiles large files of interactions in a worker thread, as local-data does.
  const thread = full ? new ProfileThread() : undefined
  const checker = new ImportChecker(settings.schema, settings.datasetType, findings, thread, settings.collect)
  let complete: boolean
  try {
    complete = full
      ? await checkEveryByte(location, settings, withData, checker, report)
      : await checkSample(location, settings, withData, checker, report)
  } finally {
    await thread?.close()
  }
  if (checker.profileLost)
    settings.warn(`The data profile was not made: ${checker.profileLost.message}`, 'Data profile not made')
  // A first line that is really data must not reach the outputs: names are kept only from a header.
  if (checker.shownHeader) report.header = checker.shownHeader
  const counted =
    settings.mode.kind === 'athena' ? await countInAthena(location, settings, withData, checker) : undefined
  if (counted) {
    report.objectsChecked = counted.objectsChecked
    report.scannedBytes = counted.scannedBytes
    checker.records = counted.records
  }
  report.records = checker.records
  report.complete = counted ? true : complete
  const profile = counted ? checker.finishWith(where, true, counted.profile) : checker.finish(where, report.complete)
  if (profile) report.profile = profile
}

/** data-checks: athena, after the sample: Athena's counts of every record, or undefined (the sample decides). */
async function countInAthena(
  location: S3Location,
  settings: S3CheckSettings,
  objects: S3Object[],
  checker: ImportChecker,
): Promise<AthenaCounts | undefined> {
  if (settings.mode.kind !== 'athena') return undefined
  // Athena's client is loaded only here: other runs never pay for it.
  const { checkInAthena } = await import('./athena-check.js')
  const folder = location.folder ? location.key : location.key.slice(0, location.key.lastIndexOf('/') + 1)
  return checkInAthena(
    {
      athena: settings.mode.athena,
      connection: settings.connection,
      findings: settings.findings,
      info: settings.info,
      warn: settings.warn,
    },
    { bucket: location.bucket, folder, location: location.location },
    objects,
    checker,
    profileKind(settings.datasetType),
  )
}

async function checkBucketPolicy(location: S3Location, settings: S3CheckSettings, objectKey: string): Promise<void> {
  const { client, caller, bucket } = location
  const needed = location.folder ? ['s3:GetObject', 's3:ListBucket'] : ['s3:GetObject']
  const text = await readBucketPolicy(client, caller, settings, bucket, needed, location.region)
  if (text === undefined) return
  const partition = partitionOf(location.region)
  const accesses = needed.map(action => ({
    action,
    resource: `arn:${partition}:s3:::${bucket}${action === 's3:ListBucket' ? '' : `/${objectKey}`}`,
  }))
  const verdicts = evaluatePolicy(text, accesses)
  if (verdicts === undefined) {
    settings.skip('the bucket policy check', 'the bucket policy is not JSON')
    return
  }
  reportVerdicts(settings, bucket, needed, verdicts, location.region)
}

/** The bucket's policy; undefined when there is none (a finding) or it may not be read (skipped, with why). */
async function readBucketPolicy(
  client: S3Client,
  caller: RetryingCaller,
  settings: S3CheckSettings,
  bucket: string,
  needed: readonly string[],
  region: string,
): Promise<string | undefined> {
  try {
    const output = await caller.call('GetBucketPolicy', signal =>
      client.send(new GetBucketPolicyCommand({ Bucket: bucket }), { abortSignal: signal }),
    )
    return output.Policy ?? ''
  } catch (error) {
    if (!(error instanceof AwsError)) throw error
    if (error.code === 'NoSuchBucketPolicy') {
      warnPolicy(settings, bucket, `the bucket ${bucket} has no policy`, needed, region)
      return undefined
    }
    if (isAccessDenied(error) || error.httpStatus === 403 || error.httpStatus === 405 || error.httpStatus === 501) {
      const other = error.httpStatus === 405 ? ' (the bucket may belong to another account)' : ''
      settings.skip('the bucket policy check', `the credentials lack s3:GetBucketPolicy (${error.code}${other})`)
      return undefined
    }
    if (error.code === 'NoSuchBucket') return undefined // said already, by the object checks
    throw error
  }
}

/** A Deny or a missing grant is a finding; a grant under a Condition (which only AWS can judge) a notice. */
function reportVerdicts(
  settings: S3CheckSettings,
  bucket: string,
  needed: readonly string[],
  verdicts: Verdict[],
  region: string,
): void {
  const actions = (verdict: Verdict) => needed.filter((_, i) => verdicts[i] === verdict).join(' and ')
  const principal = 'personalize.amazonaws.com'
  if (actions('denied')) {
    const what = `the policy of ${bucket} denies ${principal} ${actions('denied')}: Personalize cannot read the data`
    warnPolicy(settings, bucket, what, needed, region)
  } else if (actions('missing')) {
    warnPolicy(
      settings,
      bucket,
      `the policy of ${bucket} does not allow ${principal} ${actions('missing')} on the data`,
      needed,
      region,
    )
  } else if (actions('unknown')) {
    settings.notice(
      `The policy of ${bucket} grants or denies ${actions('unknown')} under a Condition or NotPrincipal, ` +
        'which this check cannot judge: whether Personalize may read the data is not known here.',
    )
  }
}

function warnPolicy(
  settings: S3CheckSettings,
  bucket: string,
  what: string,
  actions: readonly string[],
  region: string,
): void {
  settings.findings.add({
    rule: 'bucket-policy',
    what:
      `${what}; Personalize reads the data as the service principal personalize.amazonaws.com, besides role-arn ` +
      `("Insufficient privileges for accessing data in S3"). Add the statement ` +
      personalizeStatement(bucket, actions, partitionOf(region)),
    file: `s3://${bucket}`,
  })
}

import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { AwsError, isAccessDenied } from '../aws/errors.js'
import { checkTime } from '../aws/retry.js'
import type { Pacing } from '../pacing.js'
import { formatBytes, formatDuration, plural, thousands } from '../text.js'
import type { FileCheck, ImportChecker } from './import-checker.js'
import type { S3CheckSettings, S3DataReport, S3Location } from './s3.js'

// Reading the objects of a location into the import's rules: a sample (one ranged GET of each object's first MiB,
// at most 20 objects) or every byte (data-checks: full), streamed as ranged parts, a few in flight, through the
// same reader and rules as workspace files.

export interface S3Object {
  key: string
  size: number
  etag?: string
}

/** Objects read at most by the sample, first by key. */
export const MAX_OBJECTS_SAMPLED = 20
/** Bytes the sample reads per object: one ranged GET. */
export const SAMPLE_BYTES = 1024 * 1024
/** An answer that is not the object (a proxy's page, a cut answer) is asked for again, this often in all. */
export const MISMATCH_ATTEMPTS = 3

/**
 * A full read asks for parts of this size, PARTS_IN_FLIGHT at a time (S3 serves parallel ranged GETs of one object
 * faster than one stream, and the next object's first parts arrive while this one's last are read), and hands
 * the reader CHUNK_BYTES at a time, so the profile's worker gets packets of the size local files give it. Parts are
 * small because every byte in flight is held twice (the socket's buffers, then the part): on a 1 GiB object the
 * peak RSS measured ~215 MiB with 8 MiB x 3 and ~158 MiB with 2 MiB x 4, at the same throughput.
 */
const PART_BYTES = 2 * 1024 * 1024
const PARTS_IN_FLIGHT = 4
const CHUNK_BYTES = 1024 * 1024
/** The progress of a full read is logged this often. */
const PROGRESS_EVERY_MS = 10_000
/**
 * S3's price for data transfer out to the internet (us-east-1, the first 10 TB a month, after 100 GB free), which
 * a runner outside AWS (GitHub-hosted) pays for every byte it reads.
 */
const EGRESS_USD_PER_GB = 0.09

/** The first MiB of each of the first 20 objects, read by the import's rules. */
export async function checkSample(
  location: S3Location,
  settings: S3CheckSettings,
  objects: S3Object[],
  checker: ImportChecker,
  report: S3DataReport,
): Promise<boolean> {
  const sample = objects.slice(0, MAX_OBJECTS_SAMPLED)
  settings.info(
    `Data checks: checking the first ${formatBytes(SAMPLE_BYTES)} of ${plural(sample.length, 'object')} at ` +
      `${location.location}`,
  )
  let complete = objects.length === sample.length
  for (const object of sample) {
    const uri = objectUri(location, object)
    const file = await checkObjectStart(location, settings, object, checker)
    if (!file) {
      complete = false
      continue
    }
    checker.join(file)
    report.bytesRead += file.bytes
    report.objectsChecked += 1
    if (object.size > SAMPLE_BYTES) complete = false
    if (!/\.csv$/i.test(object.key)) notCsv(settings, uri)
  }
  return complete && report.objectsChecked === objects.length
}

/** Every byte of every object (data-checks: full): true when all of them were read to their end. */
export async function checkEveryByte(
  location: S3Location,
  settings: S3CheckSettings,
  objects: S3Object[],
  checker: ImportChecker,
  report: S3DataReport,
): Promise<boolean> {
  const pacing = location.policy.pacing
  const total = objects.reduce((sum, object) => sum + object.size, 0)
  settings.info(
    `Data checks: reading ${objects.length === 1 ? 'the object' : `all ${objects.length} objects`} at ` +
      `${location.location} in full (${formatBytes(total)}). A runner outside AWS (GitHub-hosted ones) pays S3 data ` +
      'transfer out for it: about ' +
      `$${((total / 1e9) * EGRESS_USD_PER_GB).toFixed(2)} at $${EGRESS_USD_PER_GB} per GB (us-east-1, after the ` +
      `first 100 GB a month); a runner in the bucket's region pays nothing.`,
  )
  const progress = new Progress(total, pacing, () => checker.records + (checker.reading?.records ?? 0), settings.info)
  const parts = new PartReader(location, objects)
  let complete = true
  try {
    for (const [index, object] of objects.entries()) {
      const uri = objectUri(location, object)
      if (!/\.csv$/i.test(object.key)) notCsv(settings, uri)
      let file: (FileCheck & { bytes: number }) | undefined
      try {
        file = await checker.read(uri, parts.chunks(index, progress), true, object.size)
      } catch (error) {
        skipObject(settings, uri, error)
        parts.drop(index)
        complete = false
        continue
      }
      checker.join(file)
      report.bytesRead += file.bytes
      report.objectsChecked += 1
    }
  } finally {
    parts.close()
  }
  progress.done()
  return complete
}

/** The progress of a full read, every 10 s: bytes, records, throughput and (an estimate) the time left. */
class Progress {
  private bytes = 0
  private readonly startedAt: number
  private lastAt: number

  constructor(
    private readonly total: number,
    private readonly pacing: Pacing,
    private readonly records: () => number,
    private readonly info: (line: string) => void,
  ) {
    this.startedAt = pacing.clock.now()
    this.lastAt = this.startedAt
  }

  add(bytes: number): void {
    this.bytes += bytes
    const now = this.pacing.clock.now()
    if (now - this.lastAt < PROGRESS_EVERY_MS) return
    this.lastAt = now
    const seconds = (now - this.startedAt) / 1000
    const rate = this.bytes / Math.max(seconds, 0.001)
    const left = ((this.total - this.bytes) / rate) * 1000
    this.info(
      `Data checks: ${formatBytes(this.bytes)} of ${formatBytes(this.total)} read ` +
        `(${Math.floor((this.bytes / this.total) * 100)}%), ${thousands(this.records())} records, ` +
        `${(rate / 1024 / 1024).toFixed(1)} MiB/s, about ${formatDuration(left)} left`,
    )
  }

  done(): void {
    const seconds = (this.pacing.clock.now() - this.startedAt) / 1000
    if (seconds < PROGRESS_EVERY_MS / 1000) return
    this.info(
      `Data checks: read ${formatBytes(this.bytes)} and ${thousands(this.records())} records in ` +
        `${formatDuration(seconds * 1000)} (${(this.bytes / 1024 / 1024 / seconds).toFixed(1)} MiB/s)`,
    )
  }
}

interface Part {
  object: number
  start: number
  /** Exclusive. */
  end: number
}

/**
 * The parts of every object in order, PARTS_IN_FLIGHT requested ahead of the reader (across objects), each read
 * whole into a buffer within the request's time bound, so a cut or stalled answer is a transient fault that the
 * retry policy asks again for that part alone. Memory: at most PARTS_IN_FLIGHT + 1 buffers of PART_BYTES.
 */
class PartReader {
  private readonly parts: Part[] = []
  private next = 0
  private readonly inFlight = new Map<number, Promise<{ buffer: Buffer; length: number }>>()
  private readonly stop = new AbortController()
  /** Buffers the reader is done with, used again: fresh memory for every part would grow the heap's garbage. */
  private readonly free: Buffer[] = []

  constructor(
    private readonly location: S3Location,
    private readonly objects: S3Object[],
  ) {
    for (const [index, object] of objects.entries()) {
      for (let start = 0; start < object.size; start += PART_BYTES) {
        this.parts.push({ object: index, start, end: Math.min(object.size, start + PART_BYTES) })
      }
    }
  }

  /** The bytes of object `index`, CHUNK_BYTES at a time; the step's deadline and cancellation between chunks. */
  async *chunks(index: number, progress: Progress): AsyncGenerator<Uint8Array> {
    const pacing = this.location.policy.pacing
    for (;;) {
      const part = this.parts[this.next]
      if (!part || part.object !== index) return
      const { buffer, length } = await this.take(this.next)
      this.next += 1
      for (let offset = 0; offset < length; offset += CHUNK_BYTES) {
        checkTime(pacing, 'reading the data at data-location')
        const chunk = buffer.subarray(offset, Math.min(length, offset + CHUNK_BYTES))
        progress.add(chunk.length)
        yield chunk
      }
      // The reader keeps no reference to a chunk once it asks for the next.
      this.free.push(buffer)
      collectSocketBuffers()
    }
  }

  /** The object `index` could not be read: its parts still to come are forgotten. */
  drop(index: number): void {
    while (this.parts[this.next]?.object === index) {
      this.inFlight.delete(this.next)
      this.next += 1
    }
  }

  /** Ends the requests still in flight (the read stopped early: an error, the deadline, cancellation). */
  close(): void {
    this.inFlight.clear()
    this.stop.abort()
  }

  private take(position: number): Promise<{ buffer: Buffer; length: number }> {
    for (let ahead = position; ahead < Math.min(this.parts.length, position + PARTS_IN_FLIGHT); ahead++) {
      if (this.inFlight.has(ahead)) continue
      const fetching = this.fetch(this.parts[ahead] as Part)
      // A part that fails before the reader reaches it is the reader's to judge then, not an unhandled rejection.
      fetching.catch(() => undefined)
      this.inFlight.set(ahead, fetching)
    }
    const pending = this.inFlight.get(position) as Promise<{ buffer: Buffer; length: number }>
    this.inFlight.delete(position)
    return pending
  }

  private async fetch(part: Part): Promise<{ buffer: Buffer; length: number }> {
    const { client, caller, bucket } = this.location
    const object = this.objects[part.object] as S3Object
    const length = part.end - part.start
    const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(PART_BYTES)
    for (let attempt = 1; ; attempt++) {
      try {
        return await caller.call('GetObject', async signal => {
          const abortSignal = AbortSignal.any([signal, this.stop.signal])
          const output = await client.send(
            new GetObjectCommand({
              Bucket: bucket,
              Key: object.key,
              Range: `bytes=${part.start}-${part.end - 1}`,
              // An object replaced while it is read would mix two files: S3 answers 412 instead.
              ...(object.etag ? { IfMatch: object.etag } : {}),
            }),
            { abortSignal },
          )
          if (output.ContentLength !== undefined && output.ContentLength !== length) {
            throw partMismatch(output.ContentLength, length, object)
          }
          const body = (output.Body as AsyncIterable<Uint8Array> | undefined) ?? EMPTY
          await readWhole(body, buffer, length, object)
          return { buffer, length }
        })
      } catch (error) {
        if (error instanceof AwsError && error.code === LENGTH_MISMATCH && attempt < MISMATCH_ATTEMPTS) continue
        throw error
      }
    }
  }
}

/**
 * Frees the buffers the network reads of a part left behind. Node allocates each socket read (64 KiB) outside the
 * JavaScript heap, and V8 collects them only after 64 MiB more of such memory, or when its young generation fills,
 * which takes gigabytes of reads: a full read would hold ~70 MiB of dead buffers. A young-generation collection
 * after each part (about a millisecond: the young generation holds little else) keeps memory flat (measured: a
 * 1 GiB read peaks at 137 MiB against 197 MiB without). The collector is reached through V8's own flag; where it
 * cannot be, memory is merely higher.
 */
const collectSocketBuffers: () => void = (() => {
  try {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as (options: { type: 'minor' }) => void
    return () => gc({ type: 'minor' })
  } catch {
    return () => undefined
  }
})()

/** A part's body into `buffer`; an answer of another length than the part's is not the part. */
async function readWhole(
  body: AsyncIterable<Uint8Array>,
  buffer: Buffer,
  length: number,
  object: S3Object,
): Promise<void> {
  let filled = 0
  for await (const chunk of body) {
    if (filled + chunk.length > length) throw partMismatch(filled + chunk.length, length, object)
    buffer.set(chunk, filled)
    filled += chunk.length
  }
  if (filled !== length) throw partMismatch(filled, length, object)
}

/** One ranged GET of the object's first MiB, read by the import's rules; undefined when it could not be read. */
async function checkObjectStart(
  location: S3Location,
  settings: S3CheckSettings,
  object: S3Object,
  checker: ImportChecker,
): Promise<(FileCheck & { bytes: number }) | undefined> {
  const { client, caller, bucket } = location
  const uri = objectUri(location, object)
  const expected = Math.min(object.size, SAMPLE_BYTES)
  for (let attempt = 1; ; attempt++) {
    try {
      return await caller.call('GetObject', async signal => {
        const output = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: object.key, Range: `bytes=0-${SAMPLE_BYTES - 1}` }),
          { abortSignal: signal },
        )
        const announced = output.ContentLength
        if (announced !== undefined && announced !== expected) throw mismatch(announced, object)
        // The rules see the bytes as they arrive; an attempt cut short is forgotten, and the next starts over.
        const body = (output.Body as AsyncIterable<Uint8Array> | undefined) ?? EMPTY
        const read = await checker.read(uri, body, object.size <= SAMPLE_BYTES)
        if (read.bytes !== expected) throw mismatch(read.bytes, object)
        return read
      })
    } catch (error) {
      if (error instanceof AwsError && error.code === LENGTH_MISMATCH && attempt < MISMATCH_ATTEMPTS) continue
      skipObject(settings, uri, error)
      return undefined
    }
  }
}

export function objectUri(location: S3Location, object: S3Object): string {
  return `s3://${location.bucket}/${object.key}`
}

function notCsv(settings: S3CheckSettings, uri: string): void {
  settings.findings.add({ rule: 'not-csv', file: uri, what: `${uri} does not end in .csv` })
}

/** An object that cannot be read as it is (a permission, a key, an answer that is not the object): not checked. */
function skipObject(settings: S3CheckSettings, uri: string, error: unknown): void {
  if (!(error instanceof AwsError)) throw error
  if (error.code === LENGTH_MISMATCH) {
    // Not the object (a proxy's page, a cut answer): its bytes are not the data, so nothing of them is reported.
    settings.skip(`the data check of ${uri}`, `${error.message}, ${MISMATCH_ATTEMPTS} times (a proxy in the way?)`)
    return
  }
  if (error.code === 'PreconditionFailed' || error.httpStatus === 412) {
    settings.skip(`the data check of ${uri}`, 'the object was replaced while it was read')
    return
  }
  if (isAccessDenied(error) || error.httpStatus === 403) {
    const kms = /kms/i.test(error.message) || /kms/i.test(error.code)
    const permission = kms ? 'kms:Decrypt on the bucket key' : 's3:GetObject'
    settings.skip(`the data check of ${uri}`, `the credentials lack ${permission} (${error.code})`)
    return
  }
  throw error
}

/** An answer whose length is not the object's (or the range's): read again, then the object is not checked. */
const LENGTH_MISMATCH = 'LengthMismatch'

function mismatch(bytes: number, object: S3Object): AwsError {
  const what = `S3 answered ${formatBytes(bytes)} for the first ${formatBytes(Math.min(object.size, SAMPLE_BYTES))} of an object of ${formatBytes(object.size)}`
  return new AwsError('GetObject', LENGTH_MISMATCH, 'permanent', what, 200)
}

function partMismatch(bytes: number, length: number, object: S3Object): AwsError {
  const what = `S3 answered ${formatBytes(bytes)} for a part of ${formatBytes(length)} of an object of ${formatBytes(object.size)}`
  return new AwsError('GetObject', LENGTH_MISMATCH, 'permanent', what, 200)
}

const EMPTY: AsyncIterable<Uint8Array> = {
  async *[Symbol.asyncIterator]() {},
}

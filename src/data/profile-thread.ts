import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { type CollectorState, columnOf, INTERACTION_COLUMNS, ProfileCollector, type ProfileSink } from './profile.js'

// Hashing every user and item costs as much as reading the file (two hashes and a table probe a record, against
// ~140 ns for reading and checking it), so for large files the interactions profile runs in a worker thread: the
// main thread only notes where each clean record's profiled cells are, and hands over a copy of the chunk they
// are in. The counts are the same as in this thread (the same collector, fed the same cells).

/** Files at least this large are profiled in the worker: below it, starting a thread costs more than it saves. */
export const THREAD_MIN_BYTES = 32 * 1024 * 1024
/** Chunks in the worker's queue at most: the reader waits beyond it, so memory stays flat on a slow machine. */
const MAX_IN_FLIGHT = 8
/** The start offset of a record the reader put together (not in the chunk): its cells are in the side bytes. */
export const SIDE_BIT = 1 << 30

/**
 * What goes to the worker and back: the chunk's bytes followed by the side bytes, and the cells' offsets. Both live
 * in memory Node allocated, which V8 transfers in a fraction of the time a typed array's own takes (0.3 ms a MiB
 * against 1-2 ms, measured), and are used again once the worker hands them back (fresh memory costs page faults).
 */
export interface Packet {
  bytes: Buffer<ArrayBuffer>
  offsets: Int32Array<ArrayBuffer>
}

/** What the main thread tells the worker; the worker answers `done` per packet and `state` when finished. */
export type ProfileMessage =
  | { kind: 'start'; columns: string[] }
  | {
      kind: 'records'
      bytes: ArrayBuffer
      offsets: ArrayBuffer
      chunkLength: number
      records: number
      columns: number
    }
  | { kind: 'finish' }

export type WorkerAnswer =
  | { kind: 'done'; bytes: ArrayBuffer; offsets: ArrayBuffer }
  | { kind: 'state'; state: CollectorState | undefined }

/**
 * Worker threads: one per core beside the reader's, at most two (a worker hashes about as fast as the main thread
 * reads and checks, so two keep pace with it; more than the cores only take time from the reader).
 */
const WORKER_THREADS = Math.min(2, Math.max(1, availableParallelism() - 1))

/** The worker file beside this bundle's files (`scripts/build.mjs` bundles it on its own). */
const WORKER_FILE = 'profile-worker.js'

/**
 * The profile's worker threads for the run's data checks, started on first use: packets go to them in turn, and a
 * file's counts are theirs merged. A failed worker leaves profiles undone (a warning, never the outcome).
 */
export class ProfileThread {
  private workers: Worker[] = []
  private turn = 0
  private failure: Error | undefined
  private inFlight = 0
  private readonly waiting: Array<() => void> = []
  private readonly free: Packet[] = []
  private states: Array<CollectorState | undefined> = []
  private finishing: ((states: Array<CollectorState | undefined>) => void) | undefined

  constructor(
    private readonly threads = WORKER_THREADS,
    private readonly workerUrl: URL = new URL(WORKER_FILE, import.meta.url),
  ) {}

  /** A sink for one file's interactions profile, fed by the reader, finished with `collector()`. */
  file(): ThreadedProfile {
    return new ThreadedProfile(this)
  }

  get failed(): Error | undefined {
    return this.failure
  }

  /** A packet a worker handed back, or a new one. */
  packet(): Packet {
    return this.free.pop() ?? { bytes: Buffer.allocUnsafeSlow(1 << 20), offsets: nodeInt32Array(1 << 16) }
  }

  /** Records go to the next worker in turn; the start of a file to all of them. */
  send(message: ProfileMessage, transfer: ArrayBuffer[] = []): void {
    if (this.failure) return
    const workers = this.start()
    if (message.kind !== 'records') {
      for (const worker of workers) worker.postMessage(message)
      return
    }
    workers[this.turn++ % workers.length]?.postMessage(message, transfer)
    this.inFlight += 1
  }

  /** Resolves once the workers' queues have room (at once when they have, or when a worker failed). */
  async room(): Promise<void> {
    while (this.inFlight >= MAX_IN_FLIGHT * this.threads && !this.failure) {
      await new Promise<void>(done => this.waiting.push(done))
    }
  }

  /** The counts of the file just sent, one per worker; undefined when a worker failed. */
  async finish(): Promise<CollectorState[] | undefined> {
    if (this.failure) return undefined
    const answers = new Promise<Array<CollectorState | undefined>>(done => {
      this.finishing = done
    })
    this.states = []
    this.send({ kind: 'finish' })
    const states = await answers
    return states.every(state => state !== undefined) ? (states as CollectorState[]) : undefined
  }

  async close(): Promise<void> {
    const workers = this.workers
    this.workers = []
    await Promise.all(workers.map(worker => worker.terminate()))
  }

  private start(): Worker[] {
    if (this.workers.length > 0) return this.workers
    for (let i = 0; i < this.threads; i++) {
      const worker = new Worker(this.workerUrl)
      // The workers never keep the step alive: once the checks are done they are not waited for.
      worker.unref()
      worker.on('message', (answer: WorkerAnswer) => this.answer(answer))
      worker.on('error', error => this.fail(error))
      worker.on('exit', code => {
        if (this.workers.includes(worker)) this.fail(new Error(`a worker thread of the profile exited (${code})`))
      })
      this.workers.push(worker)
    }
    return this.workers
  }

  private answer(answer: WorkerAnswer): void {
    if (answer.kind === 'done') {
      this.inFlight -= 1
      this.free.push({ bytes: Buffer.from(answer.bytes), offsets: new Int32Array(answer.offsets) })
      this.waiting.shift()?.()
      return
    }
    this.states.push(answer.state)
    if (this.states.length < this.workers.length) return
    const finishing = this.finishing
    this.finishing = undefined
    finishing?.(this.states)
  }

  private fail(error: Error): void {
    this.failure ??= error
    const workers = this.workers
    this.workers = []
    for (const worker of workers) void worker.terminate()
    for (const resume of this.waiting.splice(0)) resume()
    this.finishing?.([undefined])
    this.finishing = undefined
  }
}

function nodeInt32Array(length: number): Int32Array<ArrayBuffer> {
  return new Int32Array(Buffer.allocUnsafeSlow(length * 4).buffer, 0, length)
}

/**
 * One file's interactions profile, counted in the worker. The reader calls `chunk` before the scanner reads a
 * chunk and `chunkDone` after it: the clean records' cells found in between go to the worker with a copy of it.
 */
export class ThreadedProfile implements ProfileSink {
  private columns = new Int32Array(0)
  private current: Uint8Array | undefined
  private packet: Packet | undefined
  private offsets = new Int32Array(0)
  private used = 0
  private records = 0
  private side = Buffer.allocUnsafe(1 << 12)
  private sideUsed = 0

  constructor(private readonly thread: ProfileThread) {}

  header(names: string[]): void {
    const cells = INTERACTION_COLUMNS.map(column => columnOf(names, column)).filter(cell => cell >= 0)
    this.columns = Int32Array.from(cells)
    this.thread.send({ kind: 'start', columns: cells.map(cell => names[cell] ?? '') })
  }

  onRecord(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    const columns = this.columns
    const count = columns.length
    if (this.used + count * 2 > this.offsets.length) this.room(count * 2)
    const offsets = this.offsets
    let used = this.used
    if (bytes === this.current) {
      for (let i = 0; i < count; i++) {
        const cell = columns[i] ?? 0
        offsets[used++] = starts[cell] ?? 0
        offsets[used++] = ends[cell] ?? 0
      }
    } else {
      for (let i = 0; i < count; i++) {
        const cell = columns[i] ?? 0
        const at = this.copyToSide(bytes, starts[cell] ?? 0, ends[cell] ?? 0)
        offsets[used++] = (i === 0 ? SIDE_BIT : 0) | at
        offsets[used++] = this.sideUsed
      }
    }
    this.used = used
    this.records += 1
  }

  /** The chunk the scanner reads next: records found in it are noted by offset. */
  chunk(chunk: Uint8Array): void {
    this.current = chunk
  }

  /** The chunk was read: its records go to the worker with a copy of it, once the worker has room. */
  async chunkDone(): Promise<void> {
    const chunk = this.current ?? EMPTY
    this.current = undefined
    const packet = this.packet
    if (this.records === 0 || !packet) return
    let bytes = packet.bytes
    if (bytes.length < chunk.length + this.sideUsed) bytes = Buffer.allocUnsafeSlow(chunk.length + this.sideUsed)
    bytes.set(chunk, 0)
    bytes.set(this.side.subarray(0, this.sideUsed), chunk.length)
    const message: ProfileMessage = {
      kind: 'records',
      bytes: bytes.buffer,
      offsets: this.offsets.buffer,
      chunkLength: chunk.length,
      records: this.records,
      columns: this.columns.length,
    }
    this.thread.send(message, [bytes.buffer, this.offsets.buffer])
    this.packet = undefined
    this.offsets = new Int32Array(0)
    this.used = 0
    this.records = 0
    this.sideUsed = 0
    await this.thread.room()
  }

  /** The file's counts as a collector; undefined when the worker failed. */
  async collector(): Promise<ProfileCollector | undefined> {
    const states = await this.thread.finish()
    if (!states) return undefined
    const [first, ...rest] = states.map(state => ProfileCollector.fromState(state))
    for (const other of rest) first?.merge(other)
    return first
  }

  /** Room for `more` offsets: a packet to write into, or a larger array for it. */
  private room(more: number): void {
    if (!this.packet) {
      this.packet = this.thread.packet()
      this.offsets = this.packet.offsets
    }
    if (this.used + more <= this.offsets.length) return
    const bigger = nodeInt32Array(Math.max(this.offsets.length * 2, this.used + more))
    bigger.set(this.offsets.subarray(0, this.used))
    this.offsets = bigger
    this.packet.offsets = bigger
  }

  private copyToSide(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start
    if (this.sideUsed + length > this.side.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.side.length * 2, this.sideUsed + length))
      this.side.copy(bigger, 0, 0, this.sideUsed)
      this.side = bigger
    }
    const at = this.sideUsed
    this.side.set(bytes.subarray(start, end), at)
    this.sideUsed += length
    return at
  }
}

const EMPTY = new Uint8Array(0)

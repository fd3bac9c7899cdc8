import { parentPort } from 'node:worker_threads'
import { ProfileCollector } from './profile.js'
import { type ProfileMessage, SIDE_BIT, type WorkerAnswer } from './profile-thread.js'

// The profile's worker thread (its own bundle, dist/profile-worker.js): it hashes the users and items of a large
// file while the main thread reads and checks it. The main thread sends a copy of each chunk it read with the
// offsets of the profiled cells of every clean record (both handed back for reuse), and, at the end of a file,
// asks for the collector's counts.

const port = parentPort
let collector: ProfileCollector | undefined

port?.on('message', (message: ProfileMessage) => {
  switch (message.kind) {
    case 'start':
      collector = new ProfileCollector('interactions')
      collector.header(message.columns, [])
      return
    case 'records': {
      if (collector) feed(collector, message)
      const done: WorkerAnswer = { kind: 'done', bytes: message.bytes, offsets: message.offsets }
      port.postMessage(done, [message.bytes, message.offsets])
      return
    }
    case 'finish': {
      // A file that never had a header (not CSV text) has an empty profile.
      const state = (collector ?? new ProfileCollector('interactions')).toState()
      collector = undefined
      const tables = [state.users?.table.buffer, state.items?.table.buffer].filter(
        (buffer): buffer is ArrayBuffer => buffer instanceof ArrayBuffer,
      )
      const answer: WorkerAnswer = { kind: 'state', state }
      port.postMessage(answer, tables)
    }
  }
})

/** Each record's cells, from the chunk or (a record the reader put together) from the side bytes after it. */
function feed(collector: ProfileCollector, message: Extract<ProfileMessage, { kind: 'records' }>): void {
  const chunk = new Uint8Array(message.bytes, 0, message.chunkLength)
  const side = new Uint8Array(message.bytes, message.chunkLength)
  const offsets = new Int32Array(message.offsets)
  const { records, columns } = message
  const starts = new Int32Array(columns)
  const ends = new Int32Array(columns)
  for (let record = 0, at = 0; record < records; record++) {
    const bytes = (offsets[at] ?? 0) & SIDE_BIT ? side : chunk
    for (let cell = 0; cell < columns; cell++, at += 2) {
      starts[cell] = (offsets[at] ?? 0) & ~SIDE_BIT
      ends[cell] = offsets[at + 1] ?? 0
    }
    collector.onRecord(bytes, starts, ends)
  }
}

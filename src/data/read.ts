import { CsvScanner } from './csv.js'
import { binaryFormat } from './format.js'
import type { ThreadedProfile } from './profile-thread.js'
import type { CsvChecker } from './rules.js'

// Feeding a file (or the first part of an S3 object) through the reader into the rules.

/**
 * Reads `chunks` into `checker`. With `complete`, the data is the whole file and its last line counts even
 * without a line break; otherwise (a ranged read of a larger object) the last, cut-off line is not checked.
 */
export async function checkChunks(
  chunks: AsyncIterable<Uint8Array>,
  checker: CsvChecker,
  complete: boolean,
  threaded?: ThreadedProfile,
): Promise<{ bytes: number }> {
  const scanner = new CsvScanner(checker.onRecord)
  let bytes = 0
  let binary = false
  for await (const chunk of chunks) {
    if (bytes === 0 && chunk.length > 0) {
      const format = binaryFormat(chunk)
      if (format) checker.notCsv(format)
      binary = format !== undefined
    }
    bytes += chunk.length
    // A file that is not CSV text is read to its end (the byte count is what was read), but not scanned.
    if (binary) continue
    threaded?.chunk(chunk)
    scanner.push(chunk)
    await threaded?.chunkDone()
  }
  if (complete && !binary) scanner.end()
  await threaded?.chunkDone()
  checker.finish()
  return { bytes }
}

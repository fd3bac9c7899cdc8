import { isUtf8 } from 'node:buffer'

// A streaming reader for the CSV dialect Personalize imports: comma-separated, one record per line, values
// optionally in double quotes, and inside quotes `"` and `\` escaped by a backslash (not RFC 4180's doubled
// quote). It hands each record over as byte offsets into the chunk being read, so the rules can check types and
// lengths without making a string of every cell: a plain newline scan is the floor, and this stays near it.

const COMMA = 0x2c
const QUOTE = 0x22
const BACKSLASH = 0x5c
const LF = 0x0a
const CR = 0x0d

/** A line longer than this cannot be a Personalize record (textual values stop at 20,000 characters). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024

/**
 * What is wrong with a record's quoting: a quote opened and not closed on the line, text after a closing quote
 * (a doubled "" included, which this dialect does not know), or a line too long to be a record.
 */
export type QuotingProblem = 'unclosed-quote' | 'text-after-quote' | 'line-too-long'

/** One record, valid only during the callback: its cells are offsets into `bytes`. */
export class CsvRecord {
  /** 1-based line number. */
  line = 0
  /** Number of cells; 0 for a blank line. */
  count = 0
  starts = new Int32Array(32)
  ends = new Int32Array(32)
  quoted = new Uint8Array(32)
  bytes: Uint8Array = new Uint8Array(0)
  lineStart = 0
  lineEnd = 0
  problem: QuotingProblem | undefined
  /** The cell where the quoting problem is. */
  problemCell = 0
  /** The line is not valid UTF-8. */
  invalidUtf8 = false
  /** The line (the first) began with a UTF-8 byte-order mark, which is not part of the first cell. */
  bom = false

  addCell(start: number, end: number, quoted: boolean): void {
    if (this.count === this.starts.length) this.grow()
    this.starts[this.count] = start
    this.ends[this.count] = end
    this.quoted[this.count] = quoted ? 1 : 0
    this.count += 1
  }

  /** The cell's value as text, escapes resolved. For header names and tests; the rules work on bytes. */
  text(cell: number): string {
    const raw = DECODER.decode(this.bytes.subarray(this.starts[cell] ?? 0, this.ends[cell] ?? 0))
    return this.quoted[cell] ? raw.replace(/\\([\s\S])/g, '$1') : raw
  }

  private grow(): void {
    const size = this.starts.length * 2
    const starts = new Int32Array(size)
    starts.set(this.starts)
    const ends = new Int32Array(size)
    ends.set(this.ends)
    const quoted = new Uint8Array(size)
    quoted.set(this.quoted)
    this.starts = starts
    this.ends = ends
    this.quoted = quoted
  }
}

const DECODER = new TextDecoder('utf-8')

/** Two byte runs as one Buffer: the reader's hot loop then only ever sees Buffers (one shape, fast element loads). */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  return Buffer.concat([a, b])
}

export class CsvScanner {
  private readonly record = new CsvRecord()
  /** The incomplete last line of the chunks read so far. */
  private rest: Uint8Array | undefined
  /** Bytes of an overlong line are dropped up to its end. */
  private skipping = false
  private line = 0
  /** The complete lines of the current chunk are not all valid UTF-8: each line is then checked on its own. */
  private suspect = false

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  /** Lines seen so far, including blank ones and the header. */
  get lines(): number {
    return this.line
  }

  push(chunk: Uint8Array): void {
    let from = 0
    if (this.skipping) {
      from = chunk.indexOf(LF) + 1
      if (from === 0) return
      this.skipping = false
    }
    if (this.rest) {
      // Only the line that straddles the two chunks is put together; the chunk itself is never copied.
      const end = chunk.indexOf(LF, from)
      if (end < 0) {
        this.keep(concat(this.rest, chunk.subarray(from)))
        return
      }
      const line = concat(this.rest, chunk.subarray(from, end + 1))
      this.rest = undefined
      this.scanBlock(line, 0, line.length)
      from = end + 1
    }
    const last = chunk.lastIndexOf(LF)
    if (last < from) {
      if (from < chunk.length) this.keep(chunk.subarray(from))
      return
    }
    this.scanBlock(chunk, from, last + 1)
    if (last + 1 < chunk.length) this.keep(chunk.subarray(last + 1))
  }

  /**
   * Complete lines, [from, to) ending with a line break. One pass over the bytes: commas and line breaks are
   * handled inline; a line with a quoted value, or the first line (a BOM), goes through scanLine.
   */
  private scanBlock(bytes: Uint8Array, from: number, to: number): void {
    // One native check for the whole block; only a block that fails it is checked line by line.
    this.suspect = !isUtf8(bytes.subarray(from, to))
    let lineStart = from
    if (this.line === 0) {
      lineStart = bytes.indexOf(LF, from) + 1
      this.scanLine(bytes, from, lineStart - 1)
    }
    const record = this.record
    const suspect = this.suspect
    while (lineStart < to) {
      this.begin(bytes, lineStart, lineStart)
      // The cell offsets are kept in locals while the line is scanned: no property access per comma.
      let starts = record.starts
      let ends = record.ends
      let count = 0
      let cellStart = lineStart
      let i = lineStart
      let b = 0
      for (; i < to; i++) {
        b = bytes[i] ?? 0
        if (b === COMMA) {
          if (count === starts.length) {
            record.count = count
            record.addCell(cellStart, i, false)
            starts = record.starts
            ends = record.ends
          } else {
            starts[count] = cellStart
            ends[count] = i
          }
          count += 1
          cellStart = i + 1
        } else if (b === LF || (b === QUOTE && i === cellStart)) {
          break
        }
      }
      record.count = count
      if (b === QUOTE) {
        // A quoted value: this line is read again by the general path.
        const lineBreak = bytes.indexOf(LF, i)
        this.line -= 1
        this.scanLine(bytes, lineStart, lineBreak)
        lineStart = lineBreak + 1
        continue
      }
      const end = i > lineStart && bytes[i - 1] === CR ? i - 1 : i
      record.lineEnd = end
      if (end > lineStart) record.addCell(cellStart, Math.max(cellStart, end), false)
      if (suspect) record.invalidUtf8 = !isUtf8(bytes.subarray(lineStart, end))
      this.onRecord(record)
      lineStart = i + 1
    }
  }

  /** The last line, when the data does not end with a line break. */
  end(): void {
    const rest = this.rest
    this.rest = undefined
    if (!rest || rest.length === 0) return
    this.suspect = !isUtf8(rest)
    this.scanLine(rest, 0, rest.length)
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length <= MAX_LINE_BYTES) {
      this.rest = Buffer.from(bytes)
      return
    }
    // No line is this long: report it once and drop it up to its end.
    const record = this.begin(bytes, 0, 0)
    record.problem = 'line-too-long'
    this.onRecord(record)
    this.skipping = true
  }

  private begin(bytes: Uint8Array, start: number, end: number): CsvRecord {
    const record = this.record
    this.line += 1
    record.line = this.line
    record.bytes = bytes
    record.lineStart = start
    record.lineEnd = end
    record.count = 0
    record.problem = undefined
    record.problemCell = 0
    record.invalidUtf8 = false
    record.bom = false
    return record
  }

  /** One line, [start, end) without its line break. */
  private scanLine(bytes: Uint8Array, start: number, lineBreak: number): void {
    const end = lineBreak > start && bytes[lineBreak - 1] === CR ? lineBreak - 1 : lineBreak
    const record = this.begin(bytes, start, end)
    if (this.suspect) record.invalidUtf8 = !isUtf8(bytes.subarray(start, end))
    let first = start
    if (
      record.line === 1 &&
      end - start >= 3 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    ) {
      record.bom = true
      first += 3
    }
    if (end > first) scanCells(record, bytes, first, end)
    this.onRecord(record)
    // The fast path of scanBlock never marks a cell quoted, so it relies on the marks being cleared here.
    record.quoted.fill(0, 0, record.count)
  }
}

function scanCells(record: CsvRecord, bytes: Uint8Array, start: number, end: number): void {
  let i = start
  for (;;) {
    let next: number
    if (i < end && bytes[i] === QUOTE) {
      const close = closingQuote(bytes, i + 1, end)
      if (close < 0) {
        record.addCell(i + 1, end, true)
        note(record, 'unclosed-quote')
        return
      }
      record.addCell(i + 1, close, true)
      next = close + 1
      if (next < end && bytes[next] !== COMMA) {
        note(record, 'text-after-quote')
        next = bytes.indexOf(COMMA, next)
        if (next < 0 || next >= end) return
      }
    } else {
      next = bytes.indexOf(COMMA, i)
      if (next < 0 || next > end) next = end
      record.addCell(i, next, false)
    }
    if (next >= end) return
    i = next + 1
    if (i === end) {
      record.addCell(i, i, false) // a trailing comma: an empty last cell
      return
    }
  }
}

/** The closing quote of a value opened before `from`, or -1; quotes preceded by an odd run of backslashes are escaped. */
function closingQuote(bytes: Uint8Array, from: number, end: number): number {
  let at = from
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at)
    if (quote < 0 || quote >= end) return -1
    let backslashes = 0
    while (quote - backslashes - 1 >= from && bytes[quote - backslashes - 1] === BACKSLASH) backslashes += 1
    if (backslashes % 2 === 0) return quote
    at = quote + 1
  }
}

function note(record: CsvRecord, problem: QuotingProblem): void {
  if (record.problem !== undefined) return
  record.problem = problem
  record.problemCell = record.count - 1
}

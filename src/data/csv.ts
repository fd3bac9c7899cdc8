import { isUtf8 } from 'node:buffer'

// A streaming reader for the CSV Personalize imports: comma-separated, one record per line, values optionally in
// double quotes. Inside quotes a quote is escaped either way, mixed freely: `\"` (the developer guide's way, which
// also escapes `\\`) or `""` (RFC 4180: pandas, Python's csv module, spreadsheets); both have imported.
// A quoted value that runs over a line break is read as one record (and reported once), so a text with line
// breaks is one finding, not a cascade; a quote that never closes is reported on its line and reading resyncs at
// the next. It hands each record over as byte offsets into the chunk being read, so the rules can check types and
// lengths without making a string of every cell: a plain newline scan is the floor, and this stays near it.

const COMMA = 0x2c
const QUOTE = 0x22
const BACKSLASH = 0x5c
const LF = 0x0a
const CR = 0x0d

/** A line longer than this cannot be a Personalize record (textual values stop at 20,000 characters). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024
/**
 * A quoted value may run over at most this many line breaks, and its record over at most MAX_SPAN_BYTES, before
 * the opening quote counts as one that never closes (and reading resyncs at the next line).
 */
const MAX_SPAN_LINES = 100
const MAX_SPAN_BYTES = 1024 * 1024

/**
 * What is wrong with a record's quoting: a quote opened and not closed, text after a closing quote, a quoted
 * value with line breaks (a record over several lines), or a line too long to be a record.
 */
export type QuotingProblem = 'unclosed-quote' | 'text-after-quote' | 'line-break-in-value' | 'line-too-long'

/** One record, valid only during the callback: its cells are offsets into `bytes`. */
export class CsvRecord {
  /** 1-based number of the record's first line. */
  line = 0
  /** Lines the record spans: more than 1 when a quoted value holds line breaks. */
  lines = 1
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
  /** The first record of a file whose lines end with CR alone (read as if they ended with LF). */
  crLineEnds = false
  /**
   * The cell whose closing quote follows a backslash (`"C:\dir\"`, as Python's csv module writes a value ending in
   * one), read as closing since nothing else closes it; -1 when none.
   */
  backslashQuote = -1

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
    return this.quoted[cell] ? raw.replace(/\\([\s\S])|""/g, (_, escaped?: string) => escaped ?? '"') : raw
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

/** The record starting here continues past the bytes read so far. */
const PENDING = -1

// Every run of bytes it joins or copies is made a Buffer: the hot loop then only ever sees one shape (fast loads).
export class CsvScanner {
  private readonly record = new CsvRecord()
  /** The bytes after the last complete record: part of a line, or a quoted value still open over line breaks. */
  private rest: Uint8Array | undefined
  /** A line longer than one chunk, in pieces (copied), put together only when its end arrives. */
  private pieces: Uint8Array[] = []
  private pieceBytes = 0
  /** Bytes of an overlong line are dropped up to its end. */
  private skipping = false
  private line = 0
  /** The complete lines of the current chunk are not all valid UTF-8: each line is then checked on its own. */
  private suspect = false
  /** Whether the file's lines end with CR alone; decided on the first chunk. */
  private crOnly: boolean | undefined
  /** The data ended: a quote still open closes nowhere. */
  private ended = false
  /** Cells of the header: a record over several lines is read whole only when it has as many. */
  private headerCells = 0

  constructor(private readonly onRecord: (record: CsvRecord) => void) {}

  push(input: Uint8Array): void {
    const chunk = this.lineEnds(input)
    let from = 0
    if (this.skipping) {
      from = chunk.indexOf(LF) + 1
      if (from === 0) return
      this.skipping = false
    }
    const rest = this.rest
    if (rest) {
      this.rest = undefined
      if (rest.indexOf(LF) >= 0) {
        // A quoted value open over line breaks: read on with the whole chunk.
        this.scanChunk(Buffer.concat([rest, chunk.subarray(from)]), 0)
        return
      }
      // Only the line that straddles the two chunks is put together; the chunk itself is never copied.
      const end = chunk.indexOf(LF, from)
      if (end < 0) {
        this.grow(rest, chunk.subarray(from))
        return
      }
      const line = Buffer.concat([rest, ...this.pieces, chunk.subarray(from, end + 1)])
      this.pieces = []
      this.pieceBytes = 0
      if (this.scanBlock(line, 0, line.length) < line.length) {
        this.scanChunk(Buffer.concat([line, chunk.subarray(end + 1)]), 0)
        return
      }
      from = end + 1
    }
    this.scanChunk(chunk, from)
  }

  /** The last line, when the data does not end with a line break; a quote still open is closed by nothing. */
  end(): void {
    this.ended = true
    const rest = this.rest && Buffer.concat([this.rest, ...this.pieces])
    this.rest = undefined
    this.pieces = []
    if (!rest || rest.length === 0) return
    const data = rest[rest.length - 1] === LF ? rest : Buffer.concat([rest, LF_BYTES])
    this.scanBlock(data, 0, data.length)
  }

  /** The complete records of `chunk` from `from`; what follows the last one is kept for the next chunk. */
  private scanChunk(chunk: Uint8Array, from: number): void {
    const last = chunk.lastIndexOf(LF)
    if (last < from) {
      if (from < chunk.length) this.keep(chunk.subarray(from))
      return
    }
    const done = this.scanBlock(chunk, from, last + 1)
    if (done < chunk.length) this.keep(chunk.subarray(done))
  }

  /** A file whose first line ends with CR alone is read with every CR taken for LF (one finding, not thousands). */
  private lineEnds(chunk: Uint8Array): Uint8Array {
    if (this.crOnly === undefined) {
      if (chunk.length === 0) return chunk
      const lf = chunk.indexOf(LF)
      const cr = chunk.indexOf(CR)
      this.crOnly = cr >= 0 && (lf < 0 || cr < lf - 1) && cr + 1 < chunk.length
    }
    if (!this.crOnly) return chunk
    const copy = Buffer.from(chunk)
    for (let i = copy.indexOf(CR); i >= 0; i = copy.indexOf(CR, i + 1)) copy[i] = LF
    return copy
  }

  /**
   * Complete lines, [from, to) ending with a line break; returns where the records read end (before `to` when
   * the last one continues past it). One pass over the bytes: commas and line breaks are handled inline; a line
   * with a quoted value, or the first line (a BOM), goes through scanQuoted.
   */
  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the reader's hot loop, kept in one function so that cell offsets stay in locals (0.25 x a newline scan in npm run bench)
  private scanBlock(bytes: Uint8Array, from: number, to: number): number {
    // One native check for the whole block; only a block that fails it is checked line by line.
    this.suspect = !isUtf8(bytes.subarray(from, to))
    let lineStart = from
    const record = this.record
    while (lineStart < to) {
      if (this.line === 0 || bytes[lineStart] === QUOTE) {
        const next = this.scanQuoted(bytes, lineStart, to)
        if (next === PENDING) return lineStart
        lineStart = next
        continue
      }
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
        this.line -= 1
        const next = this.scanQuoted(bytes, lineStart, to)
        if (next === PENDING) return lineStart
        lineStart = next
        continue
      }
      const end = i > lineStart && bytes[i - 1] === CR ? i - 1 : i
      record.lineEnd = end
      if (end > lineStart) record.addCell(cellStart, Math.max(cellStart, end), false)
      if (this.suspect) record.invalidUtf8 = !isUtf8(bytes.subarray(lineStart, end))
      this.onRecord(record)
      lineStart = i + 1
    }
    return to
  }

  /**
   * The record at `start` through the general path: on its line, or, when a quoted value runs over line breaks
   * and the record it makes is whole, over those lines. Returns where the next record starts, or PENDING.
   */
  private scanQuoted(bytes: Uint8Array, start: number, to: number): number {
    const lineBreak = bytes.indexOf(LF, start)
    const end = recordEnd(bytes, start, to)
    if (end === PENDING && !this.ended && to - start <= MAX_SPAN_BYTES && lines(bytes, start, to) <= MAX_SPAN_LINES) {
      return PENDING
    }
    if (end > lineBreak && end - start <= MAX_SPAN_BYTES) {
      const spanned = lines(bytes, start, end) + 1
      if (spanned <= MAX_SPAN_LINES + 1 && this.scanLine(bytes, start, end, spanned, true)) return end + 1
    }
    this.scanLine(bytes, start, lineBreak, 1)
    return lineBreak + 1
  }

  /**
   * A line still without its end: its pieces are kept (memory holds at most MAX_LINE_BYTES of it, whatever the
   * input: a file of NUL bytes, a video), and past that it is reported once and dropped.
   */
  private grow(rest: Uint8Array, more: Uint8Array): void {
    if (rest.length + this.pieceBytes + more.length > MAX_LINE_BYTES) {
      this.pieces = []
      this.pieceBytes = 0
      this.tooLong()
      return
    }
    this.rest = rest
    this.pieces.push(Buffer.from(more))
    this.pieceBytes += more.length
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length <= MAX_LINE_BYTES) this.rest = Buffer.from(bytes)
    else this.tooLong()
  }

  /** No line is this long: report it once and drop it up to its end. */
  private tooLong(): void {
    const record = this.begin(EMPTY, 0, 0)
    record.problem = 'line-too-long'
    this.onRecord(record)
    this.skipping = true
  }

  private begin(bytes: Uint8Array, start: number, end: number, spanned = 1): CsvRecord {
    const record = this.record
    this.line += 1
    record.line = this.line
    this.line += spanned - 1
    record.lines = spanned
    record.bytes = bytes
    record.lineStart = start
    record.lineEnd = end
    record.count = 0
    record.problem = undefined
    record.problemCell = 0
    record.invalidUtf8 = false
    record.bom = false
    record.backslashQuote = -1
    record.crLineEnds = record.line === 1 && this.crOnly === true
    return record
  }

  /**
   * One record, [start, lineBreak) without its last line break, over `spanned` lines. With `onlyIfClean`, a
   * record whose cells do not close cleanly is not reported (and the line count is left as it was): false.
   */
  private scanLine(bytes: Uint8Array, start: number, lineBreak: number, spanned: number, onlyIfClean = false) {
    const end = lineBreak > start && bytes[lineBreak - 1] === CR ? lineBreak - 1 : lineBreak
    const record = this.begin(bytes, start, end, spanned)
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
    if (record.line === 1) this.headerCells = record.count
    if (onlyIfClean && (record.problem !== undefined || record.count !== this.headerCells)) {
      this.line -= spanned
      record.quoted.fill(0, 0, record.count)
      return false
    }
    if (spanned > 1) note(record, 'line-break-in-value', cellWithLineBreak(record))
    if (this.suspect) record.invalidUtf8 = !isUtf8(bytes.subarray(start, end))
    this.onRecord(record)
    // The fast path of scanBlock never marks a cell quoted, so it relies on the marks being cleared here.
    record.quoted.fill(0, 0, record.count)
    return true
  }
}

const LF_BYTES = new Uint8Array([LF])
const EMPTY = new Uint8Array(0)

/** Line breaks in [start, end), counted up to one more than MAX_SPAN_LINES. */
function lines(bytes: Uint8Array, start: number, end: number): number {
  let count = 0
  for (let i = bytes.indexOf(LF, start); i >= 0 && i < end && count <= MAX_SPAN_LINES; i = bytes.indexOf(LF, i + 1)) {
    count += 1
  }
  return count
}

/** The line break that ends the record at `start` (quoted values may hold line breaks), or PENDING before `to`. */
function recordEnd(bytes: Uint8Array, start: number, to: number): number {
  let i = start
  for (;;) {
    if (bytes[i] === QUOTE) {
      const close = closingQuote(bytes, i + 1, to)
      if (close < 0) return PENDING
      i = close + 1
    }
    while (i < to && bytes[i] !== COMMA && bytes[i] !== LF) i += 1
    if (i >= to) return PENDING
    if (bytes[i] === LF) return i
    i += 1
  }
}

function cellWithLineBreak(record: CsvRecord): number {
  for (let cell = 0; cell < record.count; cell++) {
    const at = record.bytes.indexOf(LF, record.starts[cell] ?? 0)
    if (at >= 0 && at < (record.ends[cell] ?? 0)) return cell
  }
  return 0
}

function scanCells(record: CsvRecord, bytes: Uint8Array, start: number, end: number): void {
  let i = start
  for (;;) {
    const next = i < end && bytes[i] === QUOTE ? quotedCell(record, bytes, i, end) : plainCell(record, bytes, i, end)
    if (next >= end) return
    i = next + 1
    if (i === end) {
      record.addCell(i, i, false) // a trailing comma: an empty last cell
      return
    }
  }
}

/** The unquoted cell at `i`; returns where it ends (its comma, or `end`). */
function plainCell(record: CsvRecord, bytes: Uint8Array, i: number, end: number): number {
  let next = bytes.indexOf(COMMA, i)
  if (next < 0 || next > end) next = end
  record.addCell(i, next, false)
  return next
}

/** The quoted cell whose quote is at `i`; returns where it ends (its comma, or `end` when the record ends). */
function quotedCell(record: CsvRecord, bytes: Uint8Array, i: number, end: number): number {
  let close = closingQuote(bytes, i + 1, end)
  if (close < 0) {
    close = quoteAfterBackslash(bytes, i + 1, end)
    if (close < 0) {
      record.addCell(i + 1, end, true)
      note(record, 'unclosed-quote', record.count - 1)
      return end
    }
    if (record.backslashQuote < 0) record.backslashQuote = record.count
  }
  record.addCell(i + 1, close, true)
  const next = close + 1
  if (next >= end || bytes[next] === COMMA) return next
  note(record, 'text-after-quote', record.count - 1)
  const comma = bytes.indexOf(COMMA, next)
  return comma < 0 || comma >= end ? end : comma
}

/**
 * The closing quote of a value opened before `from`, or -1. A quote is escaped when an odd run of backslashes
 * precedes it, or when another quote follows it at once (`""`, which then stands for one quote).
 */
function closingQuote(bytes: Uint8Array, from: number, end: number): number {
  let at = from
  for (;;) {
    const quote = bytes.indexOf(QUOTE, at)
    if (quote < 0 || quote >= end) return -1
    let backslashes = 0
    while (quote - backslashes - 1 >= from && bytes[quote - backslashes - 1] === BACKSLASH) backslashes += 1
    if (backslashes % 2 === 1) {
      at = quote + 1
    } else if (quote + 1 < end && bytes[quote + 1] === QUOTE) {
      at = quote + 2
    } else {
      return quote
    }
  }
}

/**
 * In a value no quote closes, a `\"` that ends the cell (a comma or the record's end follows): a value that ends in
 * a backslash, written by a tool that escapes quotes by doubling them. -1 when there is none.
 */
function quoteAfterBackslash(bytes: Uint8Array, from: number, end: number): number {
  for (let quote = bytes.indexOf(QUOTE, from); quote >= 0 && quote < end; quote = bytes.indexOf(QUOTE, quote + 1)) {
    if (bytes[quote - 1] === BACKSLASH && (quote + 1 === end || bytes[quote + 1] === COMMA)) return quote
  }
  return -1
}

function note(record: CsvRecord, problem: QuotingProblem, cell: number): void {
  if (record.problem !== undefined) return
  record.problem = problem
  record.problemCell = cell
}

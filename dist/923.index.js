export const id = 923;
export const ids = [923];
export const modules = {

/***/ 6923:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  l: () => (/* binding */ ImportChecker),
  K: () => (/* binding */ profileKind)
});

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/data/cross-check.ts
var cross_check = __webpack_require__(2065);
// EXTERNAL MODULE: ./src/data/findings.ts + 1 modules
var data_findings = __webpack_require__(8043);
// EXTERNAL MODULE: ./src/data/profile.ts
var data_profile = __webpack_require__(7641);
// EXTERNAL MODULE: ./src/data/profile-thread.ts
var profile_thread = __webpack_require__(5894);
// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/data/csv.ts

// A streaming reader for the CSV Personalize imports: comma-separated, one record per line, values optionally in
// double quotes. Inside quotes a quote is escaped either way, mixed freely: `\"` (the developer guide's way, which
// also escapes `\\`) or `""` (RFC 4180: pandas, Python's csv module, spreadsheets); both have imported.
// A quoted value that runs over a line break is read as one record (and reported once), so a text with line
// breaks is one finding, not a cascade; a quote that never closes is reported on its line and reading resyncs at
// the next. It hands each record over as byte offsets into the chunk being read, so the rules can check types and
// lengths without making a string of every cell: a plain newline scan is the floor, and this stays near it.
const COMMA = 0x2c;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;
/** A line longer than this cannot be a Personalize record (textual values stop at 20,000 characters). */
const MAX_LINE_BYTES = 16 * 1024 * 1024;
/**
 * A quoted value may run over at most this many line breaks, and its record over at most MAX_SPAN_BYTES, before
 * the opening quote counts as one that never closes (and reading resyncs at the next line).
 */
const MAX_SPAN_LINES = 100;
const MAX_SPAN_BYTES = 1024 * 1024;
/** One record, valid only during the callback: its cells are offsets into `bytes`. */
class CsvRecord {
    /** 1-based number of the record's first line. */
    line = 0;
    /** Lines the record spans: more than 1 when a quoted value holds line breaks. */
    lines = 1;
    /** Number of cells; 0 for a blank line. */
    count = 0;
    starts = new Int32Array(32);
    ends = new Int32Array(32);
    quoted = new Uint8Array(32);
    bytes = new Uint8Array(0);
    lineStart = 0;
    lineEnd = 0;
    problem;
    /** The cell where the quoting problem is. */
    problemCell = 0;
    /** The line is not valid UTF-8. */
    invalidUtf8 = false;
    /** The line (the first) began with a UTF-8 byte-order mark, which is not part of the first cell. */
    bom = false;
    /** The first record of a file whose lines end with CR alone (read as if they ended with LF). */
    crLineEnds = false;
    /**
     * The cell whose closing quote follows a backslash (`"C:\dir\"`, as Python's csv module writes a value ending in
     * one), read as closing since nothing else closes it; -1 when none.
     */
    backslashQuote = -1;
    addCell(start, end, quoted) {
        if (this.count === this.starts.length)
            this.grow();
        this.starts[this.count] = start;
        this.ends[this.count] = end;
        this.quoted[this.count] = quoted ? 1 : 0;
        this.count += 1;
    }
    /** The cell's value as text, escapes resolved. For header names and tests; the rules work on bytes. */
    text(cell) {
        const raw = DECODER.decode(this.bytes.subarray(this.starts[cell] ?? 0, this.ends[cell] ?? 0));
        return this.quoted[cell] ? raw.replace(/\\([\s\S])|""/g, (_, escaped) => escaped ?? '"') : raw;
    }
    grow() {
        const size = this.starts.length * 2;
        const starts = new Int32Array(size);
        starts.set(this.starts);
        const ends = new Int32Array(size);
        ends.set(this.ends);
        const quoted = new Uint8Array(size);
        quoted.set(this.quoted);
        this.starts = starts;
        this.ends = ends;
        this.quoted = quoted;
    }
}
const DECODER = new TextDecoder('utf-8');
/** The record starting here continues past the bytes read so far. */
const PENDING = -1;
// Every run of bytes it joins or copies is made a Buffer: the hot loop then only ever sees one shape (fast loads).
class CsvScanner {
    onRecord;
    record = new CsvRecord();
    /** The bytes after the last complete record: part of a line, or a quoted value still open over line breaks. */
    rest;
    /** A line longer than one chunk, in pieces (copied), put together only when its end arrives. */
    pieces = [];
    pieceBytes = 0;
    /** Bytes of an overlong line are dropped up to its end. */
    skipping = false;
    line = 0;
    /** The complete lines of the current chunk are not all valid UTF-8: each line is then checked on its own. */
    suspect = false;
    /** Whether the file's lines end with CR alone; decided on the first chunk. */
    crOnly;
    /** The data ended: a quote still open closes nowhere. */
    ended = false;
    /** Cells of the header: a record over several lines is read whole only when it has as many. */
    headerCells = 0;
    constructor(onRecord) {
        this.onRecord = onRecord;
    }
    push(input) {
        const chunk = this.lineEnds(input);
        let from = 0;
        if (this.skipping) {
            from = chunk.indexOf(LF) + 1;
            if (from === 0)
                return;
            this.skipping = false;
        }
        const rest = this.rest;
        if (rest) {
            this.rest = undefined;
            if (rest.indexOf(LF) >= 0) {
                // A quoted value open over line breaks: read on with the whole chunk.
                this.scanChunk(Buffer.concat([rest, chunk.subarray(from)]), 0);
                return;
            }
            // Only the line that straddles the two chunks is put together; the chunk itself is never copied.
            const end = chunk.indexOf(LF, from);
            if (end < 0) {
                this.grow(rest, chunk.subarray(from));
                return;
            }
            const line = Buffer.concat([rest, ...this.pieces, chunk.subarray(from, end + 1)]);
            this.pieces = [];
            this.pieceBytes = 0;
            if (this.scanBlock(line, 0, line.length) < line.length) {
                this.scanChunk(Buffer.concat([line, chunk.subarray(end + 1)]), 0);
                return;
            }
            from = end + 1;
        }
        this.scanChunk(chunk, from);
    }
    /** The last line, when the data does not end with a line break; a quote still open is closed by nothing. */
    end() {
        this.ended = true;
        const rest = this.rest && Buffer.concat([this.rest, ...this.pieces]);
        this.rest = undefined;
        this.pieces = [];
        if (!rest || rest.length === 0)
            return;
        const data = rest[rest.length - 1] === LF ? rest : Buffer.concat([rest, LF_BYTES]);
        this.scanBlock(data, 0, data.length);
    }
    /** The complete records of `chunk` from `from`; what follows the last one is kept for the next chunk. */
    scanChunk(chunk, from) {
        const last = chunk.lastIndexOf(LF);
        if (last < from) {
            if (from < chunk.length)
                this.keep(chunk.subarray(from));
            return;
        }
        const done = this.scanBlock(chunk, from, last + 1);
        if (done < chunk.length)
            this.keep(chunk.subarray(done));
    }
    /** A file whose first line ends with CR alone is read with every CR taken for LF (one finding, not thousands). */
    lineEnds(chunk) {
        if (this.crOnly === undefined) {
            if (chunk.length === 0)
                return chunk;
            const lf = chunk.indexOf(LF);
            const cr = chunk.indexOf(CR);
            this.crOnly = cr >= 0 && (lf < 0 || cr < lf - 1) && cr + 1 < chunk.length;
        }
        if (!this.crOnly)
            return chunk;
        const copy = Buffer.from(chunk);
        for (let i = copy.indexOf(CR); i >= 0; i = copy.indexOf(CR, i + 1))
            copy[i] = LF;
        return copy;
    }
    /**
     * Complete lines, [from, to) ending with a line break; returns where the records read end (before `to` when
     * the last one continues past it). One pass over the bytes: commas and line breaks are handled inline; a line
     * with a quoted value, or the first line (a BOM), goes through scanQuoted.
     */
    // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the reader's hot loop, kept in one function so that cell offsets stay in locals (0.25 x a newline scan in npm run bench)
    scanBlock(bytes, from, to) {
        // One native check for the whole block; only a block that fails it is checked line by line.
        this.suspect = !(0,external_node_buffer_.isUtf8)(bytes.subarray(from, to));
        let lineStart = from;
        const record = this.record;
        while (lineStart < to) {
            if (this.line === 0 || bytes[lineStart] === QUOTE) {
                const next = this.scanQuoted(bytes, lineStart, to);
                if (next === PENDING)
                    return lineStart;
                lineStart = next;
                continue;
            }
            this.begin(bytes, lineStart, lineStart);
            // The cell offsets are kept in locals while the line is scanned: no property access per comma.
            let starts = record.starts;
            let ends = record.ends;
            let count = 0;
            let cellStart = lineStart;
            let i = lineStart;
            let b = 0;
            for (; i < to; i++) {
                b = bytes[i] ?? 0;
                if (b === COMMA) {
                    if (count === starts.length) {
                        record.count = count;
                        record.addCell(cellStart, i, false);
                        starts = record.starts;
                        ends = record.ends;
                    }
                    else {
                        starts[count] = cellStart;
                        ends[count] = i;
                    }
                    count += 1;
                    cellStart = i + 1;
                }
                else if (b === LF || (b === QUOTE && i === cellStart)) {
                    break;
                }
            }
            record.count = count;
            if (b === QUOTE) {
                // A quoted value: this line is read again by the general path.
                this.line -= 1;
                const next = this.scanQuoted(bytes, lineStart, to);
                if (next === PENDING)
                    return lineStart;
                lineStart = next;
                continue;
            }
            const end = i > lineStart && bytes[i - 1] === CR ? i - 1 : i;
            record.lineEnd = end;
            if (end > lineStart)
                record.addCell(cellStart, Math.max(cellStart, end), false);
            if (this.suspect)
                record.invalidUtf8 = !(0,external_node_buffer_.isUtf8)(bytes.subarray(lineStart, end));
            this.onRecord(record);
            lineStart = i + 1;
        }
        return to;
    }
    /**
     * The record at `start` through the general path: on its line, or, when a quoted value runs over line breaks
     * and the record it makes is whole, over those lines. Returns where the next record starts, or PENDING.
     */
    scanQuoted(bytes, start, to) {
        const lineBreak = bytes.indexOf(LF, start);
        const end = recordEnd(bytes, start, to);
        if (end === PENDING && !this.ended && to - start <= MAX_SPAN_BYTES && lines(bytes, start, to) <= MAX_SPAN_LINES) {
            return PENDING;
        }
        if (end > lineBreak && end - start <= MAX_SPAN_BYTES) {
            const spanned = lines(bytes, start, end) + 1;
            if (spanned <= MAX_SPAN_LINES + 1 && this.scanLine(bytes, start, end, spanned, true))
                return end + 1;
        }
        this.scanLine(bytes, start, lineBreak, 1);
        return lineBreak + 1;
    }
    /**
     * A line still without its end: its pieces are kept (memory holds at most MAX_LINE_BYTES of it, whatever the
     * input: a file of NUL bytes, a video), and past that it is reported once and dropped.
     */
    grow(rest, more) {
        if (rest.length + this.pieceBytes + more.length > MAX_LINE_BYTES) {
            this.pieces = [];
            this.pieceBytes = 0;
            this.tooLong();
            return;
        }
        this.rest = rest;
        this.pieces.push(Buffer.from(more));
        this.pieceBytes += more.length;
    }
    keep(bytes) {
        if (bytes.length <= MAX_LINE_BYTES)
            this.rest = Buffer.from(bytes);
        else
            this.tooLong();
    }
    /** No line is this long: report it once and drop it up to its end. */
    tooLong() {
        const record = this.begin(EMPTY, 0, 0);
        record.problem = 'line-too-long';
        this.onRecord(record);
        this.skipping = true;
    }
    begin(bytes, start, end, spanned = 1) {
        const record = this.record;
        this.line += 1;
        record.line = this.line;
        this.line += spanned - 1;
        record.lines = spanned;
        record.bytes = bytes;
        record.lineStart = start;
        record.lineEnd = end;
        record.count = 0;
        record.problem = undefined;
        record.problemCell = 0;
        record.invalidUtf8 = false;
        record.bom = false;
        record.backslashQuote = -1;
        record.crLineEnds = record.line === 1 && this.crOnly === true;
        return record;
    }
    /**
     * One record, [start, lineBreak) without its last line break, over `spanned` lines. With `onlyIfClean`, a
     * record whose cells do not close cleanly is not reported (and the line count is left as it was): false.
     */
    scanLine(bytes, start, lineBreak, spanned, onlyIfClean = false) {
        const end = lineBreak > start && bytes[lineBreak - 1] === CR ? lineBreak - 1 : lineBreak;
        const record = this.begin(bytes, start, end, spanned);
        let first = start;
        if (record.line === 1 &&
            end - start >= 3 &&
            bytes[start] === 0xef &&
            bytes[start + 1] === 0xbb &&
            bytes[start + 2] === 0xbf) {
            record.bom = true;
            first += 3;
        }
        if (end > first)
            scanCells(record, bytes, first, end);
        if (record.line === 1)
            this.headerCells = record.count;
        if (onlyIfClean && (record.problem !== undefined || record.count !== this.headerCells)) {
            this.line -= spanned;
            record.quoted.fill(0, 0, record.count);
            return false;
        }
        if (spanned > 1)
            note(record, 'line-break-in-value', cellWithLineBreak(record));
        if (this.suspect)
            record.invalidUtf8 = !(0,external_node_buffer_.isUtf8)(bytes.subarray(start, end));
        this.onRecord(record);
        // The fast path of scanBlock never marks a cell quoted, so it relies on the marks being cleared here.
        record.quoted.fill(0, 0, record.count);
        return true;
    }
}
const LF_BYTES = new Uint8Array([LF]);
const EMPTY = new Uint8Array(0);
/** Line breaks in [start, end), counted up to one more than MAX_SPAN_LINES. */
function lines(bytes, start, end) {
    let count = 0;
    for (let i = bytes.indexOf(LF, start); i >= 0 && i < end && count <= MAX_SPAN_LINES; i = bytes.indexOf(LF, i + 1)) {
        count += 1;
    }
    return count;
}
/** The line break that ends the record at `start` (quoted values may hold line breaks), or PENDING before `to`. */
function recordEnd(bytes, start, to) {
    let i = start;
    for (;;) {
        if (bytes[i] === QUOTE) {
            const close = closingQuote(bytes, i + 1, to);
            if (close < 0)
                return PENDING;
            i = close + 1;
        }
        while (i < to && bytes[i] !== COMMA && bytes[i] !== LF)
            i += 1;
        if (i >= to)
            return PENDING;
        if (bytes[i] === LF)
            return i;
        i += 1;
    }
}
function cellWithLineBreak(record) {
    for (let cell = 0; cell < record.count; cell++) {
        const at = record.bytes.indexOf(LF, record.starts[cell] ?? 0);
        if (at >= 0 && at < (record.ends[cell] ?? 0))
            return cell;
    }
    return 0;
}
function scanCells(record, bytes, start, end) {
    let i = start;
    for (;;) {
        const next = i < end && bytes[i] === QUOTE ? quotedCell(record, bytes, i, end) : plainCell(record, bytes, i, end);
        if (next >= end)
            return;
        i = next + 1;
        if (i === end) {
            record.addCell(i, i, false); // a trailing comma: an empty last cell
            return;
        }
    }
}
/** The unquoted cell at `i`; returns where it ends (its comma, or `end`). */
function plainCell(record, bytes, i, end) {
    let next = bytes.indexOf(COMMA, i);
    if (next < 0 || next > end)
        next = end;
    record.addCell(i, next, false);
    return next;
}
/** The quoted cell whose quote is at `i`; returns where it ends (its comma, or `end` when the record ends). */
function quotedCell(record, bytes, i, end) {
    let close = closingQuote(bytes, i + 1, end);
    if (close < 0) {
        close = quoteAfterBackslash(bytes, i + 1, end);
        if (close < 0) {
            record.addCell(i + 1, end, true);
            note(record, 'unclosed-quote', record.count - 1);
            return end;
        }
        if (record.backslashQuote < 0)
            record.backslashQuote = record.count;
    }
    record.addCell(i + 1, close, true);
    const next = close + 1;
    if (next >= end || bytes[next] === COMMA)
        return next;
    note(record, 'text-after-quote', record.count - 1);
    const comma = bytes.indexOf(COMMA, next);
    return comma < 0 || comma >= end ? end : comma;
}
/**
 * The closing quote of a value opened before `from`, or -1. A quote is escaped when an odd run of backslashes
 * precedes it, or when another quote follows it at once (`""`, which then stands for one quote).
 */
function closingQuote(bytes, from, end) {
    let at = from;
    for (;;) {
        const quote = bytes.indexOf(QUOTE, at);
        if (quote < 0 || quote >= end)
            return -1;
        let backslashes = 0;
        while (quote - backslashes - 1 >= from && bytes[quote - backslashes - 1] === BACKSLASH)
            backslashes += 1;
        if (backslashes % 2 === 1) {
            at = quote + 1;
        }
        else if (quote + 1 < end && bytes[quote + 1] === QUOTE) {
            at = quote + 2;
        }
        else {
            return quote;
        }
    }
}
/**
 * In a value no quote closes, a `\"` that ends the cell (a comma or the record's end follows): a value that ends in
 * a backslash, written by a tool that escapes quotes by doubling them. -1 when there is none.
 */
function quoteAfterBackslash(bytes, from, end) {
    for (let quote = bytes.indexOf(QUOTE, from); quote >= 0 && quote < end; quote = bytes.indexOf(QUOTE, quote + 1)) {
        if (bytes[quote - 1] === BACKSLASH && (quote + 1 === end || bytes[quote + 1] === COMMA))
            return quote;
    }
    return -1;
}
function note(record, problem, cell) {
    if (record.problem !== undefined)
        return;
    record.problem = problem;
    record.problemCell = cell;
}

;// CONCATENATED MODULE: ./src/data/format.ts
// What a file is when it is not CSV text at all: a compressed file, a columnar format, or UTF-16 text. Read as CSV,
// any of them makes a finding of every line; told apart by their first bytes, they make one finding that names
// the format and the fix.
const DECOMPRESS = 'decompress it before the upload (Personalize reads plain CSV)';
const EXPORT = 'export it as CSV';
const SAVE_UTF8 = 'save it as UTF-8';
/** Formats known by their magic bytes (none of which a CSV header of names can begin with). */
const MAGIC = [
    { bytes: [0x1f, 0x8b], format: { name: 'gzip-compressed', fix: DECOMPRESS } },
    { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], format: { name: 'xz-compressed', fix: DECOMPRESS } },
    { bytes: [0x28, 0xb5, 0x2f, 0xfd], format: { name: 'zstd-compressed', fix: DECOMPRESS } },
    { bytes: [0x50, 0x4b, 0x03, 0x04], format: { name: 'a zip archive (or an Excel workbook)', fix: EXPORT } },
    { bytes: [0x50, 0x41, 0x52, 0x31], format: { name: 'Parquet', fix: EXPORT } },
    { bytes: [0x4f, 0x62, 0x6a, 0x01], format: { name: 'Avro', fix: EXPORT } },
    { bytes: [0xff, 0xfe, 0x00, 0x00], format: { name: 'UTF-32 text', fix: SAVE_UTF8 } },
    { bytes: [0xff, 0xfe], format: { name: 'UTF-16 text (little-endian, with a byte-order mark)', fix: SAVE_UTF8 } },
    { bytes: [0xfe, 0xff], format: { name: 'UTF-16 text (big-endian, with a byte-order mark)', fix: SAVE_UTF8 } },
];
/** The first bytes of a file: a known format that is not CSV text, or undefined. */
function binaryFormat(bytes) {
    const magic = MAGIC.find(entry => entry.bytes.every((byte, i) => bytes[i] === byte));
    if (magic)
        return magic.format;
    const order = utf16WithoutMark(bytes);
    if (order)
        return { name: `UTF-16 text (${order}, without a byte-order mark)`, fix: SAVE_UTF8 };
    // Text never holds a NUL byte: a file that begins with one is binary data of some other kind.
    if (bytes.subarray(0, 64).includes(0))
        return { name: 'binary data (NUL bytes)', fix: 'upload the CSV file itself' };
    return undefined;
}
/**
 * UTF-16 of mostly ASCII text, by its zero bytes: in the first 64 bytes nearly every other byte is 0 (odd ones for
 * little-endian, even ones for big-endian) while the rest are not. A file of zeros is neither.
 */
function utf16WithoutMark(bytes) {
    const length = Math.min(bytes.length, 64) & ~1;
    if (length < 8)
        return undefined;
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < length; i += 2) {
        if (bytes[i] === 0)
            evenZeros += 1;
        if (bytes[i + 1] === 0)
            oddZeros += 1;
    }
    const pairs = length / 2;
    if (oddZeros >= pairs * 0.75 && evenZeros <= pairs * 0.25)
        return 'little-endian';
    if (evenZeros >= pairs * 0.75 && oddZeros <= pairs * 0.25)
        return 'big-endian';
    return undefined;
}

;// CONCATENATED MODULE: ./src/data/read.ts


// Feeding a file (or the first part of an S3 object) through the reader into the rules.
/**
 * Reads `chunks` into `checker`. With `complete`, the data is the whole file and its last line counts even
 * without a line break; otherwise (a ranged read of a larger object) the last, cut-off line is not checked.
 */
async function checkChunks(chunks, checker, complete, threaded) {
    const scanner = new CsvScanner(checker.onRecord);
    let bytes = 0;
    let binary = false;
    for await (const chunk of chunks) {
        if (bytes === 0 && chunk.length > 0) {
            const format = binaryFormat(chunk);
            if (format)
                checker.notCsv(format);
            binary = format !== undefined;
        }
        bytes += chunk.length;
        // A file that is not CSV text is read to its end (the byte count is what was read), but not scanned.
        if (binary)
            continue;
        threaded?.chunk(chunk);
        scanner.push(chunk);
        await threaded?.chunkDone();
    }
    if (complete && !binary)
        scanner.end();
    await threaded?.chunkDone();
    checker.finish();
    return { bytes };
}

// EXTERNAL MODULE: ./src/data/rules.ts
var rules = __webpack_require__(8951);
;// CONCATENATED MODULE: ./src/data/import-checker.ts







// The rules across the files of one import, for S3 objects and workspace files alike: each file is read by its
// own checker, then joins the import (its findings, its record count, its header against the first file's). The
// readers of S3 and of the workspace only bring bytes.
/** Interactions imports need at least this many records (FULL or INCREMENTAL). */
const MIN_INTERACTION_RECORDS = 1000;
class ImportChecker {
    schema;
    datasetType;
    findings;
    thread;
    collect;
    /** Records of the files joined so far. */
    records = 0;
    header;
    /** How the first file's columns are checked, by their place in its header. */
    columns = [];
    /** The first file's header as it may be shown: none when its line 1 is data. */
    shownHeader;
    headerFile;
    /** The profile of the files joined so far, when the dataset type says what to profile. */
    profile;
    /** Why the profile could not be made (its worker thread failed): then there is none. */
    profileLost;
    /** The checker of the file being read, for progress lines. */
    reading;
    constructor(schema, 
    /** INTERACTIONS, ITEMS, ... when known. */
    datasetType, findings, 
    /** Profiles large files of interactions in a worker thread; without it, in this one. */
    thread, 
    /** The dataset's part of the checks across a group's datasets. */
    collect) {
        this.schema = schema;
        this.datasetType = datasetType;
        this.findings = findings;
        this.thread = thread;
        this.collect = collect;
        const kind = profileKind(datasetType);
        this.profile = kind ? new data_profile/* ProfileCollector */.FK(kind) : undefined;
    }
    /**
     * Reads one file's bytes (`complete`: the whole file, so its last line counts without a line break); `size`, when
     * known, decides whether its profile is counted in the worker thread.
     */
    async read(file, chunks, complete, size = 0) {
        const findings = new data_findings/* Findings */.Fv();
        const kind = this.profile?.kind;
        const threaded = this.threaded(kind, size);
        const local = kind && !threaded ? new data_profile/* ProfileCollector */.FK(kind) : undefined;
        const cross = this.collect ? new cross_check/* CrossFeed */.$q(this.collect) : undefined;
        const checker = new rules/* CsvChecker */.cs(this.schema, file, findings, threaded ?? local, cross);
        this.reading = checker;
        const { bytes } = await checkChunks(chunks, checker, complete, threaded).finally(() => {
            this.reading = undefined;
        });
        const profile = threaded ? await threaded.collector() : local;
        return { checker, findings, bytes, ...(kind ? { profile } : {}), ...(cross ? { cross } : {}) };
    }
    /** The file counts for the import: its findings, its records, and its header against the first file's. */
    join({ checker, findings, profile, cross }) {
        findings.setRecords(checker.file, checker.records);
        cross?.commit();
        this.findings.merge(findings);
        this.records += checker.records;
        if (profile)
            this.profile?.merge(profile);
        else if (this.profile && this.thread?.failed)
            this.profileLost = this.thread.failed;
        const header = checker.header;
        if (!header)
            return;
        if (!this.header) {
            this.header = header;
            this.columns = checker.columnRules;
            this.shownHeader = checker.shownHeader;
            this.headerFile = checker.file;
        }
        else if (header.join(',') !== this.header.join(',')) {
            this.findings.add({
                rule: 'header-mismatch',
                file: checker.file,
                line: 1,
                what: `Line 1 differs from the header of ${this.headerFile}`,
            });
        }
    }
    /**
     * With every record read (`complete`): an import of interactions needs at least 1,000 of them, and data that
     * was read cleanly (no errors) below a training minimum is warned about. Returns the profile of what was read
     * (none when its worker thread failed: `profileLost` says why).
     */
    finish(what, complete) {
        if (this.profileLost) {
            this.checkMinimumRecords(what, complete);
            return undefined;
        }
        return this.finishWith(what, complete, this.profile?.result(complete ? 'all' : 'sample', this.records));
    }
    /** The same judgements on a profile made here or elsewhere (Athena's, of every record). */
    finishWith(what, complete, profile) {
        this.checkMinimumRecords(what, complete);
        // Data with errors does not import as it is: what it would train is not judged (no warning beside an error).
        const shortfalls = profile && this.findings.errors === 0 ? (0,data_profile/* trainingShortfalls */.JJ)(profile) : [];
        if (shortfalls.length > 0) {
            this.findings.add({
                rule: 'training-minimum',
                file: what,
                what: `The import can succeed, but training a solution on this data fails unless earlier imports add more: ` +
                    shortfalls.join('; '),
            });
        }
        return profile;
    }
    /** A sink in the worker thread for a large file of interactions. */
    threaded(kind, size) {
        if (kind !== 'interactions' || !this.thread || size < profile_thread/* THREAD_MIN_BYTES */.Yy || this.thread.failed)
            return undefined;
        return this.thread.file();
    }
    checkMinimumRecords(what, complete) {
        const interactions = profileKind(this.datasetType) === 'interactions';
        if (!interactions || !complete || this.records >= MIN_INTERACTION_RECORDS)
            return;
        this.findings.add({
            rule: 'too-few-records',
            file: what,
            what: `${what} holds ${(0,src_text/* thousands */.oh)(this.records)} ${this.records === 1 ? 'record' : 'records'} in all; ` +
                `an import of interactions needs at least ${(0,src_text/* thousands */.oh)(MIN_INTERACTION_RECORDS)}`,
        });
    }
}
function profileKind(datasetType) {
    if (datasetType === 'INTERACTIONS' || datasetType === 'ACTION_INTERACTIONS')
        return 'interactions';
    if (datasetType === 'ITEMS' || datasetType === 'USERS' || datasetType === 'ACTIONS')
        return 'metadata';
    return undefined;
}


/***/ }),

/***/ 5894:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Yy: () => (/* binding */ THREAD_MIN_BYTES),
/* harmony export */   c6: () => (/* binding */ ProfileThread)
/* harmony export */ });
/* unused harmony exports SIDE_BIT, ThreadedProfile */
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5919);
/* harmony import */ var node_worker_threads__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_worker_threads__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _profile_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7641);



// Hashing every user and item costs as much as reading the file (two hashes and a table probe a record, against
// ~140 ns for reading and checking it), so for large files the interactions profile runs in a worker thread: the
// main thread only notes where each clean record's profiled cells are, and hands over a copy of the chunk they
// are in. The counts are the same as in this thread (the same collector, fed the same cells).
/** Files at least this large are profiled in the worker: below it, starting a thread costs more than it saves. */
const THREAD_MIN_BYTES = 32 * 1024 * 1024;
/** Chunks in the worker's queue at most: the reader waits beyond it, so memory stays flat on a slow machine. */
const MAX_IN_FLIGHT = 8;
/** The start offset of a record the reader put together (not in the chunk): its cells are in the side bytes. */
const SIDE_BIT = 1 << 30;
/**
 * Worker threads: one per core beside the reader's, at most two (a worker hashes about as fast as the main thread
 * reads and checks, so two keep pace with it; more than the cores only take time from the reader).
 */
const WORKER_THREADS = Math.min(2, Math.max(1, (0,node_os__WEBPACK_IMPORTED_MODULE_0__.availableParallelism)() - 1));
/** The worker file beside this bundle's files (`scripts/build.mjs` bundles it on its own). */
const WORKER_FILE = 'profile-worker.js';
/**
 * The profile's worker threads for the run's data checks, started on first use: packets go to them in turn, and a
 * file's counts are theirs merged. A failed worker leaves profiles undone (a warning, never the outcome).
 */
class ProfileThread {
    threads;
    workerUrl;
    workers = [];
    turn = 0;
    failure;
    inFlight = 0;
    waiting = [];
    free = [];
    states = [];
    finishing;
    constructor(threads = WORKER_THREADS, workerUrl = new URL(WORKER_FILE, import.meta.url)) {
        this.threads = threads;
        this.workerUrl = workerUrl;
    }
    /** A sink for one file's interactions profile, fed by the reader, finished with `collector()`. */
    file() {
        return new ThreadedProfile(this);
    }
    get failed() {
        return this.failure;
    }
    /** A packet a worker handed back, or a new one. */
    packet() {
        return this.free.pop() ?? { bytes: Buffer.allocUnsafeSlow(1 << 20), offsets: nodeInt32Array(1 << 16) };
    }
    /** Records go to the next worker in turn; the start of a file to all of them. */
    send(message, transfer = []) {
        if (this.failure)
            return;
        const workers = this.start();
        if (message.kind !== 'records') {
            for (const worker of workers)
                worker.postMessage(message);
            return;
        }
        workers[this.turn++ % workers.length]?.postMessage(message, transfer);
        this.inFlight += 1;
    }
    /** Resolves once the workers' queues have room (at once when they have, or when a worker failed). */
    async room() {
        while (this.inFlight >= MAX_IN_FLIGHT * this.threads && !this.failure) {
            await new Promise(done => this.waiting.push(done));
        }
    }
    /** The counts of the file just sent, one per worker; undefined when a worker failed. */
    async finish() {
        if (this.failure)
            return undefined;
        const answers = new Promise(done => {
            this.finishing = done;
        });
        this.states = [];
        this.send({ kind: 'finish' });
        const states = await answers;
        return states.every(state => state !== undefined) ? states : undefined;
    }
    async close() {
        const workers = this.workers;
        this.workers = [];
        await Promise.all(workers.map(worker => worker.terminate()));
    }
    start() {
        if (this.workers.length > 0)
            return this.workers;
        for (let i = 0; i < this.threads; i++) {
            const worker = new node_worker_threads__WEBPACK_IMPORTED_MODULE_1__.Worker(this.workerUrl);
            // The workers never keep the step alive: once the checks are done they are not waited for.
            worker.unref();
            worker.on('message', (answer) => this.answer(answer));
            worker.on('error', error => this.fail(error));
            worker.on('exit', code => {
                if (this.workers.includes(worker))
                    this.fail(new Error(`a worker thread of the profile exited (${code})`));
            });
            this.workers.push(worker);
        }
        return this.workers;
    }
    answer(answer) {
        if (answer.kind === 'done') {
            this.inFlight -= 1;
            this.free.push({ bytes: Buffer.from(answer.bytes), offsets: new Int32Array(answer.offsets) });
            this.waiting.shift()?.();
            return;
        }
        this.states.push(answer.state);
        if (this.states.length < this.workers.length)
            return;
        const finishing = this.finishing;
        this.finishing = undefined;
        finishing?.(this.states);
    }
    fail(error) {
        this.failure ??= error;
        const workers = this.workers;
        this.workers = [];
        for (const worker of workers)
            void worker.terminate();
        for (const resume of this.waiting.splice(0))
            resume();
        this.finishing?.([undefined]);
        this.finishing = undefined;
    }
}
function nodeInt32Array(length) {
    return new Int32Array(Buffer.allocUnsafeSlow(length * 4).buffer, 0, length);
}
/**
 * One file's interactions profile, counted in the worker. The reader calls `chunk` before the scanner reads a
 * chunk and `chunkDone` after it: the clean records' cells found in between go to the worker with a copy of it.
 */
class ThreadedProfile {
    thread;
    columns = new Int32Array(0);
    current;
    packet;
    offsets = new Int32Array(0);
    used = 0;
    records = 0;
    side = Buffer.allocUnsafe(1 << 12);
    sideUsed = 0;
    constructor(thread) {
        this.thread = thread;
    }
    header(names) {
        const cells = _profile_js__WEBPACK_IMPORTED_MODULE_2__/* .INTERACTION_COLUMNS */ .ZJ.map(column => (0,_profile_js__WEBPACK_IMPORTED_MODULE_2__/* .columnOf */ .uV)(names, column)).filter(cell => cell >= 0);
        this.columns = Int32Array.from(cells);
        this.thread.send({ kind: 'start', columns: cells.map(cell => names[cell] ?? '') });
    }
    onRecord(bytes, starts, ends) {
        const columns = this.columns;
        const count = columns.length;
        if (this.used + count * 2 > this.offsets.length)
            this.room(count * 2);
        const offsets = this.offsets;
        let used = this.used;
        if (bytes === this.current) {
            for (let i = 0; i < count; i++) {
                const cell = columns[i] ?? 0;
                offsets[used++] = starts[cell] ?? 0;
                offsets[used++] = ends[cell] ?? 0;
            }
        }
        else {
            for (let i = 0; i < count; i++) {
                const cell = columns[i] ?? 0;
                const at = this.copyToSide(bytes, starts[cell] ?? 0, ends[cell] ?? 0);
                offsets[used++] = (i === 0 ? SIDE_BIT : 0) | at;
                offsets[used++] = this.sideUsed;
            }
        }
        this.used = used;
        this.records += 1;
    }
    /** The chunk the scanner reads next: records found in it are noted by offset. */
    chunk(chunk) {
        this.current = chunk;
    }
    /** The chunk was read: its records go to the worker with a copy of it, once the worker has room. */
    async chunkDone() {
        const chunk = this.current ?? EMPTY;
        this.current = undefined;
        const packet = this.packet;
        if (this.records === 0 || !packet)
            return;
        let bytes = packet.bytes;
        if (bytes.length < chunk.length + this.sideUsed)
            bytes = Buffer.allocUnsafeSlow(chunk.length + this.sideUsed);
        bytes.set(chunk, 0);
        bytes.set(this.side.subarray(0, this.sideUsed), chunk.length);
        const message = {
            kind: 'records',
            bytes: bytes.buffer,
            offsets: this.offsets.buffer,
            chunkLength: chunk.length,
            records: this.records,
            columns: this.columns.length,
        };
        this.thread.send(message, [bytes.buffer, this.offsets.buffer]);
        this.packet = undefined;
        this.offsets = new Int32Array(0);
        this.used = 0;
        this.records = 0;
        this.sideUsed = 0;
        await this.thread.room();
    }
    /** The file's counts as a collector; undefined when the worker failed. */
    async collector() {
        const states = await this.thread.finish();
        if (!states)
            return undefined;
        const [first, ...rest] = states.map(state => _profile_js__WEBPACK_IMPORTED_MODULE_2__/* .ProfileCollector */ .FK.fromState(state));
        for (const other of rest)
            first?.merge(other);
        return first;
    }
    /** Room for `more` offsets: a packet to write into, or a larger array for it. */
    room(more) {
        if (!this.packet) {
            this.packet = this.thread.packet();
            this.offsets = this.packet.offsets;
        }
        if (this.used + more <= this.offsets.length)
            return;
        const bigger = nodeInt32Array(Math.max(this.offsets.length * 2, this.used + more));
        bigger.set(this.offsets.subarray(0, this.used));
        this.offsets = bigger;
        this.packet.offsets = bigger;
    }
    copyToSide(bytes, start, end) {
        const length = end - start;
        if (this.sideUsed + length > this.side.length) {
            const bigger = Buffer.allocUnsafe(Math.max(this.side.length * 2, this.sideUsed + length));
            this.side.copy(bigger, 0, 0, this.sideUsed);
            this.side = bigger;
        }
        const at = this.sideUsed;
        this.side.set(bytes.subarray(start, end), at);
        this.sideUsed += length;
        return at;
    }
}
const EMPTY = new Uint8Array(0);


/***/ }),

/***/ 8951:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D1: () => (/* binding */ MAX_EPOCH_SECONDS),
/* harmony export */   L8: () => (/* binding */ countedWhat),
/* harmony export */   R5: () => (/* binding */ metadataColumns),
/* harmony export */   b8: () => (/* binding */ Kind),
/* harmony export */   cs: () => (/* binding */ CsvChecker),
/* harmony export */   mb: () => (/* binding */ VALUE_RULES)
/* harmony export */ });
/* unused harmony export shownName */
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8992);
/* harmony import */ var _findings_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8043);


// The rules one CSV file must follow to import into a dataset, for S3 objects and workspace files alike (the
// severities and their evidence are in rule-table.ts). They read each cell's bytes where the reader left them, so
// a value is never turned into text, let alone printed: findings give the line, the field and what was found.
/** IDs at most 256 characters; categorical values and other strings 1,000; textual values 20,000 (then cut). */
const LIMITS = { id: 256, string: 1000, textual: 20_000 };
const ID_FIELDS = new Set(['USER_ID', 'ITEM_ID', 'ACTION_ID']);
/**
 * The fields Personalize reads to build the dataset: a blank or mistyped value there is an error. Any other field
 * is metadata, where blanks and mistyped values have imported (a warning).
 */
const RESERVED_FIELDS = new Set([
    ...ID_FIELDS,
    'TIMESTAMP',
    'EVENT_TYPE',
    'EVENT_VALUE',
    'CREATION_TIMESTAMP',
    'IMPRESSION',
    'RECOMMENDATION_ID',
    'EVENT_ATTRIBUTION_SOURCE',
    'VALUE',
    'EXPIRATION_TIMESTAMP',
    'REPEAT_FREQUENCY',
]);
/** Unix epoch seconds; a value above this is in milliseconds or microseconds (a date thousands of years ahead). */
const TIMESTAMP_FIELDS = new Set(['TIMESTAMP', 'CREATION_TIMESTAMP']);
const MAX_EPOCH_SECONDS = 100_000_000_000;
/** How a column's values are checked; a number, so the check per cell switches on it without comparing strings. */
const Kind = { Text: 0, Integer: 1, Decimal: 2, Boolean: 3 };
/** Value rules, each with a slot per column in the checker's cache of findings. */
const VALUE_RULES = [
    'empty-value',
    'metadata-empty',
    'type',
    'metadata-type',
    'timestamp-unit',
    'id-length',
    'categorical-length',
    'string-length',
    'textual-length',
];
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
/**
 * Checks one file: its header (line 1) against the schema, then every record. Without a schema (it could not be
 * read) only the shape is checked: encoding, quoting and the cell count.
 */
class CsvChecker {
    schema;
    file;
    findings;
    profile;
    cross;
    header;
    /** Records after the header (blank lines not counted; a record over several lines counts once). */
    records = 0;
    columns = [];
    /** Line 1 names fields of the schema: its names may be shown. */
    namesShown = false;
    /** The file is not CSV text: nothing more is said of it. */
    format;
    /** The finding of each value rule and column, once started: later occurrences only count. */
    valueFindings = new Map();
    constructor(schema, file, findings, 
    /** The profile of the file, fed each record whose cells split cleanly. */
    profile, 
    /** The checks across a group's datasets, fed the same records. */
    cross) {
        this.schema = schema;
        this.file = file;
        this.findings = findings;
        this.profile = profile;
        this.cross = cross;
    }
    onRecord = (record) => {
        if (record.crLineEnds) {
            this.add({ rule: 'cr-line-ends', what: `${this.file}: its lines end with CR alone (old Mac style)` });
        }
        if (this.header === undefined) {
            this.checkHeader(record);
            return;
        }
        if (record.invalidUtf8)
            this.recordFinding(record, 'encoding', 'are not valid UTF-8');
        // A line too long to keep comes without cells: it is a record, not a blank line.
        if (record.count === 0 && record.problem === undefined) {
            this.recordFinding(record, 'blank-line', countedWhat('blank-line'));
            return;
        }
        this.records += 1;
        if (record.problem) {
            this.recordFinding(record, ...problemFinding(record), record.problemCell);
            return;
        }
        if (record.backslashQuote >= 0) {
            this.recordFinding(record, 'backslash-quote', 'end a quoted value with a backslash (\\"), which a reader that escapes quotes with backslashes reads as a quote inside the value', record.backslashQuote);
        }
        if (record.count !== this.header.length) {
            this.recordFinding(record, 'cell-count', `${countedWhat('cell-count', undefined, this.header.length)} (first: ${record.count}; an unescaped comma or quote?)`);
            return;
        }
        const columns = this.columns;
        for (let cell = 0; cell < columns.length; cell++) {
            const rule = columns[cell];
            if (rule)
                this.checkCell(record, cell, rule);
        }
        this.profile?.onRecord(record.bytes, record.starts, record.ends);
        this.cross?.onRecord(record.bytes, record.starts, record.ends);
    };
    /** The file is not CSV text (compressed, columnar, UTF-16): one finding, and nothing of it is read. */
    notCsv(format) {
        this.format = format;
        this.add({
            rule: 'file-format',
            what: `${this.file} is ${format.name}, not CSV text: ${format.fix}`,
        });
    }
    /** Findings that need the whole file: no header at all. */
    finish() {
        if (this.header === undefined && !this.format) {
            this.add({ rule: 'empty-file', what: `${this.file} has no header line` });
        }
    }
    /** How each column of the header is checked (undefined: a column the schema lacks). */
    get columnRules() {
        return this.columns;
    }
    /** The header's names, when line 1 is a header: a first line that is data shows none of its cells. */
    get shownHeader() {
        return this.namesShown ? this.header?.map(shownName) : undefined;
    }
    checkHeader(record) {
        const names = [];
        for (let cell = 0; cell < record.count; cell++)
            names.push(record.text(cell));
        this.header = names;
        if (record.invalidUtf8)
            this.headerFinding('header-encoding', 'is not valid UTF-8');
        if (record.bom) {
            this.headerFinding('byte-order-mark', 'begins with a byte-order mark, which hides the first name from Personalize');
        }
        if (record.problem === 'line-too-long')
            this.headerFinding('header-too-long', problemFinding(record)[1]);
        else if (record.problem)
            this.headerFinding('header-quoting', problemFinding(record)[1]);
        this.namesShown = this.isHeader(names);
        if (this.namesShown && this.schema) {
            if (record.quoted.some((quoted, cell) => cell < record.count && quoted === 1)) {
                this.headerFinding('quoted-header', 'has names in quotes');
            }
            this.checkNames(names);
            this.checkAgainstSchema(names, this.schema);
        }
        const metadata = this.namesShown ? metadataColumns(names) : [];
        this.profile?.header(names, metadata);
        this.cross?.header(names);
    }
    /**
     * Whether line 1 is a header whose names may be shown: one that names a field of the schema (and is
     * comma-separated). Without a schema nothing tells a header from data, so no name is shown.
     */
    isHeader(names) {
        const separator = separatorOf(names);
        if (separator) {
            this.headerFinding('separator', `looks ${separator}-separated (Personalize reads commas only)`);
            return false;
        }
        const schema = this.schema;
        if (!schema)
            return false;
        if (names.some(name => matchField(name, schema) || schema.fields.some(field => nearMiss(field, [name])))) {
            return true;
        }
        this.headerFinding('no-header', `is not a header (none of its ${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(names.length, 'cell')} names a field of the schema)`);
        return false;
    }
    checkNames(names) {
        const seen = new Map();
        for (const [cell, name] of names.entries()) {
            if (name === '') {
                this.headerFinding('header-name', `has no name for column ${cell + 1}`);
                continue;
            }
            // The guide: column names are unique alphanumerics; GENRES_FIELD_1 and GENRESFIELD1 may not both exist.
            const key = alphanumeric(name);
            const earlier = seen.get(key);
            if (earlier !== undefined) {
                this.headerFinding('duplicate-column', `names columns ${earlier + 1} and ${cell + 1} alike (${shownName(name)}; Personalize ignores case and punctuation here)`);
            }
            else {
                seen.set(key, cell);
            }
        }
    }
    checkAgainstSchema(names, schema) {
        const matches = names.map(name => matchField(name, schema));
        const found = new Set(matches.map(match => match?.field.name));
        const missing = schema.fields.filter(field => !found.has(field.name));
        const required = missing.filter(field => !field.nullable);
        if (required.length > 0) {
            const hints = required.map(field => nearMiss(field, names)).filter(Boolean);
            this.headerFinding('missing-column', `lacks the columns the schema requires: [${required.map(f => f.name).join(', ')}] (Personalize: "Input csv is ` +
                `missing the following columns")${hints.length > 0 ? `; ${hints.join('; ')}` : ''}`);
        }
        const optional = missing.filter(field => field.nullable);
        if (optional.length > 0) {
            this.headerFinding('missing-optional-column', `lacks the schema's optional columns [${optional.map(f => f.name).join(', ')}]`);
        }
        const cased = matches.filter(match => match?.cased).map(match => match?.field.name);
        if (cased.length > 0) {
            this.headerFinding('column-case', `names ${cased.join(', ')} in another case than the schema`);
        }
        const unknown = names.filter((name, cell) => name !== '' && matches[cell] === undefined);
        if (unknown.length > 0) {
            this.headerFinding('unknown-column', `has ${namesList(unknown)}, which the schema does not have`);
        }
        const inFile = [...new Set(matches.flatMap(match => (match ? [match.field.name] : [])))];
        const schemaOrder = schema.fields.map(field => field.name).filter(name => inFile.includes(name));
        if (inFile.join(',') !== schemaOrder.join(',')) {
            this.headerFinding('column-order', `orders the columns ${inFile.join(', ')}, the schema ${schemaOrder.join(', ')} (Personalize has imported other orders)`);
        }
        this.columns = matches.map((match, cell) => (match ? columnRule(match.field, cell + 1) : undefined));
    }
    checkCell(record, cell, rule) {
        const bytes = record.bytes;
        const start = record.starts[cell] ?? 0;
        const end = record.ends[cell] ?? 0;
        if (start === end) {
            if (rule.field.nullable)
                return;
            if (rule.reserved)
                this.valueFinding(record, cell, rule, 'empty-value', countedWhat('empty-value', rule));
            else
                this.valueFinding(record, cell, rule, 'metadata-empty', countedWhat('metadata-empty', rule));
            return;
        }
        switch (rule.kind) {
            case Kind.Text:
                if (end - start > rule.maxLength)
                    this.checkLength(record, cell, rule);
                return;
            case Kind.Integer:
                this.checkInteger(record, cell, rule);
                return;
            case Kind.Decimal:
                if (!isDecimal(bytes, start, end))
                    this.typeFinding(record, cell, rule, countedWhat('type', rule));
                return;
            case Kind.Boolean:
                if (!isBoolean(bytes, start, end))
                    this.typeFinding(record, cell, rule, countedWhat('type', rule));
                return;
        }
    }
    checkInteger(record, cell, rule) {
        const bytes = record.bytes;
        const start = record.starts[cell] ?? 0;
        const end = record.ends[cell] ?? 0;
        const digits = integerDigits(bytes, start, end);
        const type = rule.field.type;
        if (digits < 0 || (digits >= rule.maxDigits && !fitsInteger(bytes, start, end, digits, type))) {
            this.typeFinding(record, cell, rule, countedWhat('type', rule));
        }
        else if (rule.timestamp && digits >= 12 && exceeds(bytes, end - digits, end, MAX_EPOCH_SECONDS)) {
            this.valueFinding(record, cell, rule, 'timestamp-unit', countedWhat('timestamp-unit', rule));
        }
    }
    typeFinding(record, cell, rule, what) {
        const found = shape(record.bytes, record.starts[cell] ?? 0, record.ends[cell] ?? 0);
        this.valueFinding(record, cell, rule, rule.reserved ? 'type' : 'metadata-type', `${what} (first: ${found})`);
    }
    checkLength(record, cell, rule) {
        const length = characters(record, cell);
        if (length <= rule.maxLength)
            return;
        this.valueFinding(record, cell, rule, rule.lengthRule, `${countedWhat(rule.lengthRule, rule)} (first: ${length.toLocaleString('en-US')})`);
    }
    /** A value rule broken in `cell`: the first time a finding of its own, then counted (cheaply: lines of millions). */
    valueFinding(record, cell, column, rule, what) {
        const key = cell * VALUE_RULES.length + VALUE_RULES.indexOf(rule);
        const found = this.valueFindings.get(key);
        if (found) {
            (0,_findings_js__WEBPACK_IMPORTED_MODULE_0__/* .again */ .TG)(found, record.line, found.examples.length < 5 ? columnOf(record, cell) : undefined);
            return;
        }
        const finding = this.add({
            rule,
            what,
            line: record.line,
            column: columnOf(record, cell),
            field: column.field.name,
            position: column.position,
            type: column.field.type,
        });
        this.valueFindings.set(key, finding);
    }
    recordFinding(record, rule, what, cell) {
        this.add({
            rule,
            what,
            line: record.line,
            ...(cell === undefined ? {} : { column: columnOf(record, cell) }),
        });
    }
    headerFinding(rule, what) {
        this.add({ rule, what, line: 1 });
    }
    add(occurrence) {
        return this.findings.add({ ...occurrence, file: this.file });
    }
}
/**
 * What a value or record rule found, in words for many occurrences and without the first one's detail: the checks
 * here add "(first: ...)", Athena's counts (athena-check.ts) say it as is.
 */
function countedWhat(rule, column, headerLength = 0) {
    switch (rule) {
        case 'blank-line':
            return 'are blank';
        case 'cell-count':
            return `have another number of cells than the header's ${headerLength}`;
        case 'empty-value':
            return 'are empty, and the schema requires a value';
        case 'metadata-empty':
            return `are empty, and the schema's ${column?.field.type} has no null`;
        case 'type':
        case 'metadata-type':
            return column?.kind === Kind.Boolean
                ? 'are not a boolean (lower-case true or false)'
                : `are not ${article(column?.field.type ?? 'string')}`;
        case 'timestamp-unit':
            return 'look like milliseconds or microseconds (above 10^11, where Personalize takes Unix epoch seconds)';
        default:
            return `are longer than ${(column?.maxLength ?? 0).toLocaleString('en-US')} characters`;
    }
}
/** The columns of a header that the profile gives blank shares of: every named column Personalize does not read. */
function metadataColumns(names) {
    return names.flatMap((name, cell) => name !== '' && !RESERVED_FIELDS.has(name.toUpperCase()) ? [{ cell, name: shownName(name) }] : []);
}
/** The schema's field a header name stands for: the same name, or (noted) the same name in another case. */
function matchField(name, schema) {
    const exact = schema.fields.find(field => field.name === name);
    if (exact)
        return { field: exact, cased: false };
    const upper = name.toUpperCase();
    const cased = schema.fields.find(field => field.name.toUpperCase() === upper);
    return cased ? { field: cased, cased: true } : undefined;
}
/** A header name that is the field's but for spaces or punctuation: said without repeating it. */
function nearMiss(field, names) {
    const key = alphanumeric(field.name);
    const cell = names.findIndex(name => alphanumeric(name) === key);
    if (cell < 0)
        return '';
    const name = names[cell] ?? '';
    const how = name.trim() !== name ? 'surrounding spaces' : 'other punctuation';
    return `column ${cell + 1} is ${field.name} with ${how}: Personalize matches names exactly`;
}
function alphanumeric(name) {
    return name.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}
/** A header name is shown only when it looks like one (letters, digits, _ and -), even in a line that is a header. */
function shownName(name) {
    return /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(name) ? name : `a name of ${name.length} characters`;
}
/** "the columns COLOR and SIZE", "3 columns COLOR, SIZE and 1 more that does not look like a name": each name once. */
function namesList(names) {
    const shown = names.filter(name => shownName(name) === name);
    const listed = shown.slice(0, 10);
    const hidden = names.length - shown.length;
    const unlisted = shown.length - listed.length;
    const parts = [
        ...listed,
        ...(unlisted > 0 ? [`${unlisted} more`] : []),
        ...(hidden > 0
            ? [`${(0,_text_js__WEBPACK_IMPORTED_MODULE_1__/* .plural */ .LS)(hidden, 'name')} not shown (${hidden === 1 ? 'it does' : 'they do'} not look like names)`]
            : []),
    ];
    const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '');
    return `${names.length === 1 ? 'the column' : `${names.length} columns`} ${list}`;
}
/** The separator a one-cell header holds instead of commas, named: tab, semicolon or pipe. */
function separatorOf(names) {
    const only = names.length === 1 ? (names[0] ?? '') : '';
    if (only.includes('\t'))
        return 'tab';
    if (only.includes(';'))
        return 'semicolon';
    if (only.includes('|'))
        return 'pipe';
    return undefined;
}
function problemFinding(record) {
    switch (record.problem) {
        case 'unclosed-quote':
            return ['quoting', 'open a quote that never closes (a record split over lines, or a quote not escaped)'];
        case 'text-after-quote':
            return ['quoting', 'have text after a closing quote (a quote inside a quoted value not escaped as \\" or "")'];
        case 'line-break-in-value':
            return ['line-break-in-value', 'hold line breaks inside a quoted value, so one record spans several lines'];
        default:
            return ['line-too-long', 'are longer than 16 MiB, which no Personalize record is'];
    }
}
function columnRule(field, position) {
    const id = ID_FIELDS.has(field.name);
    const textual = field.textual && !id;
    const kinds = {
        string: Kind.Text,
        int: Kind.Integer,
        long: Kind.Integer,
        float: Kind.Decimal,
        double: Kind.Decimal,
        boolean: Kind.Boolean,
    };
    return {
        field,
        position,
        kind: kinds[field.type],
        reserved: RESERVED_FIELDS.has(field.name),
        maxDigits: field.type === 'int' ? 10 : 19,
        maxLength: id ? LIMITS.id : textual ? LIMITS.textual : LIMITS.string,
        lengthRule: id
            ? 'id-length'
            : textual
                ? 'textual-length'
                : field.categorical
                    ? 'categorical-length'
                    : 'string-length',
        timestamp: TIMESTAMP_FIELDS.has(field.name),
    };
}
/** The 1-based character column where the cell starts (its opening quote, if quoted). */
function columnOf(record, cell) {
    const start = (record.starts[cell] ?? record.lineStart) - (record.quoted[cell] ? 1 : 0);
    return utf16Length(record.bytes, record.lineStart, Math.max(record.lineStart, start)) + 1;
}
/** Characters as Personalize counts them (UTF-16 units), escapes resolved in quoted values. */
function characters(record, cell) {
    const bytes = record.bytes;
    const start = record.starts[cell] ?? 0;
    const end = record.ends[cell] ?? 0;
    let length = utf16Length(bytes, start, end);
    if (record.quoted[cell]) {
        // An escape (\x or "") is two bytes for one character.
        for (let i = start; i < end; i++) {
            if (bytes[i] === 0x5c || (bytes[i] === 0x22 && bytes[i + 1] === 0x22)) {
                length -= 1;
                i += 1;
            }
        }
    }
    return length;
}
function utf16Length(bytes, start, end) {
    let length = 0;
    for (let i = start; i < end; i++) {
        const b = bytes[i] ?? 0;
        if ((b & 0xc0) !== 0x80)
            length += b >= 0xf0 ? 2 : 1;
    }
    return length;
}
/** The number of digits of an optionally negative integer, or -1 when the bytes are not one. */
function integerDigits(bytes, start, end) {
    let i = start;
    if (bytes[i] === MINUS)
        i += 1;
    if (i === end)
        return -1;
    for (let j = i; j < end; j++) {
        const b = bytes[j] ?? 0;
        if (b < ZERO || b > NINE)
            return -1;
    }
    return end - i;
}
/** Whether an integer of `digits` digits fits an Avro int (32 bits) or long (64 bits). */
function fitsInteger(bytes, start, end, digits, type) {
    const negative = bytes[start] === MINUS;
    const limit = type === 'int' ? (negative ? '2147483648' : '2147483647') : negative ? '9223372036854775808' : '9223372036854775807';
    let first = end - digits;
    while (first < end - 1 && bytes[first] === ZERO)
        first += 1; // leading zeros do not count
    const length = end - first;
    if (length !== limit.length)
        return length < limit.length;
    for (let i = 0; i < length; i++) {
        const digit = (bytes[first + i] ?? 0) - ZERO;
        const max = limit.charCodeAt(i) - ZERO;
        if (digit !== max)
            return digit < max;
    }
    return true;
}
/** Whether the unsigned decimal digits in [start, end) are above `limit`. */
function exceeds(bytes, start, end, limit) {
    let value = 0;
    for (let i = start; i < end; i++) {
        value = value * 10 + ((bytes[i] ?? 0) - ZERO);
        if (value > limit)
            return true;
    }
    return false;
}
/** A decimal number, as Avro float and double take it: [+-]digits[.digits][e[+-]digits], or .digits. */
function isDecimal(bytes, start, end) {
    let i = bytes[start] === MINUS || bytes[start] === PLUS ? start + 1 : start;
    const wholeEnd = digitsFrom(bytes, i, end);
    let digits = wholeEnd - i;
    i = wholeEnd;
    if (bytes[i] === DOT) {
        const fractionEnd = digitsFrom(bytes, i + 1, end);
        digits += fractionEnd - i - 1;
        i = fractionEnd;
    }
    if (digits === 0)
        return false;
    if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
        i += 1;
        if (bytes[i] === MINUS || bytes[i] === PLUS)
            i += 1;
        const exponentEnd = digitsFrom(bytes, i, end);
        if (exponentEnd === i)
            return false;
        i = exponentEnd;
    }
    return i === end;
}
/** Where the run of decimal digits starting at `from` ends. */
function digitsFrom(bytes, from, end) {
    let i = from;
    while (i < end && (bytes[i] ?? 0) >= ZERO && (bytes[i] ?? 0) <= NINE)
        i += 1;
    return i;
}
function isBoolean(bytes, start, end) {
    const length = end - start;
    if (length === 4)
        return bytes[start] === 0x74 && bytes[start + 1] === 0x72 && bytes[start + 2] === 0x75 && bytes[start + 3] === 0x65;
    if (length === 5) {
        return (bytes[start] === 0x66 &&
            bytes[start + 1] === 0x61 &&
            bytes[start + 2] === 0x6c &&
            bytes[start + 3] === 0x73 &&
            bytes[start + 4] === 0x65);
    }
    return false;
}
/** What kind of value a cell holds, in words that never repeat it. */
function shape(bytes, start, end) {
    const digits = integerDigits(bytes, start, end);
    if (digits >= 0)
        return `an integer of ${digits} digits`;
    if (bytes[start] === PLUS && integerDigits(bytes, start + 1, end) > 0)
        return 'an integer with a leading +';
    if (isDecimal(bytes, start, end))
        return 'a decimal number';
    const text = end - start <= 5 ? new TextDecoder().decode(bytes.subarray(start, end)).toLowerCase() : '';
    if (text === 'true' || text === 'false')
        return 'a boolean not in lower case';
    const blank = bytes.subarray(start, end).every(b => b === 0x20 || b === 0x09);
    if (blank)
        return 'only spaces';
    return `text of ${utf16Length(bytes, start, end)} characters`;
}
function article(type) {
    return type === 'int' ? 'an int' : `a ${type}`;
}


/***/ })

};

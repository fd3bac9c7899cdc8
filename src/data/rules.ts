import type { FieldType, Schema, SchemaField } from '../aws/schema.js'
import type { CsvRecord } from './csv.js'
import type { Finding, Findings, Severity } from './findings.js'

// The rules a CSV file must follow to import into a dataset, from the Personalize developer guide, one module for
// S3 objects and workspace files alike. They read each cell's bytes where the reader left them, so a value is
// never turned into text, let alone printed: findings give the line, the column, the rule and what was found.

/** IDs at most 256 characters; categorical values and other strings 1,000; textual values 20,000 (then cut). */
const LIMITS = { id: 256, string: 1000, textual: 20_000 } as const
const ID_FIELDS = new Set(['USER_ID', 'ITEM_ID', 'ACTION_ID'])
/** Unix epoch seconds; a value above this is in milliseconds or microseconds (a date thousands of years ahead). */
const TIMESTAMP_FIELDS = new Set(['TIMESTAMP', 'CREATION_TIMESTAMP'])
const MAX_EPOCH_SECONDS = 100_000_000_000
/** Interactions imports need at least this many records (FULL or INCREMENTAL). */
export const MIN_INTERACTION_RECORDS = 1000

/** How a column's values are checked; a number, so the check per cell switches on it without comparing strings. */
const Kind = { Text: 0, Integer: 1, Decimal: 2, Boolean: 3 } as const
type Kind = (typeof Kind)[keyof typeof Kind]

interface ColumnRule {
  field: SchemaField
  kind: Kind
  /** Integers with fewer digits always fit (int: 10, long: 19); at this length the value is compared. */
  maxDigits: number
  /** The most characters a value may have, and what happens above it. */
  maxLength: number
  lengthSeverity: Severity
  lengthRule: string
  timestamp: boolean
}

const ZERO = 0x30
const NINE = 0x39
const MINUS = 0x2d
const PLUS = 0x2b
const DOT = 0x2e

/**
 * Checks one file: its header (line 1) against the schema, then every record. Without a schema (it could not be
 * read) only the shape is checked: encoding, quoting and the cell count.
 */
export class CsvChecker {
  header: string[] | undefined
  /** Records after the header (blank lines not counted). */
  records = 0
  private columns: Array<ColumnRule | undefined> = []

  constructor(
    private readonly schema: Schema | undefined,
    readonly file: string,
    private readonly findings: Findings,
  ) {}

  readonly onRecord = (record: CsvRecord): void => {
    if (record.invalidUtf8) {
      this.report(
        record,
        'error',
        'encoding',
        'is not valid UTF-8 (Personalize reads files with non-ASCII text as UTF-8)',
      )
    }
    if (this.header === undefined) {
      this.checkHeader(record)
      return
    }
    if (record.count === 0) {
      this.report(record, 'warning', 'blank-line', 'is blank')
      return
    }
    this.records += 1
    if (record.problem) {
      this.report(record, 'error', 'quoting', quotingMessage(record), record.problemCell)
      return
    }
    if (record.count !== this.header.length) {
      this.report(
        record,
        'error',
        'cell-count',
        `has ${record.count} cells, the header ${this.header.length} (broken quoting, an unescaped comma or quote, or a record split over lines)`,
      )
      return
    }
    const columns = this.columns
    for (let cell = 0; cell < columns.length; cell++) {
      const rule = columns[cell]
      if (rule) this.checkCell(record, cell, rule)
    }
  }

  /** Findings that need the whole file: none (no header), or too few interaction records when it was read whole. */
  finish(): void {
    if (this.header === undefined) {
      this.findings.add({
        severity: 'error',
        rule: 'empty-file',
        message: `${this.file} has no header line`,
        file: this.file,
      })
    }
  }

  private checkHeader(record: CsvRecord): void {
    const names: string[] = []
    for (let cell = 0; cell < record.count; cell++) names.push(record.text(cell))
    this.header = names
    if (record.bom) {
      this.report(
        record,
        'error',
        'byte-order-mark',
        'begins with a byte-order mark, which hides the first column name from Personalize: save the file as UTF-8 without BOM',
      )
    }
    if (record.problem) this.report(record, 'error', 'quoting', quotingMessage(record), record.problemCell)
    this.checkNames(record, names)
    if (this.schema) this.checkAgainstSchema(record, names, this.schema)
  }

  private checkNames(record: CsvRecord, names: string[]): void {
    const seen = new Map<string, string>()
    for (const [cell, name] of names.entries()) {
      if (name === '') {
        this.report(record, 'error', 'header-name', `has an empty column name in column ${cell + 1}`, cell)
        continue
      }
      // The guide: column names are unique alphanumerics; GENRES_FIELD_1 and GENRESFIELD1 may not both exist.
      const key = name.replace(/[^A-Za-z0-9]/g, '').toUpperCase()
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        const same = earlier === name ? `${name} twice` : `${earlier} and ${name}, which Personalize takes as one name`
        this.report(record, 'error', 'duplicate-column', `names the column ${same}`, cell)
      } else {
        seen.set(key, name)
      }
    }
  }

  private checkAgainstSchema(record: CsvRecord, names: string[], schema: Schema): void {
    const byName = new Map(schema.fields.map(field => [field.name, field]))
    const missing = schema.fields.filter(field => !field.nullable && !names.includes(field.name)).map(f => f.name)
    if (missing.length > 0) {
      this.report(
        record,
        'error',
        'missing-column',
        `lacks the columns the schema requires: [${missing.join(', ')}] (Personalize: "Input csv is missing the following columns")`,
      )
    }
    const optional = schema.fields.filter(field => field.nullable && !names.includes(field.name)).map(f => f.name)
    if (optional.length > 0) {
      this.report(
        record,
        'warning',
        'missing-optional-column',
        `lacks the schema's optional columns [${optional.join(', ')}]`,
      )
    }
    for (const [cell, name] of names.entries()) {
      if (name !== '' && !byName.has(name)) {
        this.report(record, 'warning', 'unknown-column', `has the column ${name}, which the schema does not have`, cell)
      }
    }
    const inBoth = names.filter(name => byName.has(name))
    const schemaOrder = schema.fields.map(field => field.name).filter(name => inBoth.includes(name))
    if (inBoth.join(',') !== schemaOrder.join(',')) {
      this.report(
        record,
        'warning',
        'column-order',
        `orders the columns ${inBoth.join(', ')}, the schema ${schemaOrder.join(', ')} (the guide asks for the schema's order; Personalize has imported other orders)`,
      )
    }
    this.columns = names.map(name => {
      const field = byName.get(name)
      return field ? columnRule(field) : undefined
    })
  }

  private checkCell(record: CsvRecord, cell: number, rule: ColumnRule): void {
    const bytes = record.bytes
    const start = record.starts[cell] ?? 0
    const end = record.ends[cell] ?? 0
    if (start === end) {
      if (!rule.field.nullable) {
        this.cellFinding(record, cell, 'error', 'empty-value', 'is empty, and the schema requires a value')
      }
      return
    }
    switch (rule.kind) {
      case Kind.Text:
        if (end - start > rule.maxLength) this.checkLength(record, cell, rule)
        return
      case Kind.Integer: {
        const digits = integerDigits(bytes, start, end)
        const type = rule.field.type as 'int' | 'long'
        if (digits < 0 || (digits >= rule.maxDigits && !fitsInteger(bytes, start, end, digits, type))) {
          this.typeFinding(record, cell, `is not ${article(type)}`)
        } else if (rule.timestamp && digits >= 12 && exceeds(bytes, end - digits, end, MAX_EPOCH_SECONDS)) {
          this.cellFinding(
            record,
            cell,
            'error',
            'timestamp-unit',
            'is above 10^11: milliseconds or microseconds, where Personalize takes Unix epoch seconds ' +
              '(a date thousands of years ahead)',
          )
        }
        return
      }
      case Kind.Decimal:
        if (!isDecimal(bytes, start, end)) this.typeFinding(record, cell, `is not ${article(rule.field.type)}`)
        return
      case Kind.Boolean:
        if (!isBoolean(bytes, start, end)) {
          this.typeFinding(record, cell, 'is not a boolean (lower-case true or false)')
        }
        return
    }
  }

  private typeFinding(record: CsvRecord, cell: number, what: string): void {
    const start = record.starts[cell] ?? 0
    const end = record.ends[cell] ?? 0
    this.cellFinding(record, cell, 'error', 'type', `${what}: found ${shape(record.bytes, start, end)}`)
  }

  private checkLength(record: CsvRecord, cell: number, rule: ColumnRule): void {
    const length = characters(record, cell)
    if (length <= rule.maxLength) return
    const what =
      rule.lengthRule === 'textual-length' ? 'longer values are cut by Personalize' : 'the import job will fail'
    this.cellFinding(
      record,
      cell,
      rule.lengthSeverity,
      rule.lengthRule,
      `is ${length} characters long; ${describeLimit(rule)} at most ${rule.maxLength} (${what})`,
    )
  }

  private cellFinding(record: CsvRecord, cell: number, severity: Severity, rule: string, what: string): void {
    const name = this.header?.[cell] ?? `column ${cell + 1}`
    this.report(record, severity, rule, `${name} (column ${cell + 1}) ${what}`, cell)
  }

  private report(record: CsvRecord, severity: Severity, rule: string, what: string, cell?: number): void {
    const finding: Finding = {
      severity,
      rule,
      message: `Line ${record.line} ${what}`,
      file: this.file,
      line: record.line,
    }
    if (cell !== undefined && this.findings.wantsDetail()) finding.column = columnOf(record, cell)
    this.findings.add(finding)
  }
}

function columnRule(field: SchemaField): ColumnRule {
  const id = ID_FIELDS.has(field.name)
  const textual = field.textual && !id
  const kinds: Record<FieldType, Kind> = {
    string: Kind.Text,
    int: Kind.Integer,
    long: Kind.Integer,
    float: Kind.Decimal,
    double: Kind.Decimal,
    boolean: Kind.Boolean,
  }
  return {
    field,
    kind: kinds[field.type],
    maxDigits: field.type === 'int' ? 10 : 19,
    maxLength: id ? LIMITS.id : textual ? LIMITS.textual : LIMITS.string,
    lengthSeverity: textual ? 'warning' : 'error',
    lengthRule: id
      ? 'id-length'
      : textual
        ? 'textual-length'
        : field.categorical
          ? 'categorical-length'
          : 'string-length',
    timestamp: TIMESTAMP_FIELDS.has(field.name),
  }
}

function describeLimit(rule: ColumnRule): string {
  if (rule.lengthRule === 'id-length') return 'IDs may have'
  if (rule.lengthRule === 'textual-length') return 'textual values may have'
  if (rule.lengthRule === 'categorical-length') return 'categorical values, | separators included, may have'
  return 'strings may have'
}

function quotingMessage(record: CsvRecord): string {
  const column = `in column ${record.problemCell + 1}`
  if (record.problem === 'unclosed-quote') {
    return `opens a quote ${column} that the line does not close (a record split over lines, or a " not escaped as \\")`
  }
  if (record.problem === 'text-after-quote') {
    return `has text after a closing quote ${column} (quotes inside a quoted value are escaped as \\", not doubled)`
  }
  return 'is longer than 16 MiB: no Personalize record is (is the file CSV?)'
}

/** The 1-based character column where the cell starts (its opening quote, if quoted). */
function columnOf(record: CsvRecord, cell: number): number {
  const start = (record.starts[cell] ?? record.lineStart) - (record.quoted[cell] ? 1 : 0)
  return utf16Length(record.bytes, record.lineStart, Math.max(record.lineStart, start)) + 1
}

/** Characters as Personalize counts them (UTF-16 units), escapes resolved in quoted values. */
function characters(record: CsvRecord, cell: number): number {
  const bytes = record.bytes
  const start = record.starts[cell] ?? 0
  const end = record.ends[cell] ?? 0
  let length = utf16Length(bytes, start, end)
  if (record.quoted[cell]) {
    for (let i = start; i < end; i++) {
      if (bytes[i] === 0x5c) {
        length -= 1
        i += 1
      }
    }
  }
  return length
}

function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  let length = 0
  for (let i = start; i < end; i++) {
    const b = bytes[i] ?? 0
    if ((b & 0xc0) !== 0x80) length += b >= 0xf0 ? 2 : 1
  }
  return length
}

/** The number of digits of an optionally negative integer, or -1 when the bytes are not one. */
function integerDigits(bytes: Uint8Array, start: number, end: number): number {
  let i = start
  if (bytes[i] === MINUS) i += 1
  if (i === end) return -1
  for (let j = i; j < end; j++) {
    const b = bytes[j] ?? 0
    if (b < ZERO || b > NINE) return -1
  }
  return end - i
}

/** Whether an integer of `digits` digits fits an Avro int (32 bits) or long (64 bits). */
function fitsInteger(bytes: Uint8Array, start: number, end: number, digits: number, type: 'int' | 'long'): boolean {
  const negative = bytes[start] === MINUS
  const limit =
    type === 'int' ? (negative ? '2147483648' : '2147483647') : negative ? '9223372036854775808' : '9223372036854775807'
  let first = end - digits
  while (first < end - 1 && bytes[first] === ZERO) first += 1 // leading zeros do not count
  const length = end - first
  if (length !== limit.length) return length < limit.length
  for (let i = 0; i < length; i++) {
    const digit = (bytes[first + i] ?? 0) - ZERO
    const max = limit.charCodeAt(i) - ZERO
    if (digit !== max) return digit < max
  }
  return true
}

/** Whether the unsigned decimal digits in [start, end) are above `limit`. */
function exceeds(bytes: Uint8Array, start: number, end: number, limit: number): boolean {
  let value = 0
  for (let i = start; i < end; i++) {
    value = value * 10 + ((bytes[i] ?? 0) - ZERO)
    if (value > limit) return true
  }
  return false
}

/** A decimal number, as Avro float and double take it: [+-]digits[.digits][e[+-]digits], or .digits. */
function isDecimal(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start
  if (bytes[i] === MINUS || bytes[i] === PLUS) i += 1
  let digits = 0
  while (i < end && (bytes[i] ?? 0) >= ZERO && (bytes[i] ?? 0) <= NINE) {
    i += 1
    digits += 1
  }
  if (bytes[i] === DOT) {
    i += 1
    while (i < end && (bytes[i] ?? 0) >= ZERO && (bytes[i] ?? 0) <= NINE) {
      i += 1
      digits += 1
    }
  }
  if (digits === 0) return false
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i += 1
    if (bytes[i] === MINUS || bytes[i] === PLUS) i += 1
    const exponentStart = i
    while (i < end && (bytes[i] ?? 0) >= ZERO && (bytes[i] ?? 0) <= NINE) i += 1
    if (i === exponentStart) return false
  }
  return i === end
}

function isBoolean(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start
  if (length === 4)
    return bytes[start] === 0x74 && bytes[start + 1] === 0x72 && bytes[start + 2] === 0x75 && bytes[start + 3] === 0x65
  if (length === 5) {
    return (
      bytes[start] === 0x66 &&
      bytes[start + 1] === 0x61 &&
      bytes[start + 2] === 0x6c &&
      bytes[start + 3] === 0x73 &&
      bytes[start + 4] === 0x65
    )
  }
  return false
}

/** What kind of value a cell holds, in words that never repeat it. */
function shape(bytes: Uint8Array, start: number, end: number): string {
  const digits = integerDigits(bytes, start, end)
  if (digits >= 0) return `an integer of ${digits} digits`
  if (isDecimal(bytes, start, end)) return 'a decimal number'
  const text = end - start <= 5 ? new TextDecoder().decode(bytes.subarray(start, end)).toLowerCase() : ''
  if (text === 'true' || text === 'false') return 'a boolean not in lower case'
  const blank = bytes.subarray(start, end).every(b => b === 0x20 || b === 0x09)
  if (blank) return 'only spaces'
  return `text of ${utf16Length(bytes, start, end)} characters`
}

function article(type: FieldType): string {
  return type === 'int' ? 'an int' : `a ${type}`
}

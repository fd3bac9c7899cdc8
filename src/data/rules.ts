import type { FieldType, Schema, SchemaField } from '../aws/schema.js'
import { plural } from '../text.js'
import type { CrossFeed } from './cross-check.js'
import type { CsvRecord } from './csv.js'
import { again, type Finding, type Findings, type Occurrence } from './findings.js'
import type { FileFormat } from './format.js'
import type { ProfileSink } from './profile.js'
import type { RuleId } from './rule-table.js'

// The rules one CSV file must follow to import into a dataset, for S3 objects and workspace files alike (the
// severities and their evidence are in rule-table.ts). They read each cell's bytes where the reader left them, so
// a value is never turned into text, let alone printed: findings give the line, the field and what was found.

/** IDs at most 256 characters; categorical values and other strings 1,000; textual values 20,000 (then cut). */
const LIMITS = { id: 256, string: 1000, textual: 20_000 } as const
const ID_FIELDS = new Set(['USER_ID', 'ITEM_ID', 'ACTION_ID'])
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
])
/** Unix epoch seconds; a value above this is in milliseconds or microseconds (a date thousands of years ahead). */
const TIMESTAMP_FIELDS = new Set(['TIMESTAMP', 'CREATION_TIMESTAMP'])
export const MAX_EPOCH_SECONDS = 100_000_000_000

/** How a column's values are checked; a number, so the check per cell switches on it without comparing strings. */
export const Kind = { Text: 0, Integer: 1, Decimal: 2, Boolean: 3 } as const
export type Kind = (typeof Kind)[keyof typeof Kind]

/** How one column of a file is checked: what the rules and the Athena query (athena-sql.ts) both read. */
export interface ColumnRule {
  field: SchemaField
  /** 1-based position in the file's header. */
  position: number
  kind: Kind
  reserved: boolean
  /** Integers with fewer digits always fit (int: 10, long: 19); at this length the value is compared. */
  maxDigits: number
  /** The most characters a value may have, and the rule above it. */
  maxLength: number
  lengthRule: RuleId
  timestamp: boolean
}

/** Value rules, each with a slot per column in the checker's cache of findings. */
export const VALUE_RULES = [
  'empty-value',
  'metadata-empty',
  'type',
  'metadata-type',
  'timestamp-unit',
  'id-length',
  'categorical-length',
  'string-length',
  'textual-length',
] as const satisfies readonly RuleId[]
export type ValueRule = (typeof VALUE_RULES)[number]

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
  /** Records after the header (blank lines not counted; a record over several lines counts once). */
  records = 0
  private columns: Array<ColumnRule | undefined> = []
  /** Line 1 names fields of the schema: its names may be shown. */
  private namesShown = false
  /** The file is not CSV text: nothing more is said of it. */
  private format: FileFormat | undefined
  /** The finding of each value rule and column, once started: later occurrences only count. */
  private readonly valueFindings = new Map<number, Finding>()

  constructor(
    private readonly schema: Schema | undefined,
    readonly file: string,
    private readonly findings: Findings,
    /** The profile of the file, fed each record whose cells split cleanly. */
    readonly profile?: ProfileSink,
    /** The checks across a group's datasets, fed the same records. */
    readonly cross?: CrossFeed,
  ) {}

  readonly onRecord = (record: CsvRecord): void => {
    if (record.crLineEnds) {
      this.add({ rule: 'cr-line-ends', what: `${this.file}: its lines end with CR alone (old Mac style)` })
    }
    if (this.header === undefined) {
      this.checkHeader(record)
      return
    }
    if (record.invalidUtf8) this.recordFinding(record, 'encoding', 'are not valid UTF-8')
    // A line too long to keep comes without cells: it is a record, not a blank line.
    if (record.count === 0 && record.problem === undefined) {
      this.recordFinding(record, 'blank-line', countedWhat('blank-line'))
      return
    }
    this.records += 1
    if (record.problem) {
      this.recordFinding(record, ...problemFinding(record), record.problemCell)
      return
    }
    if (record.backslashQuote >= 0) {
      this.recordFinding(
        record,
        'backslash-quote',
        'end a quoted value with a backslash (\\"), which a reader that escapes quotes with backslashes reads as a quote inside the value',
        record.backslashQuote,
      )
    }
    if (record.count !== this.header.length) {
      this.recordFinding(
        record,
        'cell-count',
        `${countedWhat('cell-count', undefined, this.header.length)} (first: ${record.count}; an unescaped comma or quote?)`,
      )
      return
    }
    const columns = this.columns
    for (let cell = 0; cell < columns.length; cell++) {
      const rule = columns[cell]
      if (rule) this.checkCell(record, cell, rule)
    }
    this.profile?.onRecord(record.bytes, record.starts, record.ends)
    this.cross?.onRecord(record.bytes, record.starts, record.ends)
  }

  /** The file is not CSV text (compressed, columnar, UTF-16): one finding, and nothing of it is read. */
  notCsv(format: FileFormat): void {
    this.format = format
    this.add({
      rule: 'file-format',
      what: `${this.file} is ${format.name}, not CSV text: ${format.fix}`,
    })
  }

  /** Findings that need the whole file: no header at all. */
  finish(): void {
    if (this.header === undefined && !this.format) {
      this.add({ rule: 'empty-file', what: `${this.file} has no header line` })
    }
  }

  /** How each column of the header is checked (undefined: a column the schema lacks). */
  get columnRules(): ReadonlyArray<ColumnRule | undefined> {
    return this.columns
  }

  /** The header's names, when line 1 is a header: a first line that is data shows none of its cells. */
  get shownHeader(): string[] | undefined {
    return this.namesShown ? this.header?.map(shownName) : undefined
  }

  private checkHeader(record: CsvRecord): void {
    const names: string[] = []
    for (let cell = 0; cell < record.count; cell++) names.push(record.text(cell))
    this.header = names
    if (record.invalidUtf8) this.headerFinding('header-encoding', 'is not valid UTF-8')
    if (record.bom) {
      this.headerFinding(
        'byte-order-mark',
        'begins with a byte-order mark, which hides the first name from Personalize',
      )
    }
    if (record.problem === 'line-too-long') this.headerFinding('header-too-long', problemFinding(record)[1])
    else if (record.problem) this.headerFinding('header-quoting', problemFinding(record)[1])
    this.namesShown = this.isHeader(names)
    if (this.namesShown && this.schema) {
      if (record.quoted.some((quoted, cell) => cell < record.count && quoted === 1)) {
        this.headerFinding('quoted-header', 'has names in quotes')
      }
      this.checkNames(names)
      this.checkAgainstSchema(names, this.schema)
    }
    const metadata = this.namesShown ? metadataColumns(names) : []
    this.profile?.header(names, metadata)
    this.cross?.header(names)
  }

  /**
   * Whether line 1 is a header whose names may be shown: one that names a field of the schema (and is
   * comma-separated). Without a schema nothing tells a header from data, so no name is shown.
   */
  private isHeader(names: string[]): boolean {
    const separator = separatorOf(names)
    if (separator) {
      this.headerFinding('separator', `looks ${separator}-separated (Personalize reads commas only)`)
      return false
    }
    const schema = this.schema
    if (!schema) return false
    if (names.some(name => matchField(name, schema) || schema.fields.some(field => nearMiss(field, [name])))) {
      return true
    }
    this.headerFinding(
      'no-header',
      `is not a header (none of its ${plural(names.length, 'cell')} names a field of the schema)`,
    )
    return false
  }

  private checkNames(names: string[]): void {
    const seen = new Map<string, number>()
    for (const [cell, name] of names.entries()) {
      if (name === '') {
        this.headerFinding('header-name', `has no name for column ${cell + 1}`)
        continue
      }
      // The guide: column names are unique alphanumerics; GENRES_FIELD_1 and GENRESFIELD1 may not both exist.
      const key = alphanumeric(name)
      const earlier = seen.get(key)
      if (earlier !== undefined) {
        this.headerFinding(
          'duplicate-column',
          `names columns ${earlier + 1} and ${cell + 1} alike (${shownName(name)}; Personalize ignores case and punctuation here)`,
        )
      } else {
        seen.set(key, cell)
      }
    }
  }

  private checkAgainstSchema(names: string[], schema: Schema): void {
    const matches = names.map(name => matchField(name, schema))
    const found = new Set(matches.map(match => match?.field.name))
    const missing = schema.fields.filter(field => !found.has(field.name))
    const required = missing.filter(field => !field.nullable)
    if (required.length > 0) {
      const hints = required.map(field => nearMiss(field, names)).filter(Boolean)
      this.headerFinding(
        'missing-column',
        `lacks the columns the schema requires: [${required.map(f => f.name).join(', ')}] (Personalize: "Input csv is ` +
          `missing the following columns")${hints.length > 0 ? `; ${hints.join('; ')}` : ''}`,
      )
    }
    const optional = missing.filter(field => field.nullable)
    if (optional.length > 0) {
      this.headerFinding(
        'missing-optional-column',
        `lacks the schema's optional columns [${optional.map(f => f.name).join(', ')}]`,
      )
    }
    const cased = matches.filter(match => match?.cased).map(match => match?.field.name)
    if (cased.length > 0) {
      this.headerFinding('column-case', `names ${cased.join(', ')} in another case than the schema`)
    }
    const unknown = names.filter((name, cell) => name !== '' && matches[cell] === undefined)
    if (unknown.length > 0) {
      this.headerFinding('unknown-column', `has ${namesList(unknown)}, which the schema does not have`)
    }
    const inFile = [...new Set(matches.flatMap(match => (match ? [match.field.name] : [])))]
    const schemaOrder = schema.fields.map(field => field.name).filter(name => inFile.includes(name))
    if (inFile.join(',') !== schemaOrder.join(',')) {
      this.headerFinding(
        'column-order',
        `orders the columns ${inFile.join(', ')}, the schema ${schemaOrder.join(', ')} (Personalize has imported other orders)`,
      )
    }
    this.columns = matches.map((match, cell) => (match ? columnRule(match.field, cell + 1) : undefined))
  }

  private checkCell(record: CsvRecord, cell: number, rule: ColumnRule): void {
    const bytes = record.bytes
    const start = record.starts[cell] ?? 0
    const end = record.ends[cell] ?? 0
    if (start === end) {
      if (rule.field.nullable) return
      if (rule.reserved) this.valueFinding(record, cell, rule, 'empty-value', countedWhat('empty-value', rule))
      else this.valueFinding(record, cell, rule, 'metadata-empty', countedWhat('metadata-empty', rule))
      return
    }
    switch (rule.kind) {
      case Kind.Text:
        if (end - start > rule.maxLength) this.checkLength(record, cell, rule)
        return
      case Kind.Integer:
        this.checkInteger(record, cell, rule)
        return
      case Kind.Decimal:
        if (!isDecimal(bytes, start, end)) this.typeFinding(record, cell, rule, countedWhat('type', rule))
        return
      case Kind.Boolean:
        if (!isBoolean(bytes, start, end)) this.typeFinding(record, cell, rule, countedWhat('type', rule))
        return
    }
  }

  private checkInteger(record: CsvRecord, cell: number, rule: ColumnRule): void {
    const bytes = record.bytes
    const start = record.starts[cell] ?? 0
    const end = record.ends[cell] ?? 0
    const digits = integerDigits(bytes, start, end)
    const type = rule.field.type as 'int' | 'long'
    if (digits < 0 || (digits >= rule.maxDigits && !fitsInteger(bytes, start, end, digits, type))) {
      this.typeFinding(record, cell, rule, countedWhat('type', rule))
    } else if (rule.timestamp && digits >= 12 && exceeds(bytes, end - digits, end, MAX_EPOCH_SECONDS)) {
      this.valueFinding(record, cell, rule, 'timestamp-unit', countedWhat('timestamp-unit', rule))
    }
  }

  private typeFinding(record: CsvRecord, cell: number, rule: ColumnRule, what: string): void {
    const found = shape(record.bytes, record.starts[cell] ?? 0, record.ends[cell] ?? 0)
    this.valueFinding(record, cell, rule, rule.reserved ? 'type' : 'metadata-type', `${what} (first: ${found})`)
  }

  private checkLength(record: CsvRecord, cell: number, rule: ColumnRule): void {
    const length = characters(record, cell)
    if (length <= rule.maxLength) return
    this.valueFinding(
      record,
      cell,
      rule,
      rule.lengthRule as ValueRule,
      `${countedWhat(rule.lengthRule, rule)} (first: ${length.toLocaleString('en-US')})`,
    )
  }

  /** A value rule broken in `cell`: the first time a finding of its own, then counted (cheaply: lines of millions). */
  private valueFinding(record: CsvRecord, cell: number, column: ColumnRule, rule: ValueRule, what: string): void {
    const key = cell * VALUE_RULES.length + VALUE_RULES.indexOf(rule)
    const found = this.valueFindings.get(key)
    if (found) {
      again(found, record.line, found.examples.length < 5 ? columnOf(record, cell) : undefined)
      return
    }
    const finding = this.add({
      rule,
      what,
      line: record.line,
      column: columnOf(record, cell),
      field: column.field.name,
      position: column.position,
      type: column.field.type,
    })
    this.valueFindings.set(key, finding)
  }

  private recordFinding(record: CsvRecord, rule: RuleId, what: string, cell?: number): void {
    this.add({
      rule,
      what,
      line: record.line,
      ...(cell === undefined ? {} : { column: columnOf(record, cell) }),
    })
  }

  private headerFinding(rule: RuleId, what: string): void {
    this.add({ rule, what, line: 1 })
  }

  private add(occurrence: Omit<Occurrence, 'file'>): Finding {
    return this.findings.add({ ...occurrence, file: this.file })
  }
}

/**
 * What a value or record rule found, in words for many occurrences and without the first one's detail: the checks
 * here add "(first: ...)", Athena's counts (athena-check.ts) say it as is.
 */
export function countedWhat(rule: RuleId, column?: ColumnRule, headerLength = 0): string {
  switch (rule) {
    case 'blank-line':
      return 'are blank'
    case 'cell-count':
      return `have another number of cells than the header's ${headerLength}`
    case 'empty-value':
      return 'are empty, and the schema requires a value'
    case 'metadata-empty':
      return `are empty, and the schema's ${column?.field.type} has no null`
    case 'type':
    case 'metadata-type':
      return column?.kind === Kind.Boolean
        ? 'are not a boolean (lower-case true or false)'
        : `are not ${article(column?.field.type ?? 'string')}`
    case 'timestamp-unit':
      return 'look like milliseconds or microseconds (above 10^11, where Personalize takes Unix epoch seconds)'
    default:
      return `are longer than ${(column?.maxLength ?? 0).toLocaleString('en-US')} characters`
  }
}

/** The columns of a header that the profile gives blank shares of: every named column Personalize does not read. */
export function metadataColumns(names: readonly string[]): Array<{ cell: number; name: string }> {
  return names.flatMap((name, cell) =>
    name !== '' && !RESERVED_FIELDS.has(name.toUpperCase()) ? [{ cell, name: shownName(name) }] : [],
  )
}

/** The schema's field a header name stands for: the same name, or (noted) the same name in another case. */
function matchField(name: string, schema: Schema): { field: SchemaField; cased: boolean } | undefined {
  const exact = schema.fields.find(field => field.name === name)
  if (exact) return { field: exact, cased: false }
  const upper = name.toUpperCase()
  const cased = schema.fields.find(field => field.name.toUpperCase() === upper)
  return cased ? { field: cased, cased: true } : undefined
}

/** A header name that is the field's but for spaces or punctuation: said without repeating it. */
function nearMiss(field: SchemaField, names: string[]): string {
  const key = alphanumeric(field.name)
  const cell = names.findIndex(name => alphanumeric(name) === key)
  if (cell < 0) return ''
  const name = names[cell] ?? ''
  const how = name.trim() !== name ? 'surrounding spaces' : 'other punctuation'
  return `column ${cell + 1} is ${field.name} with ${how}: Personalize matches names exactly`
}

function alphanumeric(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').toUpperCase()
}

/** A header name is shown only when it looks like one (letters, digits, _ and -), even in a line that is a header. */
export function shownName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(name) ? name : `a name of ${name.length} characters`
}

/** "the columns COLOR and SIZE", "3 columns COLOR, SIZE and 1 more that does not look like a name": each name once. */
function namesList(names: string[]): string {
  const shown = names.filter(name => shownName(name) === name)
  const listed = shown.slice(0, 10)
  const hidden = names.length - shown.length
  const unlisted = shown.length - listed.length
  const parts = [
    ...listed,
    ...(unlisted > 0 ? [`${unlisted} more`] : []),
    ...(hidden > 0
      ? [`${plural(hidden, 'name')} not shown (${hidden === 1 ? 'it does' : 'they do'} not look like names)`]
      : []),
  ]
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? '')
  return `${names.length === 1 ? 'the column' : `${names.length} columns`} ${list}`
}

/** The separator a one-cell header holds instead of commas, named: tab, semicolon or pipe. */
function separatorOf(names: string[]): string | undefined {
  const only = names.length === 1 ? (names[0] ?? '') : ''
  if (only.includes('\t')) return 'tab'
  if (only.includes(';')) return 'semicolon'
  if (only.includes('|')) return 'pipe'
  return undefined
}

function problemFinding(record: CsvRecord): [RuleId, string] {
  switch (record.problem) {
    case 'unclosed-quote':
      return ['quoting', 'open a quote that never closes (a record split over lines, or a quote not escaped)']
    case 'text-after-quote':
      return ['quoting', 'have text after a closing quote (a quote inside a quoted value not escaped as \\" or "")']
    case 'line-break-in-value':
      return ['line-break-in-value', 'hold line breaks inside a quoted value, so one record spans several lines']
    default:
      return ['line-too-long', 'are longer than 16 MiB, which no Personalize record is']
  }
}

function columnRule(field: SchemaField, position: number): ColumnRule {
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
  }
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
    // An escape (\x or "") is two bytes for one character.
    for (let i = start; i < end; i++) {
      if (bytes[i] === 0x5c || (bytes[i] === 0x22 && bytes[i + 1] === 0x22)) {
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
  let i = bytes[start] === MINUS || bytes[start] === PLUS ? start + 1 : start
  const wholeEnd = digitsFrom(bytes, i, end)
  let digits = wholeEnd - i
  i = wholeEnd
  if (bytes[i] === DOT) {
    const fractionEnd = digitsFrom(bytes, i + 1, end)
    digits += fractionEnd - i - 1
    i = fractionEnd
  }
  if (digits === 0) return false
  if (i < end && (bytes[i] === 0x65 || bytes[i] === 0x45)) {
    i += 1
    if (bytes[i] === MINUS || bytes[i] === PLUS) i += 1
    const exponentEnd = digitsFrom(bytes, i, end)
    if (exponentEnd === i) return false
    i = exponentEnd
  }
  return i === end
}

/** Where the run of decimal digits starting at `from` ends. */
function digitsFrom(bytes: Uint8Array, from: number, end: number): number {
  let i = from
  while (i < end && (bytes[i] ?? 0) >= ZERO && (bytes[i] ?? 0) <= NINE) i += 1
  return i
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
  if (bytes[start] === PLUS && integerDigits(bytes, start + 1, end) > 0) return 'an integer with a leading +'
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

import { INTERACTION_COLUMNS, type ProfileKind } from './profile.js'
import type { RuleId } from './rule-table.js'
import { type ColumnRule, Kind, MAX_EPOCH_SECONDS } from './rules.js'

// The Athena statements of `data-checks: athena`: a temporary external table over the data (OpenCSVSerde, every
// column a string, one column more than the header so a record with too many cells shows), then one query that
// scans the data once and returns, per object, the count of every value rule broken in every column, and over all
// objects the profile (distinct users and items, users with 2+ interactions, the time range, event types, blank
// metadata). The rules are those of rules.ts, written in SQL that Athena's engine (Trino) and the emulator's
// engine run alike; the header line is not skipped but recognised, so every object's header is checked too.

/** What the statements are built from: the table, the objects, and the first object's header and its rules. */
export interface AthenaTableSpec {
  database: string
  table: string
  /** The folder the table reads (an s3:// prefix ending in /); `paths` says which objects count. */
  folder: string
  paths: readonly string[]
  header: readonly string[]
  columns: ReadonlyArray<ColumnRule | undefined>
  profile: ProfileKind | undefined
  /** Metadata columns (by cell) whose blank share the profile gives. */
  metadata: ReadonlyArray<{ cell: number; name: string }>
}

/** One rule's count for one column: the query's result column and what it counts. */
export interface CountedRule {
  rule: RuleId
  column: ColumnRule
  name: string
}

export interface AthenaStatements {
  createDatabase: string
  createTable: string
  dropTable: string
  query: string
  counted: CountedRule[]
  /** The grouping() values of the result's rows: per object, users, items, event types. */
  sets: { path: number; users?: number; items?: number; events?: number }
}

const ASTRAL = "'[\\x{10000}-\\x{10FFFF}]'"
const INTEGER = "'^-?[0-9]+$'"
const DECIMAL = "'^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$'"
const SECONDS = "'^[0-9]{1,12}$'"

export function athenaStatements(spec: AthenaTableSpec): AthenaStatements {
  const width = spec.header.length + 1
  const cells = Array.from({ length: width }, (_, i) => `c${i + 1}`)
  const table = `"${spec.database}"."${spec.table}"`
  const createTable =
    `CREATE EXTERNAL TABLE \`${spec.database}\`.\`${spec.table}\` (${cells.map(c => `\`${c}\` string`).join(', ')})\n` +
    "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'\n" +
    "WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '\"', 'escapeChar' = '\\\\')\n" +
    `STORED AS TEXTFILE\nLOCATION ${literal(spec.folder)}`
  const counted = countedRules(spec.columns)
  const dims = dimensions(spec)
  const query = selectStatement(spec, table, cells, counted, dims)
  const sets = groupingSets(dims)
  return {
    createDatabase: `CREATE DATABASE IF NOT EXISTS \`${spec.database}\``,
    createTable,
    dropTable: `DROP TABLE IF EXISTS \`${spec.database}\`.\`${spec.table}\``,
    query,
    counted,
    sets,
  }
}

/** The profile's grouping columns: the object always, then users, items and event types of interactions. */
function dimensions(spec: AthenaTableSpec): Dimension[] {
  if (spec.profile !== 'interactions') return []
  const upper = spec.header.map(name => name.toUpperCase())
  const [user, item, , event] = INTERACTION_COLUMNS.map(column => upper.indexOf(column))
  const dims: Dimension[] = []
  if ((user ?? -1) >= 0) dims.push({ name: 'u', cell: user ?? 0 })
  if ((item ?? -1) >= 0) dims.push({ name: 'i', cell: item ?? 0 })
  if ((event ?? -1) >= 0) dims.push({ name: 'e', cell: event ?? 0 })
  return dims
}

/** grouping(path, u, i, e): a bit per argument, set when the row's set leaves it out (the last is bit 0). */
function groupingSets(dims: readonly Dimension[]): AthenaStatements['sets'] {
  const all = (1 << (dims.length + 1)) - 1
  const bit = (index: number) => 1 << (dims.length - index)
  const sets: AthenaStatements['sets'] = { path: all & ~bit(0) }
  dims.forEach((dim, index) => {
    const value = all & ~bit(index + 1)
    if (dim.name === 'u') sets.users = value
    else if (dim.name === 'i') sets.items = value
    else sets.events = value
  })
  return sets
}

function countedRules(columns: ReadonlyArray<ColumnRule | undefined>): CountedRule[] {
  const counted: CountedRule[] = []
  for (const column of columns) {
    if (!column) continue
    const add = (rule: RuleId) => counted.push({ rule, column, name: `r${counted.length}` })
    if (!column.field.nullable) add(column.reserved ? 'empty-value' : 'metadata-empty')
    if (column.kind === Kind.Text) add(column.lengthRule)
    else add(column.reserved ? 'type' : 'metadata-type')
    if (column.kind === Kind.Integer && column.timestamp && column.field.type === 'long') add('timestamp-unit')
  }
  return counted
}

/** The condition under which a well-formed record breaks `rule` in its column. */
function condition({ rule, column }: CountedRule): string {
  const c = `c${column.position}`
  switch (rule) {
    case 'empty-value':
    case 'metadata-empty':
      return `${c} = ''`
    case 'type':
    case 'metadata-type':
      return `${c} <> '' AND ${typeBroken(c, column)}`
    case 'timestamp-unit':
      return (
        `regexp_like(${c}, ${INTEGER}) AND try_cast(${c} AS bigint) IS NOT NULL AND ` +
        `abs(try_cast(${c} AS bigint)) > ${MAX_EPOCH_SECONDS}`
      )
    default: {
      // Characters as Personalize counts them: UTF-16 units, two for a character beyond the BMP.
      const max = column.maxLength
      return `length(${c}) > ${Math.floor(max / 2)} AND length(${c}) + regexp_count(${c}, ${ASTRAL}) > ${max}`
    }
  }
}

function typeBroken(c: string, column: ColumnRule): string {
  switch (column.kind) {
    case Kind.Integer: {
      const type = column.field.type === 'int' ? 'integer' : 'bigint'
      return `(NOT regexp_like(${c}, ${INTEGER}) OR try_cast(${c} AS ${type}) IS NULL)`
    }
    case Kind.Decimal:
      return `NOT regexp_like(${c}, ${DECIMAL})`
    default:
      return `${c} NOT IN ('true', 'false')`
  }
}

function selectStatement(
  spec: AthenaTableSpec,
  table: string,
  cells: string[],
  counted: CountedRule[],
  dims: Dimension[],
): string {
  const kind = rowKind(spec.header, cells.length)
  const paths = spec.paths.map(literal).join(', ')
  const read =
    `SELECT "$path" AS path, ${kind} AS kind, ${cells.slice(0, -1).join(', ')}\n` +
    `  FROM ${table} WHERE "$path" IN (${paths})`
  const classified = `SELECT *${dims.map(dim => `, CASE WHEN kind = 'g' THEN c${dim.cell + 1} END AS ${dim.name}`).join('')} FROM parsed`
  const time = timeCell(spec.header)
  const keys = ['path', ...dims.map(dim => dim.name)]
  const groups =
    `SELECT grouping(${keys.join(', ')}) AS set_id, ${keys.join(', ')}, ${measures(spec, counted, time).join(', ')}\n` +
    `  FROM classified GROUP BY GROUPING SETS (${keys.map(key => `(${key})`).join(', ')})`
  // Rows of the user and item sets fold into one each; the object and event-type sets keep a row per value.
  return (
    `WITH parsed AS (\n  ${read}\n), classified AS (\n  ${classified}\n), grouped AS (\n  ${groups}\n)\n` +
    `SELECT ${folded(spec, counted, time, dims).join(', ')}\n` +
    `FROM (SELECT *, ${foldKey(dims)} AS fold FROM grouped) AS folded GROUP BY set_id, fold`
  )
}

type Dimension = { name: 'u' | 'i' | 'e'; cell: number }

/** h: the header line (recognised, not skipped), b: a blank line, x: another number of cells, g: a record to check. */
function rowKind(header: readonly string[], width: number): string {
  const headerRow = header.map((name, i) => `c${i + 1} = ${literal(name)}`).join(' AND ')
  const blank = width > 2 ? `c1 = '' AND c2 IS NULL` : `c1 = ''`
  return (
    `CASE WHEN ${headerRow} AND c${width} IS NULL THEN 'h' WHEN ${blank} THEN 'b' ` +
    `WHEN c${width - 1} IS NULL OR c${width} IS NOT NULL THEN 'x' ELSE 'g' END`
  )
}

/** What each group counts: rows by kind, every rule's breaks, the time range, blank metadata. */
function measures(spec: AthenaTableSpec, counted: CountedRule[], time: string | undefined): string[] {
  const seconds = (fn: string) =>
    `${fn}(CASE WHEN kind = 'g' AND regexp_like(${time}, ${SECONDS}) THEN CAST(${time} AS bigint) END) AS t${fn}`
  return [
    'count(*) AS n',
    "count_if(kind = 'h') AS headers",
    "count_if(kind = 'b') AS blanks",
    "count_if(kind = 'x') AS cells",
    "count_if(kind = 'g') AS good",
    ...counted.map(entry => `count_if(kind = 'g' AND ${condition(entry)}) AS ${entry.name}`),
    ...(time === undefined ? [] : [seconds('min'), seconds('max')]),
    ...spec.metadata.map(({ cell }, index) => `count_if(kind = 'g' AND c${cell + 1} = '') AS b${index}`),
  ]
}

/** The result's columns: the groups' counts summed, users and items counted as groups. */
function folded(spec: AthenaTableSpec, counted: CountedRule[], time: string | undefined, dims: Dimension[]): string[] {
  const has = (name: Dimension['name']) => dims.some(dim => dim.name === name)
  const sums = ['n', 'headers', 'blanks', 'cells', 'good', ...counted.map(entry => entry.name)]
  sums.push(...spec.metadata.map((_, index) => `b${index}`))
  return [
    'set_id',
    'max(path) AS path',
    ...(has('e') ? ['max(e) AS e'] : []),
    ...sums.map(name => `sum(${name}) AS ${name}`),
    ...(time === undefined ? [] : ['min(tmin) AS tmin', 'max(tmax) AS tmax']),
    ...(has('u') ? ['count_if(u IS NOT NULL) AS users', 'count_if(u IS NOT NULL AND good >= 2) AS users_two'] : []),
    ...(has('i') ? ['count_if(i IS NOT NULL) AS items'] : []),
  ]
}

/** The key rows fold by: the object, or the event type; the user and item sets fold into one row each. */
function foldKey(dims: readonly Dimension[]): string {
  return dims.some(dim => dim.name === 'e') ? 'coalesce(path, e)' : 'path'
}

/** The cell of TIMESTAMP, when the header has one: the time range's. */
function timeCell(header: readonly string[]): string | undefined {
  const cell = header.findIndex(name => name.toUpperCase() === 'TIMESTAMP')
  return cell < 0 ? undefined : `c${cell + 1}`
}

/** A string literal of Athena's SQL: single quotes doubled. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

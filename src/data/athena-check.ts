import { randomBytes } from 'node:crypto'
import { type AthenaConnection, AthenaQueries, type QueryCalls, type QueryEnd, type ResultRow } from '../aws/athena.js'
import { AwsError, isAccessDenied } from '../aws/errors.js'
import { DeadlineReached } from '../aws/retry.js'
import type { AthenaSettings } from '../config.js'
import { Cancelled } from '../failure.js'
import { capText, formatBytes, plural, thousands } from '../text.js'
import { type AthenaStatements, athenaStatements, type CountedRule } from './athena-sql.js'
import { type Example, type Finding, type Findings, keyOf } from './findings.js'
import type { ImportChecker } from './import-checker.js'
import { type DataProfile, type ProfileKind, topEventTypes } from './profile.js'
import type { RuleId } from './rule-table.js'
import { countedWhat, metadataColumns, VALUE_RULES } from './rules.js'
import type { S3Object } from './s3-objects.js'

// data-checks: athena. The sample (the first MiB of up to 20 objects) has run: it gave the header, its rules per
// column, and example lines. Athena then counts every record of every object where the data is, and its counts
// replace the sample's for the rules it counts (records with another number of cells, blank lines, and every value
// rule), with the sample's example lines where the sample saw them; the profile becomes every record's. Any way
// the query cannot run (refused by max-scan-gb, a permission, a FAILED query) leaves the sample's verdict, with a
// warning; cancellation and the deadline stop the query and drop the table.

/** Athena's price: $5 per TB scanned (us-east-1; 10 MB at least per query). */
const USD_PER_TB = 5

export interface AthenaCheckSettings {
  athena: AthenaSettings
  connection: AthenaConnection
  findings: Findings
  info(line: string): void
  /** The Athena check could not run or clean up: a warning, and the sampled checks decide. */
  warn(line: string, title: string): void
}

/** What Athena counted: every record of the objects whose header it recognised. */
export interface AthenaCounts {
  records: number
  objectsChecked: number
  scannedBytes: number
  profile: DataProfile | undefined
}

interface Job {
  queries: AthenaQueries
  statements: AthenaStatements
  table: string
}

/** Where the checks may run on Athena: a header the schema's rules apply to, objects that are CSV text. */
export function athenaRefusal(checker: ImportChecker, findings: Findings): string | undefined {
  if (!checker.shownHeader || !checker.columns.some(Boolean)) {
    return 'the first object has no header naming fields of the schema, so no column can be checked'
  }
  if (findings.list.some(finding => finding.rule === 'file-format')) return 'some objects are not CSV text'
  return undefined
}

export async function checkInAthena(
  settings: AthenaCheckSettings,
  where: { bucket: string; folder: string; location: string },
  objects: readonly S3Object[],
  checker: ImportChecker,
  profile: ProfileKind | undefined,
): Promise<AthenaCounts | undefined> {
  const bytes = objects.reduce((sum, object) => sum + object.size, 0)
  const { athena } = settings
  if (bytes > athena.maxScanBytes) {
    settings.warn(
      `The Athena check was not run: ${where.location} holds ${gigabytes(bytes)}, more than max-scan-gb ` +
        `(${gigabytes(athena.maxScanBytes)}). The sampled checks decide; raise max-scan-gb to check all of it.`,
      'Athena check refused',
    )
    return undefined
  }
  const refusal = athenaRefusal(checker, settings.findings)
  if (refusal) {
    settings.warn(`The Athena check was not run: ${refusal}. The sampled checks decide.`, 'Athena check not run')
    return undefined
  }
  const job = prepare(settings, where, objects, checker, profile)
  settings.info(
    `Data checks: Athena scans ${formatBytes(bytes)} in ${plural(objects.length, 'object')} ` +
      `(about $${((bytes / 1e12) * USD_PER_TB).toFixed(4)} at $${USD_PER_TB} per TB), in the table ` +
      `${athena.database}.${job.table} of workgroup ${athena.workgroup}`,
  )
  const rows = await runJob(settings, job)
  if (!rows) return undefined
  const split = settings.findings.list.filter(finding => finding.rule === 'line-break-in-value')
  if (split.length > 0) {
    settings.warn(
      `Athena reads a line at a time: in ${split.map(finding => finding.file).join(', ')}, a quoted value with a ` +
        'line break splits its record, so the counts of records with another number of cells include the pieces',
      'Athena counts split records',
    )
  }
  return applyCounts(settings.findings, job.statements, rows.rows, checker, rows.scannedBytes)
}

function prepare(
  settings: AthenaCheckSettings,
  where: { bucket: string; folder: string },
  objects: readonly S3Object[],
  checker: ImportChecker,
  profile: ProfileKind | undefined,
): Job {
  const header = checker.header ?? []
  const table = `import_check_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`
  const statements = athenaStatements({
    database: settings.athena.database,
    table,
    folder: `s3://${where.bucket}/${where.folder}`,
    paths: objects.map(object => `s3://${where.bucket}/${object.key}`),
    header,
    columns: checker.columns,
    profile,
    metadata: profile === 'metadata' ? metadataColumns(header) : [],
  })
  return { queries: new AthenaQueries(settings.connection, settings.athena), statements, table }
}

/** The table made, the query run, the table dropped on every way out; undefined when Athena could not answer. */
async function runJob(
  settings: AthenaCheckSettings,
  job: Job,
): Promise<{ rows: ResultRow[]; scannedBytes: number } | undefined> {
  const { queries, statements } = job
  let made = false
  let cut = false
  try {
    await succeeded(queries.run(statements.createDatabase), 'creating the database')
    made = true
    await succeeded(queries.run(statements.createTable), 'creating the table')
    const end = await succeeded(queries.run(statements.query), 'the query')
    settings.info(`Data checks: Athena scanned ${formatBytes(end.scannedBytes)}`)
    return { rows: await queries.rows(end.id), scannedBytes: end.scannedBytes }
  } catch (error) {
    if (error instanceof Cancelled || error instanceof DeadlineReached) {
      cut = true
      throw error
    }
    if (!(error instanceof AthenaFailed || error instanceof AwsError)) throw error
    settings.warn(`The Athena check did not run: ${whyNot(error)}. The sampled checks decide.`, 'Athena check failed')
    return undefined
  } finally {
    if (made) await dropTable(settings, job, cut ? queries.cleanupCalls() : undefined)
  }
}

class AthenaFailed extends Error {}

/**
 * Athena's reason with what it quotes left out: a reason such as HIVE_BAD_DATA may quote a value of the data, which
 * never reaches a log.
 */
function withoutValues(reason: string): string {
  return capText(reason.replace(/'[^']*'|"[^"]*"/g, '(quoted)'), 300)
}

/** Why Athena could not answer, and what to do where that is known. */
function whyNot(error: AthenaFailed | AwsError): string {
  if (error instanceof AthenaFailed) return error.message
  const said = `${error.operation} failed (${error.code}: ${withoutValues(error.message)})`
  if (/output location/i.test(error.message)) return `${said}; set athena-output-location`
  if (isAccessDenied(error)) {
    return `${said}; the credentials need athena:${error.operation} on the workgroup and the Glue and S3 permissions of the README's IAM table`
  }
  return said
}

/** Sizes against max-scan-gb, in its unit. */
function gigabytes(bytes: number): string {
  return `${Number((bytes / 1e9).toPrecision(3))} GB`
}

async function succeeded(running: Promise<QueryEnd>, what: string): Promise<QueryEnd> {
  const end = await running
  if (end.state !== 'SUCCEEDED') {
    throw new AthenaFailed(`${what} ended ${end.state}${end.reason ? ` (${withoutValues(end.reason)})` : ''}`)
  }
  return end
}

async function dropTable(settings: AthenaCheckSettings, job: Job, calls: QueryCalls | undefined): Promise<void> {
  const name = `${settings.athena.database}.${job.table}`
  try {
    const end = await job.queries.run(job.statements.dropTable, calls)
    if (end.state === 'SUCCEEDED') return
    settings.warn(`The table ${name} was not dropped (${end.state}): drop it yourself`, 'Athena table left')
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    settings.warn(`The table ${name} was not dropped (${why}): drop it yourself`, 'Athena table left')
  }
}

/** Per object: the query's row for it. */
interface ObjectCounts {
  path: string
  records: number
  good: number
  row: ResultRow
}

function applyCounts(
  findings: Findings,
  statements: AthenaStatements,
  rows: ResultRow[],
  checker: ImportChecker,
  scannedBytes: number,
): AthenaCounts {
  const number = (row: ResultRow | undefined, name: string) => Number(row?.[name] ?? 0)
  const perObject: ObjectCounts[] = []
  for (const row of rows.filter(row => number(row, 'set_id') === statements.sets.path)) {
    const path = row.path ?? ''
    if (number(row, 'headers') === 0) {
      unrecognised(findings, path, checker)
      continue
    }
    const records = number(row, 'n') - number(row, 'headers') - number(row, 'blanks')
    perObject.push({ path, records, good: number(row, 'good'), row })
  }
  const checked = new Set(perObject.map(object => object.path))
  const sampled = findings.take(finding => checked.has(finding.file) && COUNTED.has(finding.rule))
  const examples = new Map(sampled.map(finding => [keyOf(finding), finding]))
  const width = checker.header?.length ?? 0
  for (const object of perObject) {
    const put = (rule: RuleId, count: number, counted?: CountedRule) => {
      if (count === 0) return
      const seen = examples.get(keyOf({ file: object.path, rule, field: counted?.column.field.name }))
      const column = counted?.column
      findings.put(
        {
          rule,
          file: object.path,
          what: seen?.what ?? countedWhat(rule, column, width),
          ...(seen?.line === undefined ? {} : { line: seen.line }),
          ...(column ? { field: column.field.name, position: column.position, type: column.field.type } : {}),
        },
        count,
        object.records,
        seen?.examples ?? ([] as Example[]),
      )
    }
    put('blank-line', number(object.row, 'blanks'))
    put('cell-count', number(object.row, 'cells'))
    for (const counted of statements.counted) put(counted.rule, number(object.row, counted.name), counted)
  }
  const records = perObject.reduce((sum, object) => sum + object.records, 0)
  const good = perObject.reduce((sum, object) => sum + object.good, 0)
  return {
    records,
    objectsChecked: perObject.length,
    scannedBytes,
    profile: profileOf(statements, rows, records, good, checker),
  }
}

/** The rules whose counts Athena gives: the sample's findings of them are replaced. */
const COUNTED = new Set<RuleId>(['blank-line', 'cell-count', ...VALUE_RULES])

/** An object whose line 1 is not the first object's header: Athena's counts of it would be of other columns. */
function unrecognised(findings: Findings, path: string, checker: ImportChecker): void {
  if (findings.list.some((finding: Finding) => finding.file === path && finding.rule === 'header-mismatch')) return
  findings.add({
    rule: 'header-mismatch',
    file: path,
    line: 1,
    what: `Line 1 differs from the header of the first object (${checker.header?.length ?? 0} columns), so its records were not counted`,
  })
}

function profileOf(
  statements: AthenaStatements,
  rows: ResultRow[],
  records: number,
  good: number,
  checker: ImportChecker,
): DataProfile | undefined {
  const { sets } = statements
  const bySet = (set: number | undefined) =>
    set === undefined ? [] : rows.filter(row => Number(row.set_id ?? -1) === set)
  const objects = bySet(sets.path)
  if (objects.length === 0) return undefined
  const profile: DataProfile = { scope: 'all', records, ...(good < records ? { profiledRecords: good } : {}) }
  const exact = (value: string | undefined) => ({ value: Number(value ?? 0), exact: true })
  const users = bySet(sets.users)[0]
  if (users) {
    profile.users = exact(users.users)
    profile.usersWithTwo = exact(users.users_two)
  }
  const items = bySet(sets.items)[0]
  if (items) profile.items = exact(items.items)
  const first = Math.min(...objects.map(row => (row.tmin ? Number(row.tmin) : Number.POSITIVE_INFINITY)))
  const last = Math.max(...objects.map(row => (row.tmax ? Number(row.tmax) : Number.NEGATIVE_INFINITY)))
  if (Number.isFinite(first)) {
    profile.firstEvent = new Date(first * 1000).toISOString().slice(0, 10)
    profile.lastEvent = new Date(last * 1000).toISOString().slice(0, 10)
  }
  const events = bySet(sets.events).filter(row => row.e)
  if (events.length > 0) {
    profile.eventTypes = topEventTypes(events.map(row => ({ type: row.e ?? '', count: Number(row.good ?? 0) })))
  }
  const blankShare = blankShares(objects, checker, good)
  if (blankShare) profile.blankShare = blankShare
  return profile
}

function blankShares(objects: ResultRow[], checker: ImportChecker, good: number): Record<string, number> | undefined {
  const metadata = metadataColumns(checker.header ?? [])
  const shares: Record<string, number> = {}
  metadata.forEach(({ name }, index) => {
    const blank = objects.reduce((sum, row) => sum + Number(row[`b${index}`] ?? 0), 0)
    if (blank > 0) shares[name] = Math.round((blank / good) * 1000) / 1000
  })
  return Object.keys(shares).length > 0 ? shares : undefined
}

/** "1,234 records in 3 objects": Athena's count, for the log. */
export function countsLine(counts: AthenaCounts): string {
  return `Data checks: Athena counted ${thousands(counts.records)} records in ${plural(counts.objectsChecked, 'object')}`
}

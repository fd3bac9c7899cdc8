import { REGION_IMPORT_QUOTA } from '../aws/model.js'
import type { QueueReport } from '../aws/personalize.js'
import type { DataChecks } from '../data/check-data.js'
import { describe, type Finding, type Findings } from '../data/findings.js'
import { type DataProfile, formatCount } from '../data/profile.js'
import type { Annotation, Runner } from '../runner.js'
import { formatBytes, plural, thousands } from '../text.js'
import { code, escapeCell } from './markdown.js'

// What the checks found, for the person reading the run: annotations (on the line, for workspace files), log
// lines, the `checks` output and the job summary's table. A finding never carries a cell's value.

/** GitHub shows at most 10 annotations of each kind per step; the step's own failure takes one error slot. */
const MAX_ERROR_ANNOTATIONS = 9
const MAX_WARNING_ANNOTATIONS = 10
/** Findings listed in the job summary, and in the checks output (which GitHub limits to 1 MiB). */
const MAX_SUMMARY_ROWS = 50
const MAX_OUTPUT_FINDINGS = 200

/**
 * Annotations on the example lines of each finding (with file and line when the file is in the workspace, so they
 * appear on the pull request's diff): first one per finding, then more examples while GitHub shows more.
 */
export function annotateFindings(runner: Runner, findings: Findings, isWorkspaceFile: (file: string) => boolean): void {
  const left = { error: MAX_ERROR_ANNOTATIONS, warning: MAX_WARNING_ANNOTATIONS }
  const sorted = findings.sorted()
  const annotate = (finding: Finding, line: number | undefined, column: number | undefined): void => {
    if (left[finding.severity] === 0) return
    left[finding.severity] -= 1
    const onFile = isWorkspaceFile(finding.file)
    const annotation: Annotation = {
      title: `Data check (${finding.rule})`,
      ...(onFile ? { file: finding.file } : {}),
      ...(onFile && line !== undefined ? { line } : {}),
      ...(onFile && column !== undefined ? { column } : {}),
    }
    // Off the workspace (S3) an annotation has no line to sit on: each example's names its own.
    const where = line === undefined ? finding.file : `${finding.file} line ${thousands(line)}`
    const message = onFile ? describe(finding) : `${where}: ${describe(finding)}`
    if (finding.severity === 'error') runner.error(message, annotation)
    else runner.warning(message, annotation)
  }
  for (const finding of sorted) annotate(finding, finding.examples[0]?.line, finding.examples[0]?.column)
  for (const finding of sorted) {
    for (const example of finding.examples.slice(1)) annotate(finding, example.line, example.column)
  }
  const shown = MAX_ERROR_ANNOTATIONS - left.error + MAX_WARNING_ANNOTATIONS - left.warning
  const unshown = sorted.length - Math.min(sorted.length, shown)
  if (unshown > 0) {
    runner.info(`${plural(unshown, 'more finding')} not annotated (GitHub shows 10 of each kind): see the job summary`)
  }
}

/** What was checked: the data, and (check-only) the dataset and the queue. */
export interface CheckResults {
  data: DataChecks
  datasetArn?: string
  queue?: QueueReport
}

/** The `checks` output: what was checked and found, as JSON. */
export function checksJson(results: CheckResults): string {
  return JSON.stringify(checksObject(results))
}

/** What was checked and found, as the `checks` output holds it (a group's holds one a dataset). */
export function checksObject(results: CheckResults | { findings: Findings }): Record<string, unknown> {
  if (!('data' in results)) return findingsObject(results.findings)
  const checks = results.data
  return {
    dataset: results.datasetArn ?? null,
    queue: results.queue ?? null,
    datasetType: checks.datasetType ?? null,
    schema: checks.schema ? { source: checks.schemaSource, ...checks.schema } : null,
    data: checks.s3 ?? null,
    localData: checks.local ?? null,
    profile: checks.local?.profile ?? checks.s3?.profile ?? null,
    skipped: checks.skipped,
    ...findingsObject(checks.findings),
  }
}

function findingsObject(findings: Findings): Record<string, unknown> {
  return {
    errors: findings.errors,
    warnings: findings.warnings,
    findings: findings
      .sorted()
      .slice(0, MAX_OUTPUT_FINDINGS)
      .map(finding => ({ ...finding, message: describe(finding) })),
    findingsNotListed: Math.max(0, findings.list.length - MAX_OUTPUT_FINDINGS),
  }
}

/** The job summary's section on the checks across a group's datasets. */
export function renderAcross(findings: Findings): string {
  const lines = ['### Across the datasets', '']
  if (findings.list.length === 0) lines.push("No finding: the datasets name each other's IDs.", '')
  for (const finding of findings.sorted()) lines.push(`- ${finding.severity}: ${escapeCell(describe(finding))}`)
  return `${lines.join('\n')}\n`
}

/** The job summary's section on the checks (a group's datasets take a heading of level 4). */
export function renderChecks(results: CheckResults, level = 3): string {
  const checks = results.data
  const { findings } = checks
  const profile = checks.local?.profile ?? checks.s3?.profile
  const lines = [
    `${'#'.repeat(level)} Checks`,
    '',
    ...whatWasChecked(results),
    ...(profile ? profileTable(profile) : []),
    ...checks.skipped.map(skipped => `- skipped: ${escapeCell(skipped)}`),
    ...(checks.skipped.length > 0 ? [''] : []),
    `**${plural(findings.errors, 'error')}, ${plural(findings.warnings, 'warning')}**`,
    '',
  ]
  const sorted = findings.sorted()
  if (sorted.length > 0) {
    lines.push('| | file | field | count | lines | finding |', '|---|---|---|---:|---|---|')
    for (const finding of sorted.slice(0, MAX_SUMMARY_ROWS)) lines.push(row(finding))
    if (sorted.length > MAX_SUMMARY_ROWS) {
      lines.push('', `${plural(sorted.length - MAX_SUMMARY_ROWS, 'more finding')} in the checks output`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

/** The dataset, the queue, the schema and the data read, a paragraph each. */
function whatWasChecked(results: CheckResults): string[] {
  const checks = results.data
  const paragraphs: string[] = []
  if (results.datasetArn) {
    paragraphs.push(`Dataset ${code(results.datasetArn)}${checks.datasetType ? ` (${checks.datasetType})` : ''}`)
  }
  if (results.queue) {
    const { runningOnDataset, runningInRegion } = results.queue
    const onDataset = runningOnDataset.length === 0 ? 'none' : runningOnDataset.map(code).join(', ')
    const inRegion = runningInRegion === undefined ? 'not listed' : `${runningInRegion} of ${REGION_IMPORT_QUOTA}`
    paragraphs.push(`Imports running on the dataset: ${onDataset}; in the region: ${inRegion}`)
  }
  if (checks.schema) {
    const fields = checks.schema.fields.map(f => code(`${f.name}:${f.type}${f.nullable ? '?' : ''}`)).join(', ')
    paragraphs.push(`Schema ${code(checks.schema.name)}: ${fields}`)
  }
  const s3 = checks.s3
  if (s3) {
    paragraphs.push(
      `${code(s3.location)}: ${plural(s3.objectsFound, 'object')} found, ${s3.objectsChecked} checked, ` +
        `${formatBytes(s3.bytesRead)} read${s3.scannedBytes === undefined ? '' : `, ${formatBytes(s3.scannedBytes)} scanned by Athena`}, ` +
        `${thousands(s3.records)} ${s3.records === 1 ? 'record' : 'records'} checked${s3.complete ? ' (all of the data)' : ''}`,
    )
  }
  const local = checks.local
  if (local) {
    paragraphs.push(
      `local-data: ${plural(local.files.length, 'file')} checked in full, ${formatBytes(local.bytes)}, ` +
        `${plural(local.records, 'record')}`,
    )
  }
  return paragraphs.flatMap(paragraph => [paragraph, ''])
}

/** What the data holds, in a short table: the sample is said to be one. */
function profileTable(profile: DataProfile): string[] {
  const rows: Array<[string, string | undefined]> = [
    [
      'records',
      profile.profiledRecords === undefined
        ? thousands(profile.records)
        : `${thousands(profile.records)} (${thousands(profile.profiledRecords)} read cleanly: the figures below are theirs)`,
    ],
    ['users', profile.users && formatCount(profile.users)],
    ['users with 2+ interactions', profile.usersWithTwo && formatCount(profile.usersWithTwo)],
    ['items', profile.items && formatCount(profile.items)],
    ['time range', profile.firstEvent && `${profile.firstEvent} to ${profile.lastEvent}`],
    ['event types', profile.eventTypes?.map(e => `${escapeCell(e.type)} ${thousands(e.count)}`).join(', ')],
    [
      'blank values',
      profile.blankShare &&
        Object.entries(profile.blankShare)
          .map(([name, share]) => `${escapeCell(name)} ${(share * 100).toFixed(1)}%`)
          .join(', '),
    ],
  ]
  const scope = profile.scope === 'all' ? 'all of the data' : 'a sample: the first MiB of each object read'
  return [
    `| profile (${scope}) | |`,
    '|---|---|',
    ...rows.filter((row): row is [string, string] => Boolean(row[1])).map(([name, value]) => `| ${name} | ${value} |`),
    '',
  ]
}

function row(finding: Finding): string {
  const field = finding.field ? `${code(finding.field)} (${finding.position})` : ''
  const count =
    finding.of === undefined ? thousands(finding.count) : `${thousands(finding.count)} of ${thousands(finding.of)}`
  const lines = finding.examples.map(example => example.line).join(', ')
  const more = finding.count > finding.examples.length && finding.examples.length > 0 ? ', ...' : ''
  return `| ${finding.severity} | ${code(finding.file)} | ${field} | ${count} | ${lines}${more} | ${escapeCell(describe(finding))} |`
}

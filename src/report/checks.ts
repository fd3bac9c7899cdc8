import type { DataChecks } from '../data/check-data.js'
import type { Finding, Findings } from '../data/findings.js'
import type { Annotation, Runner } from '../runner.js'
import { formatBytes, plural } from '../text.js'

// What the checks found, for the person reading the run: annotations (on the line, for workspace files), log
// lines, the `checks` output and the job summary's table. A finding never carries a cell's value.

/** GitHub shows at most 10 annotations of each kind per step; the step's own failure takes one error slot. */
const MAX_ERROR_ANNOTATIONS = 9
const MAX_WARNING_ANNOTATIONS = 10
/** Rows of findings in the job summary. */
const MAX_SUMMARY_ROWS = 50

/**
 * The first findings as annotations (with file and line when the file is in the workspace, so they appear on
 * the pull request's diff), the rest counted in one log line.
 */
export function annotateFindings(runner: Runner, findings: Findings, isWorkspaceFile: (file: string) => boolean): void {
  let errors = 0
  let warnings = 0
  for (const finding of findings.kept) {
    const error = finding.severity === 'error'
    if (error ? errors >= MAX_ERROR_ANNOTATIONS : warnings >= MAX_WARNING_ANNOTATIONS) continue
    if (error) errors += 1
    else warnings += 1
    const onFile = isWorkspaceFile(finding.file)
    const annotation: Annotation = {
      title: `Data check (${finding.rule})`,
      ...(onFile ? { file: finding.file } : {}),
      ...(onFile && finding.line !== undefined ? { line: finding.line } : {}),
      ...(onFile && finding.column !== undefined ? { column: finding.column } : {}),
    }
    const message = onFile ? finding.message : `${finding.file}: ${finding.message}`
    if (error) runner.error(message, annotation)
    else runner.warning(message, annotation)
  }
  const more = findings.total - errors - warnings
  if (more > 0) {
    runner.info(`${plural(more, 'more finding')} not annotated (GitHub shows 10 of each kind): see the job summary`)
  }
}

/** What was checked: the data, and (check-only) the dataset and the queue. */
export interface CheckResults {
  data: DataChecks
  datasetArn?: string
  queue?: { runningOnDataset: string[]; runningInRegion?: number }
}

/** The `checks` output: what was checked and found, as JSON. */
export function checksJson(results: CheckResults): string {
  const checks = results.data
  const { findings } = checks
  return JSON.stringify({
    dataset: results.datasetArn ?? null,
    queue: results.queue ?? null,
    datasetType: checks.datasetType ?? null,
    schema: checks.schema ? { source: checks.schemaSource, ...checks.schema } : null,
    data: checks.s3 ?? null,
    localData: checks.local ?? null,
    skipped: checks.skipped,
    errors: findings.errors,
    warnings: findings.warnings,
    findingsByRule: Object.fromEntries(findings.byRule),
    findings: findings.kept,
  })
}

/** The job summary's section on the checks. */
export function renderChecks(results: CheckResults): string {
  const checks = results.data
  const { findings } = checks
  const lines = ['### Checks', '']
  if (results.datasetArn)
    lines.push(`Dataset ${code(results.datasetArn)}${checks.datasetType ? ` (${checks.datasetType})` : ''}`, '')
  if (results.queue) {
    const { runningOnDataset, runningInRegion } = results.queue
    const onDataset = runningOnDataset.length === 0 ? 'none' : runningOnDataset.map(code).join(', ')
    const inRegion = runningInRegion === undefined ? 'not listed' : `${runningInRegion} of 5`
    lines.push(`Imports running on the dataset: ${onDataset}; in the region: ${inRegion}`, '')
  }
  if (checks.schema) {
    lines.push(
      `Schema ${code(checks.schema.name)}: ${checks.schema.fields.map(f => code(`${f.name}:${f.type}${f.nullable ? '?' : ''}`)).join(', ')}`,
      '',
    )
  }
  if (checks.s3) {
    const s3 = checks.s3
    lines.push(
      `${code(s3.location)}: ${plural(s3.objectsFound, 'object')} found, ${s3.objectsChecked} checked, ` +
        `${formatBytes(s3.bytesRead)} read, ${plural(s3.records, 'record')} checked${s3.complete ? ' (all of the data)' : ''}`,
      '',
    )
  }
  if (checks.local) {
    const local = checks.local
    lines.push(
      `local-data: ${plural(local.files.length, 'file')} checked in full, ${formatBytes(local.bytes)}, ` +
        `${plural(local.records, 'record')}`,
      '',
    )
  }
  for (const skipped of checks.skipped) lines.push(`- skipped: ${escapeCell(skipped)}`)
  if (checks.skipped.length > 0) lines.push('')
  lines.push(`**${plural(findings.errors, 'error')}, ${plural(findings.warnings, 'warning')}**`, '')
  if (findings.kept.length > 0) {
    lines.push('| | file | line | column | rule | finding |', '|---|---|---:|---:|---|---|')
    for (const finding of findings.kept.slice(0, MAX_SUMMARY_ROWS)) lines.push(row(finding))
    const rest = findings.total - Math.min(findings.kept.length, MAX_SUMMARY_ROWS)
    if (rest > 0) {
      const counts = [...findings.byRule].map(([rule, count]) => `${rule}: ${count}`).join(', ')
      lines.push('', `${plural(rest, 'more finding')} (all findings by rule: ${counts})`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

function row(finding: Finding): string {
  const mark = finding.severity === 'error' ? 'error' : 'warning'
  return `| ${mark} | ${code(finding.file)} | ${finding.line ?? ''} | ${finding.column ?? ''} | ${finding.rule} | ${escapeCell(finding.message)} |`
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``
}

function escapeCell(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[&<>|]/g, c => `&#${c.charCodeAt(0)};`)
}

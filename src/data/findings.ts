import { capText, thousands } from '../text.js'
import { RULES, type RuleId, type Scope, type Severity } from './rule-table.js'

// What the data checks found, one finding per cause: a group per file, rule and field, with its count, the first
// line, up to 5 example lines and the fix. A finding says the length or the kind of value found, never the value
// (data may be personal), so one mistake on 34,852 lines is one finding, not 34,852.

export type { Severity } from './rule-table.js'

/** A line where the finding occurs; `column` is the character column, used only to place an annotation. */
export interface Example {
  line: number
  column?: number
}

/** One occurrence, as the checks report it. */
export interface Occurrence {
  rule: RuleId
  /** `s3://bucket/key`, a workspace path, or what the finding is about (local-data, a dataset ARN). */
  file: string
  /** What was found, never a value. Value and record rules phrase it for many ("are not an int"). */
  what: string
  line?: number
  column?: number
  /** The field (column name) and its 1-based position in the header. */
  field?: string
  position?: number
  /** The field's Avro type, for the fix. */
  type?: string
  /** check-only: the rule's strict severity applies. */
  strict?: boolean
}

export interface Finding {
  severity: Severity
  rule: RuleId
  scope: Scope
  file: string
  field?: string
  position?: number
  /** Occurrences: values, records or 1. */
  count: number
  /** Records read in the file (value and record rules), for "12 of 9,742". */
  of?: number
  /** The first line where it occurs. */
  line?: number
  examples: Example[]
  what: string
  fix: string
  source: string
}

const MAX_EXAMPLES = 5
/** What a finding says is cut here: it may hold names and lists from a file of any shape. */
const MAX_WHAT = 2000

export class Findings {
  readonly list: Finding[] = []
  private readonly byKey = new Map<string, Finding>()

  /** Counts `occurrence` in its finding (file, rule, field), which it starts when it is the first. */
  add(occurrence: Occurrence): Finding {
    const key = keyOf(occurrence)
    const found = this.byKey.get(key)
    if (found) {
      again(found, occurrence.line, occurrence.column)
      return found
    }
    const finding = start(occurrence)
    this.byKey.set(key, finding)
    this.list.push(finding)
    return finding
  }

  /** Adds what another collection found (a file read by itself, such as one attempt at an S3 object). */
  merge(other: Findings): void {
    for (const finding of other.list) {
      const key = keyOf(finding)
      const found = this.byKey.get(key)
      if (found) {
        found.count += finding.count
        found.examples.push(...finding.examples.slice(0, MAX_EXAMPLES - found.examples.length))
        continue
      }
      this.byKey.set(key, finding)
      this.list.push(finding)
    }
  }

  /** Removes the findings `which` selects and returns them (their counts are about to be replaced). */
  take(which: (finding: Finding) => boolean): Finding[] {
    const taken = this.list.filter(which)
    for (const finding of taken) this.byKey.delete(keyOf(finding))
    const kept = this.list.filter(finding => !which(finding))
    this.list.splice(0, this.list.length, ...kept)
    return taken
  }

  /** A finding counted elsewhere (Athena): its count, first line and examples as given. */
  put(occurrence: Occurrence, count: number, of: number, examples: readonly Example[]): void {
    const finding = this.add(occurrence)
    finding.count = count
    finding.of = of
    finding.examples = examples.slice(0, MAX_EXAMPLES)
  }

  /** The records read in `file`, so value and record findings can say "N of M". */
  setRecords(file: string, records: number): void {
    for (const finding of this.list) {
      if (finding.file === file && (finding.scope === 'value' || finding.scope === 'record')) finding.of = records
    }
  }

  get errors(): number {
    return this.list.filter(finding => finding.severity === 'error').length
  }

  get warnings(): number {
    return this.list.length - this.errors
  }

  /** Errors first, then warnings, each in the order found. */
  sorted(): Finding[] {
    return [
      ...this.list.filter(finding => finding.severity === 'error'),
      ...this.list.filter(finding => finding.severity === 'warning'),
    ]
  }
}

/** A finding is one per file, rule and field. */
export function keyOf({ file, rule, field }: { file: string; rule: RuleId; field?: string | undefined }): string {
  return `${file}\u0000${rule}\u0000${field ?? ''}`
}

/** One more occurrence of a finding: counted, and kept as an example while there are fewer than 5. */
export function again(finding: Finding, line: number | undefined, column?: number): void {
  finding.count += 1
  if (line !== undefined && finding.examples.length < MAX_EXAMPLES) {
    finding.examples.push(column === undefined ? { line } : { line, column })
  }
}

function start(occurrence: Occurrence): Finding {
  const rule = RULES[occurrence.rule]
  const { line, column, field, position, type } = occurrence
  const strict: Severity | undefined = 'strict' in rule ? rule.strict : undefined
  return {
    severity: (occurrence.strict && strict) || rule.severity,
    rule: occurrence.rule,
    scope: rule.scope,
    file: occurrence.file,
    ...(field === undefined ? {} : { field }),
    ...(position === undefined ? {} : { position }),
    count: 1,
    ...(line === undefined ? {} : { line }),
    examples: line === undefined ? [] : [column === undefined ? { line } : { line, column }],
    what: capText(occurrence.what, MAX_WHAT),
    fix: rule.fix.replaceAll('{type}', type ?? 'its type'),
    source: rule.source,
  }
}

/**
 * The finding in one sentence, for the log, annotations and the summary: "34,852 of 34,853 TIMESTAMP values look
 * like milliseconds ... (lines 2, 3, 4, 5, 6, ...)" or "Line 1 lacks the columns ...", then the fix. A finding of
 * values or records names its lines: S3 data has no file to annotate, so the message is where the lines are.
 */
export function describe(finding: Finding): string {
  const what = finding.count === 1 ? singular(finding.what) : finding.what
  return `${[subject(finding), what].filter(Boolean).join(' ')}${lines(finding)}. ${finding.fix}`
}

function subject(finding: Finding): string {
  const { count, of, field, position, line, scope } = finding
  const total = of === undefined ? '' : ` of ${thousands(of)}`
  if (scope === 'value') {
    return `${thousands(count)}${total} ${field ?? 'field'} (field ${position}) ${count === 1 ? 'value' : 'values'}`
  }
  if (scope === 'record') {
    if (count === 1) return `Line ${line}`
    return `${thousands(count)}${total} records`
  }
  if (scope === 'header') return 'Line 1'
  return ''
}

/** " (line 57)", " (lines 57, 900, ...)": where a finding of values or records occurs (a record's line is its subject). */
function lines(finding: Finding): string {
  const { scope, examples, count } = finding
  if ((scope !== 'value' && scope !== 'record') || examples.length === 0) return ''
  if (scope === 'record' && count === 1) return ''
  const shown = examples.map(example => thousands(example.line)).join(', ')
  const more = count > examples.length ? ', ...' : ''
  return examples.length === 1 && count === 1 ? ` (line ${shown})` : ` (lines ${shown}${more})`
}

/**
 * The verbs value and record findings begin with, plural (for many) and singular (for one): "3 values are
 * empty", "1 value is empty", "Line 10 opens a quote".
 */
export const VERBS: Record<string, string> = {
  are: 'is',
  look: 'looks',
  have: 'has',
  open: 'opens',
  hold: 'holds',
  end: 'ends',
}

/** "are not an int" for one value: "is not an int". */
function singular(what: string): string {
  const space = what.indexOf(' ')
  const verb = VERBS[space < 0 ? what : what.slice(0, space)]
  return verb === undefined ? what : `${verb}${space < 0 ? '' : what.slice(space)}`
}

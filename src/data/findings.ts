// What the data checks found: each finding names the file (or S3 object), the line, the column and the rule,
// and says the length or the kind of value found, never the value itself (data may be personal).

export type Severity = 'error' | 'warning'

export interface Finding {
  severity: Severity
  /** A short rule id: missing-column, cell-count, type, ... */
  rule: string
  message: string
  /** `s3://bucket/key` or a workspace path. */
  file: string
  /** 1-based; the header is line 1. */
  line?: number
  /** 1-based character column within the line, where the cell starts. */
  column?: number
}

/** Findings kept in full; beyond this they are only counted. */
const MAX_KEPT_FINDINGS = 1000

/**
 * Collects findings: all are counted by severity and rule, the first MAX_KEPT_FINDINGS kept whole. Adding is
 * cheap either way, since a broken file can produce a finding on every one of millions of lines.
 */
export class Findings {
  readonly kept: Finding[] = []
  errors = 0
  warnings = 0
  readonly byRule = new Map<string, number>()

  add(finding: Finding): void {
    if (finding.severity === 'error') this.errors += 1
    else this.warnings += 1
    this.byRule.set(finding.rule, (this.byRule.get(finding.rule) ?? 0) + 1)
    if (this.kept.length < MAX_KEPT_FINDINGS) this.kept.push(finding)
  }

  /** Adds what another collection found (kept findings, counts and all). */
  merge(other: Findings): void {
    this.errors += other.errors
    this.warnings += other.warnings
    for (const [rule, count] of other.byRule) this.byRule.set(rule, (this.byRule.get(rule) ?? 0) + count)
    for (const finding of other.kept) if (this.kept.length < MAX_KEPT_FINDINGS) this.kept.push(finding)
  }

  /** Whether a finding would be kept whole (so its details, such as the column, are worth working out). */
  wantsDetail(): boolean {
    return this.kept.length < MAX_KEPT_FINDINGS
  }

  get total(): number {
    return this.errors + this.warnings
  }
}

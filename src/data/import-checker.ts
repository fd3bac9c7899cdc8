import type { Schema } from '../aws/schema.js'
import { thousands } from '../text.js'
import { Findings } from './findings.js'
import { checkChunks } from './read.js'
import { CsvChecker } from './rules.js'

// The rules across the files of one import, for S3 objects and workspace files alike: each file is read by its
// own checker, then joins the import (its findings, its record count, its header against the first file's). The
// readers of S3 and of the workspace only bring bytes.

/** Interactions imports need at least this many records (FULL or INCREMENTAL). */
export const MIN_INTERACTION_RECORDS = 1000

/** One file's check; it counts for the import only once `join`ed (an S3 read that failed is forgotten). */
export interface FileCheck {
  checker: CsvChecker
  findings: Findings
}

export class ImportChecker {
  /** Records of the files joined so far. */
  records = 0
  header: string[] | undefined
  private headerFile: string | undefined

  constructor(
    private readonly schema: Schema | undefined,
    /** INTERACTIONS, ITEMS, ... when known. */
    private readonly datasetType: string | undefined,
    readonly findings: Findings,
  ) {}

  /** Reads one file's bytes (`complete`: the whole file, so its last line counts without a line break). */
  async read(
    file: string,
    chunks: AsyncIterable<Uint8Array>,
    complete: boolean,
  ): Promise<FileCheck & { bytes: number }> {
    const findings = new Findings()
    const checker = new CsvChecker(this.schema, file, findings)
    const { bytes } = await checkChunks(chunks, checker, complete)
    return { checker, findings, bytes }
  }

  /** The file counts for the import: its findings, its records, and its header against the first file's. */
  join({ checker, findings }: FileCheck): void {
    findings.setRecords(checker.file, checker.records)
    this.findings.merge(findings)
    this.records += checker.records
    const header = checker.header
    if (!header) return
    if (!this.header) {
      this.header = header
      this.headerFile = checker.file
    } else if (header.join(',') !== this.header.join(',')) {
      this.findings.add({
        rule: 'header-mismatch',
        file: checker.file,
        line: 1,
        what: `Line 1 differs from the header of ${this.headerFile}`,
      })
    }
  }

  /** With every record read (`complete`), an import of interactions needs at least 1,000 of them. */
  finish(what: string, complete: boolean): void {
    const interactions = this.datasetType === 'INTERACTIONS' || this.datasetType === 'ACTION_INTERACTIONS'
    if (!interactions || !complete || this.records >= MIN_INTERACTION_RECORDS) return
    this.findings.add({
      rule: 'too-few-records',
      file: what,
      what:
        `${what} holds ${thousands(this.records)} ${this.records === 1 ? 'record' : 'records'} in all; ` +
        `an import of interactions needs at least ${thousands(MIN_INTERACTION_RECORDS)}`,
    })
  }
}

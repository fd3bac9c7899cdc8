import type { Schema } from '../aws/schema.js'
import { thousands } from '../text.js'
import { CrossFeed, type IdCollector } from './cross-check.js'
import { Findings } from './findings.js'
import { type DataProfile, ProfileCollector, type ProfileKind, trainingShortfalls } from './profile.js'
import { type ProfileThread, THREAD_MIN_BYTES, type ThreadedProfile } from './profile-thread.js'
import { checkChunks } from './read.js'
import { type ColumnRule, CsvChecker } from './rules.js'

// The rules across the files of one import, for S3 objects and workspace files alike: each file is read by its
// own checker, then joins the import (its findings, its record count, its header against the first file's). The
// readers of S3 and of the workspace only bring bytes.

/** Interactions imports need at least this many records (FULL or INCREMENTAL). */
const MIN_INTERACTION_RECORDS = 1000

/** One file's check; it counts for the import only once `join`ed (an S3 read that failed is forgotten). */
export interface FileCheck {
  checker: CsvChecker
  findings: Findings
  /** The file's part of the checks across datasets. */
  cross?: CrossFeed
  /** The file's profile; undefined when the profile's worker thread failed. */
  profile?: ProfileCollector | undefined
}

export class ImportChecker {
  /** Records of the files joined so far. */
  records = 0
  header: string[] | undefined
  /** How the first file's columns are checked, by their place in its header. */
  columns: ReadonlyArray<ColumnRule | undefined> = []
  /** The first file's header as it may be shown: none when its line 1 is data. */
  shownHeader: string[] | undefined
  private headerFile: string | undefined
  /** The profile of the files joined so far, when the dataset type says what to profile. */
  private profile: ProfileCollector | undefined
  /** Why the profile could not be made (its worker thread failed): then there is none. */
  profileLost: Error | undefined
  /** The checker of the file being read, for progress lines. */
  reading: CsvChecker | undefined

  constructor(
    private readonly schema: Schema | undefined,
    /** INTERACTIONS, ITEMS, ... when known. */
    private readonly datasetType: string | undefined,
    readonly findings: Findings,
    /** Profiles large files of interactions in a worker thread; without it, in this one. */
    private readonly thread?: ProfileThread,
    /** The dataset's part of the checks across a group's datasets. */
    private readonly collect?: IdCollector,
  ) {
    const kind = profileKind(datasetType)
    this.profile = kind ? new ProfileCollector(kind) : undefined
  }

  /**
   * Reads one file's bytes (`complete`: the whole file, so its last line counts without a line break); `size`, when
   * known, decides whether its profile is counted in the worker thread.
   */
  async read(
    file: string,
    chunks: AsyncIterable<Uint8Array>,
    complete: boolean,
    size = 0,
  ): Promise<FileCheck & { bytes: number }> {
    const findings = new Findings()
    const kind = this.profile?.kind
    const threaded = this.threaded(kind, size)
    const local = kind && !threaded ? new ProfileCollector(kind) : undefined
    const cross = this.collect ? new CrossFeed(this.collect) : undefined
    const checker = new CsvChecker(this.schema, file, findings, threaded ?? local, cross)
    this.reading = checker
    const { bytes } = await checkChunks(chunks, checker, complete, threaded).finally(() => {
      this.reading = undefined
    })
    const profile = threaded ? await threaded.collector() : local
    return { checker, findings, bytes, ...(kind ? { profile } : {}), ...(cross ? { cross } : {}) }
  }

  /** The file counts for the import: its findings, its records, and its header against the first file's. */
  join({ checker, findings, profile, cross }: FileCheck): void {
    findings.setRecords(checker.file, checker.records)
    cross?.commit()
    this.findings.merge(findings)
    this.records += checker.records
    if (profile) this.profile?.merge(profile)
    else if (this.profile && this.thread?.failed) this.profileLost = this.thread.failed
    const header = checker.header
    if (!header) return
    if (!this.header) {
      this.header = header
      this.columns = checker.columnRules
      this.shownHeader = checker.shownHeader
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

  /**
   * With every record read (`complete`): an import of interactions needs at least 1,000 of them, and data that
   * was read cleanly (no errors) below a training minimum is warned about. Returns the profile of what was read
   * (none when its worker thread failed: `profileLost` says why).
   */
  finish(what: string, complete: boolean): DataProfile | undefined {
    if (this.profileLost) {
      this.checkMinimumRecords(what, complete)
      return undefined
    }
    return this.finishWith(what, complete, this.profile?.result(complete ? 'all' : 'sample', this.records))
  }

  /** The same judgements on a profile made here or elsewhere (Athena's, of every record). */
  finishWith(what: string, complete: boolean, profile: DataProfile | undefined): DataProfile | undefined {
    this.checkMinimumRecords(what, complete)
    // Data with errors does not import as it is: what it would train is not judged (no warning beside an error).
    const shortfalls = profile && this.findings.errors === 0 ? trainingShortfalls(profile) : []
    if (shortfalls.length > 0) {
      this.findings.add({
        rule: 'training-minimum',
        file: what,
        what:
          `The import can succeed, but training a solution on this data fails unless earlier imports add more: ` +
          shortfalls.join('; '),
      })
    }
    return profile
  }

  /** A sink in the worker thread for a large file of interactions. */
  private threaded(kind: ProfileKind | undefined, size: number): ThreadedProfile | undefined {
    if (kind !== 'interactions' || !this.thread || size < THREAD_MIN_BYTES || this.thread.failed) return undefined
    return this.thread.file()
  }

  private checkMinimumRecords(what: string, complete: boolean): void {
    const interactions = profileKind(this.datasetType) === 'interactions'
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

export function profileKind(datasetType: string | undefined): ProfileKind | undefined {
  if (datasetType === 'INTERACTIONS' || datasetType === 'ACTION_INTERACTIONS') return 'interactions'
  if (datasetType === 'ITEMS' || datasetType === 'USERS' || datasetType === 'ACTIONS') return 'metadata'
  return undefined
}

import { globSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { Schema } from '../aws/schema.js'
import { plural, thousands } from '../text.js'
import { insideWorkspace } from '../workspace.js'
import type { IdCollector } from './cross-check.js'
import type { Findings } from './findings.js'
import { ImportChecker } from './import-checker.js'
import type { DataProfile } from './profile.js'
import { ProfileThread } from './profile-thread.js'

// Workspace files checked in full, streamed (memory stays flat whatever their size), with the same rules as S3
// objects: a pull request's data can be checked before it is merged, with findings on its lines.

/** Files checked at most, over all patterns; the files named beyond them are counted (up to MAX_LISTED_FILES). */
const MAX_LOCAL_FILES = 1000
const MAX_LISTED_FILES = 1_000_000
const CHUNK_BYTES = 1024 * 1024

export interface LocalFileReport {
  /** Relative to the workspace, as annotations need it. */
  path: string
  bytes: number
  records: number
}

export interface LocalDataReport {
  patterns: string[]
  files: LocalFileReport[]
  records: number
  bytes: number
  /** What the files hold (all of them were read). */
  profile?: DataProfile
}

export interface LocalCheckSettings {
  workspace: string
  patterns: string[]
  schema: Schema | undefined
  datasetType: string | undefined
  findings: Findings
  info(line: string): void
  /** A side matter that went wrong (the profile's worker thread): a warning, never the outcome. */
  warn(line: string): void
  /** check-only: files left unchecked are an error, not a warning. */
  strict: boolean
  /** Throws when the step is cancelled or out of time; called between chunks, so a large file cannot hold the step. */
  checkTime(): void
  /** Files checked at most (MAX_LOCAL_FILES). */
  maxFiles?: number
  /** The dataset's part of the checks across a group's datasets. */
  collect?: IdCollector
}

export async function checkLocalData(settings: LocalCheckSettings): Promise<LocalDataReport> {
  const report: LocalDataReport = { patterns: settings.patterns, files: [], records: 0, bytes: 0 }
  const maxFiles = settings.maxFiles ?? MAX_LOCAL_FILES
  const matched = resolvePatterns(settings)
  const paths = matched.slice(0, maxFiles)
  const leftOut = matched.length - paths.length
  settings.info(`Data checks: ${plural(paths.length, 'workspace file')} to check in full`)
  if (leftOut > 0) {
    settings.findings.add({
      rule: 'files-not-checked',
      file: 'local-data',
      strict: settings.strict,
      what: `local-data names ${thousands(matched.length)} files; the first ${thousands(maxFiles)} were checked and ${thousands(leftOut)} ${leftOut === 1 ? 'was' : 'were'} not`,
    })
  }
  const thread = new ProfileThread()
  const checker = new ImportChecker(settings.schema, settings.datasetType, settings.findings, thread, settings.collect)
  try {
    for (const path of paths) {
      const full = join(settings.workspace, path)
      const file = await checker.read(path, chunksOf(full, settings.checkTime), true, statSync(full).size)
      checker.join(file)
      report.files.push({ path, bytes: file.bytes, records: file.checker.records })
      report.bytes += file.bytes
    }
  } finally {
    await thread.close()
  }
  report.records = checker.records
  const profile = paths.length > 0 ? checker.finish('local-data', leftOut === 0) : undefined
  if (profile) report.profile = profile
  if (checker.profileLost) settings.warn(`The data profile was not made: ${checker.profileLost.message}`)
  return report
}

/**
 * The file's bytes through one reused buffer: nothing is allocated per chunk, so memory stays flat however large the
 * file (the reader keeps no reference to a chunk after it returns).
 */
async function* chunksOf(path: string, checkTime: () => void): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r')
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
    for (;;) {
      checkTime()
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null)
      if (bytesRead === 0) return
      yield buffer.subarray(0, bytesRead)
    }
  } finally {
    await file.close()
  }
}

/** The files the patterns name, inside the workspace, each once, in order; a pattern that names none is an error. */
function resolvePatterns(settings: LocalCheckSettings): string[] {
  const { workspace, findings } = settings
  const found = new Set<string>()
  for (const [index, pattern] of settings.patterns.entries()) {
    const matches = /[*?[{]/.test(pattern) ? globSync(pattern, { cwd: workspace }).sort() : [pattern]
    let files = 0
    for (const match of matches) {
      const path = checkedPath(workspace, match, findings, index)
      if (path === undefined) continue
      files += 1
      if (found.size < MAX_LISTED_FILES) found.add(path)
    }
    if (files === 0) {
      findings.add({
        rule: 'no-data',
        file: 'local-data',
        what: `local-data line ${index + 1} names no file in the workspace`,
      })
    }
  }
  return [...found]
}

/** A regular file inside the workspace (symlinks resolved), as a path relative to it; undefined otherwise. */
function checkedPath(workspace: string, match: string, findings: Findings, index: number): string | undefined {
  let real: string
  try {
    real = insideWorkspace(workspace, match)
  } catch (error) {
    if (/outside the workspace/.test((error as Error).message)) {
      findings.add({
        rule: 'outside-workspace',
        file: 'local-data',
        what: `local-data line ${index + 1} names a file outside the workspace (a symlink?): it is not read`,
      })
    }
    return undefined
  }
  if (!statSync(real).isFile()) return undefined
  return relative(insideWorkspace(workspace, '.'), real)
}

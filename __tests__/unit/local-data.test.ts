// Workspace files of local-data, read by the module itself: the cap on files (its count said, an error in
// check-only), and patterns that name nothing or leave the workspace.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { describe as describeFinding, Findings } from '../../src/data/findings.js'
import { checkLocalData } from '../../src/data/local.js'

const workspaces: string[] = []
afterAll(() => {
  for (const dir of workspaces) rmSync(dir, { recursive: true, force: true })
})

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-data-'))
  workspaces.push(dir)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
  return dir
}

async function check(dir: string, patterns: string[], options: { strict?: boolean; maxFiles?: number } = {}) {
  const findings = new Findings()
  const report = await checkLocalData({
    workspace: dir,
    patterns,
    schema: undefined,
    datasetType: undefined,
    findings,
    info: () => undefined,
    warn: () => undefined,
    checkTime: () => undefined,
    strict: options.strict ?? false,
    ...(options.maxFiles === undefined ? {} : { maxFiles: options.maxFiles }),
  })
  return { report, findings: findings.sorted().map(f => `${f.severity} ${f.rule}: ${describeFinding(f)}`) }
}

const files = (n: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`data/part-${i}.csv`, 'A,B\n1,2\n']))

describe('the cap on files', () => {
  test('files beyond it are a warning with their count; in check-only an error; at the cap, nothing', async () => {
    const three = workspace(files(3))
    expect((await check(three, ['data/*.csv'], { maxFiles: 2 })).findings).toEqual([
      'warning files-not-checked: local-data names 3 files; the first 2 were checked and 1 was not. Name fewer ' +
        'files in local-data (a narrower glob), or check them in several steps.',
    ])
    const strict = await check(three, ['data/*.csv'], { maxFiles: 2, strict: true })
    expect(strict.findings[0]).toMatch(/^error files-not-checked: /)
    const many = await check(workspace(files(5)), ['data/*.csv'], { maxFiles: 2 })
    expect(many.findings[0]).toContain('the first 2 were checked and 3 were not')
    const exact = await check(workspace(files(2)), ['data/*.csv'], { maxFiles: 2 })
    expect(exact.findings).toEqual([])
    expect(exact.report.files).toHaveLength(2)
  })
})

describe('patterns', () => {
  test('one that names no file is an error naming its line; a symlink out of the workspace is not read', async () => {
    const dir = workspace(files(1))
    const outside = workspace({ 'secret.csv': 'A,B\n1,2\n' })
    symlinkSync(join(outside, 'secret.csv'), join(dir, 'data', 'link.csv'))
    const { findings, report } = await check(dir, ['data/none-*.csv', 'data/link.csv'])
    expect(findings).toEqual([
      'error no-data: local-data line 1 names no file in the workspace. Upload the data, or correct the location ' +
        '(a folder ends with /).',
      'error outside-workspace: local-data line 2 names a file outside the workspace (a symlink?): it is not read. ' +
        'Name files inside the workspace.',
    ])
    expect(report.files).toEqual([])
  })
})

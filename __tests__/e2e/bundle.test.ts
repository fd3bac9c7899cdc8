// The end-to-end tests run dist/index.js; these show it is always the build of the current sources.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import { bundleState, stampPath } from '../../scripts/bundle-stamp.mjs'

test('the bundle under test is the build of the sources as they are now', () => {
  expect(bundleState(ROOT)).toBe('fresh')
})

test('a change to a message in src/ makes the bundle stale, so the global setup rebuilds it', () => {
  const copy = mkdtempSync(join(tmpdir(), 'stamp-'))
  for (const path of ['src', 'dist', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs']) {
    cpSync(join(ROOT, path), join(copy, path), { recursive: true })
  }
  cpSync(stampPath(ROOT), stampPath(copy))
  expect(bundleState(copy)).toBe('fresh')

  const start = join(copy, 'src', 'run', 'create.ts')
  const text = readFileSync(start, 'utf8')
  expect(text).toContain('Created import job')
  writeFileSync(start, text.replace('Created import job', 'Made import job'))
  expect(bundleState(copy)).toBe('sources changed since the last build')
})

test('an edited dist/ is not trusted either', () => {
  const copy = mkdtempSync(join(tmpdir(), 'stamp-'))
  for (const path of ['src', 'dist', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs']) {
    cpSync(join(ROOT, path), join(copy, path), { recursive: true })
  }
  cpSync(stampPath(ROOT), stampPath(copy))
  writeFileSync(join(copy, 'dist', 'index.js'), '// hand-edited\n', { flag: 'a' })
  expect(bundleState(copy)).toBe('dist/ changed since the last build')
})

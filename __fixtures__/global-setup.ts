import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { bundleState } from '../scripts/bundle-stamp.mjs'
import { NODE, ROOT } from './run-action.mjs'

// The end-to-end tests run dist/index.js as the runner does. Build it first unless it is already the build of
// the current sources (CI has just built it), so a change to src/ is always what the tests exercise.
export default function setup(): void {
  const version = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()
  if (Number(/^v(\d+)/.exec(version)?.[1]) < 24) {
    throw new Error(
      `The action runs on Node 24 (action.yml), but the tests found ${version} (${NODE}): install Node 24`,
    )
  }
  const state = bundleState(ROOT)
  if (state === 'fresh') return
  process.stdout.write(`Building dist/ (${state})\n`)
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' })
}

// `npm test`: the unit tests with the coverage of src/ (reported, with the floor in vitest.config.ts), then the
// end-to-end tests against the bundle. Two runs, so that coverage costs the unit tests only (the end-to-end files
// mostly wait on child processes). Arguments go to both; a JSON report file (--outputFile.json=F) is written per
// run, as F.unit.json and F.e2e.json. With ACTION_V8_COVERAGE (a folder; CI sets it) the bundle's runs write their
// V8 coverage there, and scripts/coverage.mjs joins it with the unit tests' and holds the floor of 90% of the lines
// of src/.
import { spawnSync } from 'node:child_process'
import { WORKERS } from '../__fixtures__/time-scale.mjs'

const args = process.argv.slice(2)
const forRun = (/** @type {string} */ project) =>
  args.map(arg => arg.replace(/^(--outputFile\.json=)(.+)$/, `$1$2.${project}.json`))

let status = 0
for (const [project, extra] of [
  ['unit', ['--coverage', `--maxWorkers=${WORKERS.unit}`]],
  ['e2e', [`--maxWorkers=${WORKERS.e2e}`]],
]) {
  const run = spawnSync('vitest', ['run', '--project', project, ...extra, ...forRun(project)], {
    stdio: 'inherit',
    shell: false,
  })
  status ||= run.status ?? 1
}
const raw = process.env.ACTION_V8_COVERAGE
if (raw && status === 0) {
  const coverage = spawnSync(process.execPath, ['scripts/coverage.mjs', raw, '--floor', '90'], { stdio: 'inherit' })
  status = coverage.status ?? 1
}
process.exit(status)

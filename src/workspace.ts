import { readFileSync, realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

// Files named by inputs resolve inside GITHUB_WORKSPACE, following symlinks, and may not leave it.

export function workspaceFileReader(workspace: string): (path: string) => string {
  return path => readFileSync(insideWorkspace(workspace, path), 'utf8')
}

/** The real path of `path` under `workspace`; throws when it does not exist or lies outside. */
export function insideWorkspace(workspace: string, path: string): string {
  const root = realpathSync(workspace)
  const candidate = resolve(root, path)
  // A path that leaves the workspace is refused as written, before anything about it is looked up.
  if (outside(root, candidate)) throw new Error('is outside the workspace (GITHUB_WORKSPACE)')
  let real: string
  try {
    real = realpathSync(candidate)
  } catch {
    throw new Error(`no such file in the workspace (${JSON.stringify(relative(root, candidate))})`)
  }
  // ...and again once symlinks are resolved.
  if (outside(root, real)) throw new Error('is outside the workspace (GITHUB_WORKSPACE)')
  return real
}

function outside(root: string, path: string): boolean {
  const inside = relative(root, path)
  return inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)
}

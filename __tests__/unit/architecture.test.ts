// The folder tree is the architecture: inputs -> config -> checks -> create -> wait -> report, with main.ts on
// top. A module imports only from its own folder or from a layer below it, never from one above.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../../__fixtures__/run-action.mjs'

const SRC = join(ROOT, 'src')

/** Lower layers first. A path is a file or a folder of src/. */
const LAYERS: string[][] = [
  ['text.ts', 'json.ts', 'failure.ts', 'outcome.ts', 'runner.ts', 'pacing.ts', 'workspace.ts'],
  ['aws'],
  ['config.ts'],
  ['inputs', 'wait', 'data'],
  ['admission', 'report'],
  ['run'],
  ['main.ts'],
  ['index.ts'],
]

const unitOf = (file: string): string => relative(SRC, file).split('/')[0] ?? ''
const layerOf = (unit: string): number => LAYERS.findIndex(layer => layer.includes(unit))

function internalImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map(m => resolve(dirname(file), m[1] ?? ''))
}

const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter(name => name.endsWith('.ts'))
  .map(name => join(SRC, name))

test('every module of src/ belongs to a layer', () => {
  expect(files.map(unitOf).filter(unit => layerOf(unit) < 0)).toEqual([])
})

test('no module imports from a layer above its own, nor from another folder of its layer', () => {
  const violations: string[] = []
  for (const file of files) {
    const from = unitOf(file)
    for (const target of internalImports(file)) {
      const to = unitOf(target.replace(/\.js$/, '.ts'))
      if (to === from) continue
      if (layerOf(to) >= layerOf(from)) violations.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`)
    }
  }
  expect(violations).toEqual([])
})

test('no file in the tree imports a package through a node_modules/ path', () => {
  const trees = ['src', '__tests__', '__fixtures__', 'emulator', 'scripts']
  const offenders = trees.flatMap(tree =>
    readdirSync(join(ROOT, tree), { recursive: true })
      .map(String)
      .filter(name => /\.(ts|mjs|js)$/.test(name))
      .filter(name => /from '[./]*node_modules\//.test(readFileSync(join(ROOT, tree, name), 'utf8')))
      .map(name => join(tree, name)),
  )
  expect(offenders).toEqual([])
})

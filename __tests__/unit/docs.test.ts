import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { updateReadme } from '../../scripts/readme-tables.mjs'
import { actionYml, ROOT } from '../../scripts/run-action.mjs'

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

test('the README inputs and outputs tables are the ones action.yml generates', () => {
  const readme = read('README.md')
  expect(updateReadme(readme)).toBe(readme)
})

test('action.yml declares exactly the inputs the action reads', () => {
  const source = read('src/inputs.ts')
  const read_ = new Set([...source.matchAll(/input\('([a-z0-9-]+)'/g)].map(m => m[1]))
  const listed = new Set(
    [...source.matchAll(/CREATE_INPUTS = \[([^\]]+)\]/g)].flatMap(m =>
      [...(m[1] ?? '').matchAll(/'([a-z0-9-]+)'/g)].map(n => n[1]),
    ),
  )
  expect([...new Set([...read_, ...listed])].sort()).toEqual(Object.keys(actionYml.inputs).sort())
})

test('action.yml runs the committed bundle on Node 24', () => {
  expect(read('action.yml')).toMatch(/runs:\n {2}using: 'node24'\n {2}main: 'dist\/index.js'/)
})

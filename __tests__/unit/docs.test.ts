import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { actionYml, ROOT } from '../../__fixtures__/run-action.mjs'
import { DOCUMENTS, updateDocument } from '../../scripts/readme-tables.mjs'
import { INPUTS } from '../../src/inputs/names.js'
import { OUTPUTS } from '../../src/report/outputs.js'

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')

test.each(Object.keys(DOCUMENTS))(
  'the generated tables of %s are the ones action.yml and the rule table make',
  path => {
    const text = read(path)
    expect(updateDocument(path, text)).toBe(text)
  },
)

test('the README reads in five minutes: at most 300 lines, and every document it links exists', () => {
  const readme = read('README.md')
  expect(readme.split('\n').length).toBeLessThanOrEqual(300)
  for (const [, target] of readme.matchAll(/\]\(((?:docs\/|examples\/)?[\w./-]+\.(?:md|yml))\)/g)) {
    expect(() => read(target ?? ''), target).not.toThrow()
  }
})

test('action.yml declares exactly the inputs the action reads, and the outputs it writes', () => {
  expect(Object.keys(actionYml.inputs).sort()).toEqual(Object.values(INPUTS).sort())
  expect(Object.keys(actionYml.outputs).sort()).toEqual(Object.values(OUTPUTS).sort())
})

test('action.yml runs the committed bundle on Node 24', () => {
  expect(read('action.yml')).toMatch(/runs:\n {2}using: 'node24'\n {2}main: 'dist\/index.js'/)
})

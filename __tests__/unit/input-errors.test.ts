// Hostile and sloppy input in process: each case exits 1 with one ::error naming the input,
// prints no stack trace, leaks no tag value, and sends nothing to the emulator.

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BAD_INPUTS, SECRET } from '../../__fixtures__/bad-inputs.js'
import { emulatorWithDatasets } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

let emulator: PersonalizeEmulator
beforeAll(async () => {
  emulator = await emulatorWithDatasets()
})
afterAll(async () => {
  // Not one request from any case below may have reached the emulator.
  expect(emulator.requests).toEqual([])
  await emulator.close()
})

// The process boundary for a few cases of the table: the forged command, tag values, workspace files, the
// environment, and YAML (a chunk of the bundle loaded on demand). All cases run in-process in the unit tests.
const names = [
  'dataset-arn with a forged workflow command',
  'job-name with a percent-encoded newline',
  '201 tags',
  'a tag value outside the pattern',
  'cli-input-json naming a file outside the workspace',
  'cli-input-json file of 3 MB',
  'cli-input-yaml with a bad member value',
  'AWS_REGION of another region than the dataset',
]
const cases = BAD_INPUTS.filter(c => names.includes(c.name))

test('the cases chosen exist in the table', () => {
  expect(cases.map(c => c.name).sort()).toEqual([...names].sort())
})

describe.concurrent('bad input never reaches AWS', () => {
  test.each(cases)('$name', async ({ inputs, input, rule, files, env }) => {
    const run = await runAction({
      emulator,
      inputs,
      ...(env ? { env } : {}),
      ...(files ? { workspaceFiles: files } : {}),
    })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    const error = run.errors[0] ?? ''
    expect(error.startsWith(`Input ${input} `)).toBe(true)
    if (typeof rule === 'string') expect(error).toContain(rule)
    else expect(error).toMatch(rule)
    expect(run.stdout).toContain('::error title=Invalid input::')
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
    expect(`${run.stdout}${run.stderr}`).not.toContain(SECRET)
    // No value can forge a command: the only lines starting with :: are the error itself.
    expect(run.stdout.split('\n').filter(line => line.startsWith('::'))).toEqual([
      run.stdout.split('\n').find(line => line.startsWith('::error')),
    ])
    expect(run.outputs).toEqual({})
  })
})

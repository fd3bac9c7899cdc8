// The same request as the AWS CLI: for every recorded case, the action's CreateDatasetImportJob body must
// equal (as parsed JSON) the body the real CLI sent (__fixtures__/cli-requests.json, recorded by
// `npm run record:cli-fixtures`).

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { describe, expect, test } from 'vitest'
import { CLI_CASES, DATASET } from '../../__fixtures__/cli-cases.mjs'
import { emulatorPerTest, jobArn, LOCATION } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

interface Fixtures {
  cases: Record<string, unknown>
  skeletons: { input: unknown; 'yaml-input': string }
}
const fixtures = JSON.parse(readFileSync(join(ROOT, '__fixtures__', 'cli-requests.json'), 'utf8')) as Fixtures

const fresh = emulatorPerTest(DATASET)
/** An emulator of its own for each test (so they run at once), with a completed bulk import for INCREMENTAL. */
async function emulatorWithBulkImport(): Promise<PersonalizeEmulator> {
  const emulator = await fresh()
  emulator.addJob({ jobName: 'earlier-bulk-import', datasetArn: DATASET, ageMs: 60_000 })
  return emulator
}

test('every case of the table has a recorded CLI request, and no recording is stale', () => {
  expect(Object.keys(fixtures.cases).sort()).toEqual(CLI_CASES.map(c => c.name).sort())
})

describe.concurrent('the action sends the body the AWS CLI sends', () => {
  test.each(CLI_CASES.map(c => [c.name, c] as const))('%s', async (name, testCase) => {
    const emulator = await emulatorWithBulkImport()
    const run = await runAction({
      emulator,
      inputs: { ...testCase.inputs, wait: 'false' },
      ...(testCase.files ? { workspaceFiles: testCase.files } : {}),
    })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const creates = emulator.requestsFor('CreateDatasetImportJob')
    expect(creates).toHaveLength(1)
    expect(creates[0]?.body).toStrictEqual(fixtures.cases[name])
  })
})

describe.concurrent('generate-cli-skeleton sends nothing and succeeds', () => {
  test('yaml-input prints the YAML skeleton the CLI prints', async () => {
    const emulator = await fresh()
    const run = await runAction({ emulator, inputs: { 'generate-cli-skeleton': 'yaml-input' } })
    expect(run.code).toBe(0)
    expect(load(run.outputs.skeleton ?? '')).toEqual(load(fixtures.skeletons['yaml-input']))
    expect(emulator.requests).toHaveLength(0)
  })

  test('output validates the inputs and prints the response the job would get (a dry run)', async () => {
    const emulator = await fresh()
    const run = await runAction({
      emulator,
      inputs: {
        'generate-cli-skeleton': 'output',
        'dataset-arn': DATASET,
        'data-location': LOCATION,
        'job-name': 'dry',
      },
    })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.skeleton ?? '')).toEqual({ datasetImportJobArn: jobArn('dry') })
    expect(run.outputs['job-arn']).toBeUndefined()
    expect(emulator.requests).toHaveLength(0)
  })

  test('output still rejects bad input', async () => {
    const emulator = await fresh()
    const run = await runAction({
      emulator,
      inputs: { 'generate-cli-skeleton': 'output', 'dataset-arn': DATASET, 'data-location': 's3:///nobucket' },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringMatching(/^Input data-location must name a bucket/)])
    expect(emulator.requests).toHaveLength(0)
  })
})

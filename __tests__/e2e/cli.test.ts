// The same request as the AWS CLI: for every recorded case, the action's CreateDatasetImportJob body must
// equal (as parsed JSON) the body the real CLI sent (__fixtures__/cli-requests.json, recorded by
// `npm run record:cli-fixtures`).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DATASET } from '../../__fixtures__/cli-cases.mjs'
import { emulatorPerTest, runAction } from '../../__fixtures__/harness.js'
import { ROOT } from '../../__fixtures__/run-action.mjs'

interface Fixtures {
  cases: Record<string, unknown>
  skeletons: { input: unknown; 'yaml-input': string }
}
const fixtures = JSON.parse(readFileSync(join(ROOT, '__fixtures__', 'cli-requests.json'), 'utf8')) as Fixtures

const fresh = emulatorPerTest(DATASET)

describe.concurrent('generate-cli-skeleton sends nothing and succeeds', () => {
  test('input prints the JSON skeleton the CLI prints', async () => {
    const emulator = await fresh()
    const run = await runAction({ emulator, inputs: { 'generate-cli-skeleton': 'input' } })
    expect(run.code).toBe(0)
    expect(JSON.parse(run.outputs.skeleton ?? '')).toEqual(fixtures.skeletons.input)
    expect(run.stdout).toContain('"publishAttributionMetricsToS3": true')
    expect(emulator.requests).toHaveLength(0)
  })
})

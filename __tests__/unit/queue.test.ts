// Pre-flight checks and queueing in process, where the emulator's own rules matter (one running import per
// dataset, 5 per region, two processes racing). The subtle paths are unit-tested in __tests__/unit/admission.

import { describe, expect, test } from 'vitest'
import { ACCOUNT, DATASET, emulatorPerTest, importInputs, jobArn } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

const started = emulatorPerTest()
async function fresh(): Promise<PersonalizeEmulator> {
  const emulator = await started()
  emulator.defaultScript = { pendingReads: 1, inProgressReads: 1, outcome: 'ACTIVE' }
  return emulator
}

const inputs = importInputs
const operations = (emulator: PersonalizeEmulator) => emulator.requests.map(r => r.operation)
const datasetArn = (group: string, type = 'INTERACTIONS') =>
  `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/${group}/${type}`

describe('pre-flight', () => {
  test.concurrent('a dataset that does not exist fails in one call, naming the ARN and the region', async () => {
    const emulator = await fresh()
    const missing = datasetArn('missing')
    const run = await runAction({ emulator, inputs: inputs('x', { 'dataset-arn': missing }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining(`Dataset ${missing} was not found in region us-east-1. Check dataset-arn, the region`),
    ])
    expect(operations(emulator)).toEqual(['DescribeDataset'])
  })

  test.concurrent('preflight: false sends no pre-flight call', async () => {
    const emulator = await fresh()
    const run = await runAction({ emulator, inputs: inputs('unchecked', { preflight: 'false' }) })
    expect(run.code).toBe(0)
    expect(operations(emulator)).not.toContain('DescribeDataset')
    expect(operations(emulator)).not.toContain('ListDatasetImportJobs')
  })
})

describe('queueing', () => {
  // Jobs ahead run until the test ends them, once the action is seen waiting for them: no race with the clock.
  test.concurrent('if-busy: wait queues behind the import running on the dataset, then creates', async () => {
    const emulator = await fresh()
    emulator.addJob({ jobName: 'first-import', datasetArn: DATASET, hold: true })
    const running = runAction({ emulator, inputs: inputs('second-import') })
    await emulator.requested('DescribeDatasetImportJob', 2)
    expect(emulator.jobs.has(jobArn('second-import'))).toBe(false)
    emulator.finishJob('first-import')
    const run = await running
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'Import job first-import is CREATE PENDING on this dataset: waiting for it to end before creating ours (if-busy: wait)',
    )
    expect(run.stdout).toContain('Import job first-import ended ACTIVE; creating ours')
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test.concurrent('a full regional quota (5 running imports) is waited out, then the import is created', async () => {
    const emulator = await fresh()
    for (let i = 0; i < 5; i++) {
      const other = datasetArn(`group${i}`, 'ITEMS')
      emulator.addDataset({ arn: other })
      emulator.addJob({ jobName: `elsewhere-${i}`, datasetArn: other, hold: true })
    }
    const running = runAction({ emulator, inputs: inputs('after-quota') })
    await emulator.requested('CreateDatasetImportJob', 2)
    emulator.finishJob('elsewhere-3')
    const run = await running
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'Waiting for a free slot: region us-east-1 has 5 imports pending or in progress (the quota)',
    )
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test.concurrent('ResourceInUseException from Create (pre-flight off) is queued behind the running job', async () => {
    const emulator = await fresh()
    emulator.addJob({ jobName: 'racing', datasetArn: DATASET, hold: true })
    const running = runAction({ emulator, inputs: inputs('after-race', { preflight: 'false' }) })
    await emulator.requested('DescribeDatasetImportJob')
    emulator.finishJob('racing')
    const run = await running
    expect(run.code).toBe(0)
    expect(operations(emulator).slice(0, 2)).toEqual(['CreateDatasetImportJob', 'ListDatasetImportJobs'])
    expect(run.stdout).toContain('Import job racing is CREATE')
    expect(run.outputs.status).toBe('ACTIVE')
  })
})

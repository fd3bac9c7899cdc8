// Pre-flight checks and queueing end to end: the emulator models the service's own rules (dataset status,
// INCREMENTAL only after a completed bulk import, one running import per dataset, 5 per region).
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import {
  ACCOUNT,
  DATASET,
  emulatorWithDatasets,
  ITEMS_DATASET,
  jobArn,
  LOCATION,
  runAction,
} from '../../__fixtures__/harness.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

let emulator: PersonalizeEmulator
beforeAll(async () => {
  emulator = await emulatorWithDatasets()
})
afterAll(async () => emulator.close())
beforeEach(() => {
  emulator.reset()
  emulator.defaultScript = { pendingMs: 200, inProgressMs: 800, outcome: 'ACTIVE' }
})

const inputs = (name: string, extra: Record<string, string> = {}) => ({
  'dataset-arn': DATASET,
  'data-location': LOCATION,
  'job-name': name,
  'poll-interval-seconds': '1',
  ...extra,
})
const operations = () => emulator.requests.map(r => r.operation)
const datasetArn = (group: string, type = 'INTERACTIONS') =>
  `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/${group}/${type}`

describe('pre-flight', () => {
  test('a dataset that does not exist fails in one call, naming the ARN and the region', async () => {
    const missing = datasetArn('missing')
    const run = await runAction({ emulator, inputs: inputs('x', { 'dataset-arn': missing }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      `Dataset ${missing} does not exist in region us-east-1. Check dataset-arn, the region and that the credentials belong to its account.`,
    ])
    expect(operations()).toEqual(['DescribeDataset'])
  })

  test('a dataset still being created is waited for, then the import runs', async () => {
    const fresh = datasetArn('fresh')
    emulator.addDataset({
      arn: fresh,
      statusSequence: [
        { status: 'CREATE PENDING', ms: 1000 },
        { status: 'CREATE IN_PROGRESS', ms: 1500 },
      ],
    })
    const run = await runAction({ emulator, inputs: inputs('after-dataset', { 'dataset-arn': fresh }) })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /Dataset is CREATE (PENDING|IN_PROGRESS): waiting for it to become ACTIVE before importing/,
    )
    expect(run.stdout).toMatch(/\] dataset: ACTIVE/)
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test('a dataset that failed to create fails the step before any Create', async () => {
    const broken = datasetArn('broken')
    emulator.addDataset({ arn: broken, status: 'CREATE FAILED' })
    const run = await runAction({ emulator, inputs: inputs('x', { 'dataset-arn': broken }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining(`Dataset ${broken} is CREATE FAILED; only an ACTIVE dataset can receive imports`),
    ])
    expect(operations()).not.toContain('CreateDatasetImportJob')
  })

  test('INCREMENTAL without a completed bulk import fails in seconds with the service rule', async () => {
    emulator.addJob({
      jobName: 'failed-bulk',
      datasetArn: DATASET,
      pendingMs: 0,
      inProgressMs: 0,
      outcome: 'CREATE FAILED',
      ageMs: 60_000,
    })
    const run = await runAction({ emulator, inputs: inputs('x', { 'import-mode': 'INCREMENTAL' }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('You can only specify FULL until a bulk import has completed')])
    expect(run.errors[0]).toContain('1 import jobs, none ACTIVE')
    expect(operations()).toEqual(['DescribeDataset', 'ListDatasetImportJobs'])
  })

  test('INCREMENTAL after a completed bulk import goes ahead', async () => {
    emulator.addJob({ jobName: 'bulk', datasetArn: DATASET, pendingMs: 0, inProgressMs: 0, ageMs: 60_000 })
    const run = await runAction({ emulator, inputs: inputs('append', { 'import-mode': 'incremental' }) })
    expect(run.code).toBe(0)
    expect(run.warnings).toEqual([])
  })

  test('an unset import-mode on a dataset with bulk data warns that FULL replaces it; an explicit FULL does not', async () => {
    emulator.addJob({ jobName: 'bulk', datasetArn: DATASET, pendingMs: 0, inProgressMs: 0, ageMs: 60_000 })
    const implicit = await runAction({ emulator, inputs: inputs('implicit-full') })
    expect(implicit.code).toBe(0)
    expect(implicit.warnings).toEqual([
      expect.stringContaining('import-mode is not set, so the service default FULL replaces all bulk data'),
    ])
    const explicit = await runAction({ emulator, inputs: inputs('explicit-full', { 'import-mode': 'FULL' }) })
    expect(explicit.warnings).toEqual([])
  })

  test('without permission for the pre-flight calls, it is skipped with warnings and the import still runs', async () => {
    emulator.addFault({ operation: 'DescribeDataset', kind: 'denied' })
    emulator.addFault({ operation: 'ListDatasetImportJobs', kind: 'denied' })
    const run = await runAction({ emulator, inputs: inputs('no-preflight-rights') })
    expect(run.code).toBe(0)
    expect(run.warnings).toEqual([
      expect.stringContaining('lack personalize:DescribeDataset'),
      expect.stringContaining('lack personalize:ListDatasetImportJobs'),
    ])
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test('preflight: false sends no pre-flight call', async () => {
    const run = await runAction({ emulator, inputs: inputs('unchecked', { preflight: 'false' }) })
    expect(run.code).toBe(0)
    expect(operations()).not.toContain('DescribeDataset')
    expect(operations()).not.toContain('ListDatasetImportJobs')
  })
})

describe('queueing', () => {
  test('if-busy: wait queues behind the import running on the dataset, then creates', async () => {
    emulator.addJob({ jobName: 'first-import', datasetArn: DATASET, pendingMs: 300, inProgressMs: 2500 })
    const run = await runAction({ emulator, inputs: inputs('second-import') })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(
      /Import job first-import is CREATE (PENDING|IN_PROGRESS) on this dataset: waiting for it to end before creating ours \(if-busy: wait\)/,
    )
    expect(run.stdout).toContain('Import job first-import ended ACTIVE; creating ours')
    expect(run.outputs.status).toBe('ACTIVE')
    const first = emulator.jobs.get(jobArn('first-import'))
    const second = emulator.jobs.get(jobArn('second-import'))
    expect(second?.createdAt).toBeGreaterThanOrEqual((first?.createdAt ?? Number.NaN) + 2800)
  })

  test('if-busy: fail fails at once, naming the running job', async () => {
    emulator.addJob({ jobName: 'first-import', datasetArn: DATASET, pendingMs: 60_000 })
    const run = await runAction({ emulator, inputs: inputs('second-import', { 'if-busy': 'fail' }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining(
        `Import job first-import (${jobArn('first-import')}) is CREATE PENDING on dataset ${DATASET}, and if-busy is fail`,
      ),
    ])
    expect(operations()).not.toContain('CreateDatasetImportJob')
  })

  test('a full regional quota (5 running imports) is waited out, then the import is created', async () => {
    for (let i = 0; i < 5; i++) {
      const other = datasetArn(`group${i}`, 'ITEMS')
      emulator.addDataset({ arn: other })
      emulator.addJob({ jobName: `elsewhere-${i}`, datasetArn: other, pendingMs: 500, inProgressMs: 4000 })
    }
    const run = await runAction({ emulator, inputs: inputs('after-quota') })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'Waiting for a free slot: region us-east-1 has 5 imports pending or in progress (the quota)',
    )
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test('a full regional quota with if-busy: fail explains the quota', async () => {
    for (let i = 0; i < 5; i++)
      emulator.addJob({ jobName: `elsewhere-${i}`, datasetArn: ITEMS_DATASET, pendingMs: 60_000 })
    const run = await runAction({ emulator, inputs: inputs('x', { 'if-busy': 'fail' }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('at most 5 import jobs pending or in progress per region')])
  })

  test('ResourceInUseException from Create (pre-flight off) is queued behind the running job', async () => {
    emulator.addJob({ jobName: 'racing', datasetArn: DATASET, pendingMs: 300, inProgressMs: 1000 })
    const run = await runAction({ emulator, inputs: inputs('after-race', { preflight: 'false' }) })
    expect(run.code).toBe(0)
    expect(operations().slice(0, 2)).toEqual(['CreateDatasetImportJob', 'ListDatasetImportJobs'])
    expect(run.stdout).toContain('Import job racing is CREATE')
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test('without permission to list, ResourceInUseException is retried after pauses and the warning comes once', async () => {
    emulator.addJob({ jobName: 'blind-spot', datasetArn: DATASET, pendingMs: 300, inProgressMs: 2500 })
    emulator.addFault({ operation: 'ListDatasetImportJobs', kind: 'denied' })
    const run = await runAction({ emulator, inputs: inputs('after-blind-spot', { preflight: 'false' }) })
    expect(run.code).toBe(0)
    expect(run.warnings).toEqual([expect.stringContaining('lack personalize:ListDatasetImportJobs')])
    expect(emulator.requestsFor('ListDatasetImportJobs')).toHaveLength(1)
    expect(emulator.requestsFor('CreateDatasetImportJob').length).toBeGreaterThan(1)
    expect(run.stdout).toContain('Waiting for a free slot: the dataset is in use')
  })

  test('a queue that does not clear before the timeout fails, saying nothing was created', async () => {
    emulator.addJob({ jobName: 'endless', datasetArn: DATASET, pendingMs: 600_000 })
    const run = await runAction({ emulator, inputs: inputs('never', { 'wait-timeout-minutes': '0.04' }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^Gave up after 2s \(wait-timeout-minutes\) waiting for import job endless .*No import job was created\.$/,
      ),
    ])
    expect(run.outputs).toEqual({})
  })

  test('a second workflow started while the first one imports: both imports end ACTIVE, one after the other', async () => {
    emulator.defaultScript = { pendingMs: 300, inProgressMs: 1500, outcome: 'ACTIVE' }
    const first = runAction({ emulator, inputs: inputs('workflow-1') })
    while (!emulator.jobs.has(jobArn('workflow-1'))) await new Promise(resolve => setTimeout(resolve, 20))
    const second = runAction({ emulator, inputs: inputs('workflow-2'), env: { GITHUB_RUN_ID: '2' } })
    const [a, b] = await Promise.all([first, second])
    expect([a.code, b.code]).toEqual([0, 0])
    expect([a.outputs.status, b.outputs.status]).toEqual(['ACTIVE', 'ACTIVE'])
    expect(b.stdout).toContain('Import job workflow-1 is CREATE')
    const one = emulator.jobs.get(jobArn('workflow-1'))
    const two = emulator.jobs.get(jobArn('workflow-2'))
    expect(two?.createdAt).toBeGreaterThanOrEqual((one?.createdAt ?? Number.NaN) + 1800)
  })
})

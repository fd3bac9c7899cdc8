// Waiting in process in process (run() with the real SDK clients): outcomes, faults, re-runs, attach and cancellation.

import { describe, expect, test } from 'vitest'
import { DATASET, emulatorPerTest, importInputs, jobArn, LOCATION } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

const fresh = emulatorPerTest()

const inputs = importInputs
const describes = (emulator: PersonalizeEmulator) => emulator.requestsFor('DescribeDatasetImportJob').length

test.concurrent('wait: false makes one Create and one Describe and reports the status read', async () => {
  const emulator = await fresh()
  emulator.scriptJob('later', { hold: true })
  const run = await runAction({ emulator, inputs: inputs('later', { wait: 'false', preflight: 'false' }) })
  expect(run.code).toBe(0)
  expect(emulator.requests.map(r => r.operation)).toEqual(['CreateDatasetImportJob', 'DescribeDatasetImportJob'])
  expect(run.outputs).toMatchObject({ 'job-arn': jobArn('later'), status: 'CREATE PENDING', 'failure-reason': '' })
  expect(run.stdout).toContain(`follow it with job-arn: ${jobArn('later')}`)
})

describe('faults while waiting', () => {
  test.concurrent('throttling on every other Describe and connection resets never fail the wait', async () => {
    const emulator = await fresh()
    emulator.scriptJob('throttled', { pendingReads: 1, inProgressReads: 2 })
    emulator.addFault({ operation: 'DescribeDatasetImportJob', kind: 'reset', times: 2 })
    emulator.addFault({ operation: 'DescribeDatasetImportJob', kind: 'throttle', every: 2 })
    const run = await runAction({ emulator, inputs: inputs('throttled') })
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(emulator.faults.faults.map(fault => fault.applied)).toEqual([2, expect.any(Number)])
    expect(emulator.faults.faults[1]?.applied).toBeGreaterThanOrEqual(1)
  })

  test.concurrent('AccessDenied on Describe fails at once, with the ARN', async () => {
    const emulator = await fresh()
    emulator.addFault({ operation: 'DescribeDatasetImportJob', kind: 'denied' })
    const run = await runAction({ emulator, inputs: inputs('no-describe') })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining("Grant the workflow's role personalize:DescribeDatasetImportJob"),
    ])
    expect(run.errors[0]).toContain(`Import job: ${jobArn('no-describe')}`)
    expect(run.outputs).toMatchObject({ 'job-arn': jobArn('no-describe'), status: '' })
    expect(describes(emulator)).toBe(1)
  })

  test.concurrent('wait: false with pre-flight on adds only the dataset checks', async () => {
    const emulator = await fresh()
    const run = await runAction({ emulator, inputs: inputs('later-checked', { wait: 'false' }) })
    expect(run.code).toBe(0)
    expect(emulator.requests.map(r => r.operation)).toEqual([
      'DescribeDataset',
      'ListDatasetImportJobs',
      'CreateDatasetImportJob',
      'DescribeDatasetImportJob',
    ])
  })
})

describe('re-runs end with one job', () => {
  test.concurrent('a re-run with the same job name attaches to the matching job', async () => {
    const emulator = await fresh()
    emulator.addJob({
      jobName: 'fixed-name',
      datasetArn: DATASET,
      dataLocation: LOCATION,
      ageMs: 5000,
    })
    const run = await runAction({ emulator, inputs: inputs('fixed-name') })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('::notice title=Attached to existing import job::')
    // How old the adopted job is, so a fixed job-name reused on another day does not pass unnoticed.
    expect(run.notices).toEqual([
      expect.stringMatching(/\(created \d{4}-\d\d-\d\dT[\d:.]+Z, ACTIVE\).*To import again, use a new job-name\.$/),
    ])
    expect(emulator.jobs.size).toBe(1)
    expect(run.outputs).toMatchObject({ 'job-arn': jobArn('fixed-name'), status: 'ACTIVE' })
  })

  test.concurrent('a job name taken by another import fails, naming the conflict and the fix', async () => {
    const emulator = await fresh()
    emulator.addJob({ jobName: 'taken', datasetArn: DATASET, dataLocation: 's3://retail-data/older.csv' })
    const run = await runAction({ emulator, inputs: inputs('taken') })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('its data location is s3://retail-data/older.csv')])
    expect(run.errors[0]).toContain('choose another job-name')
    expect(run.outputs['job-arn']).toBeUndefined()
  })
})

describe('job-arn attaches to an existing job', () => {
  test.concurrent('waits for it and reports it, creating nothing', async () => {
    const emulator = await fresh()
    emulator.addJob({
      jobName: 'made-earlier',
      datasetArn: DATASET,
      dataLocation: LOCATION,
      pendingReads: 1,
      inProgressReads: 1,
    })
    const run = await runAction({
      emulator,
      inputs: { 'job-arn': jobArn('made-earlier'), 'poll-interval-seconds': '1' },
    })
    expect(run.code).toBe(0)
    expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(0)
    expect(run.outputs).toMatchObject({
      'job-arn': jobArn('made-earlier'),
      'job-name': 'made-earlier',
      status: 'ACTIVE',
    })
    expect(run.summary).toContain(`| Data location | \`${LOCATION}\` |`)
  })

  test.concurrent('a job that does not exist fails with what to check', async () => {
    const emulator = await fresh()
    const run = await runAction({ emulator, inputs: { 'job-arn': jobArn('never-made') } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining(`No import job ${jobArn('never-made')} exists in region us-east-1`),
    ])
  })
})

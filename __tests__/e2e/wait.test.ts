// Waiting end to end through dist/index.js: outcomes, faults, re-runs, attach and cancellation.
import { describe, expect, test } from 'vitest'
import { DATASET, emulatorPerTest, jobArn, LOCATION, runAction } from '../../__fixtures__/harness.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

const fresh = emulatorPerTest()

const inputs = (name: string, extra: Record<string, string> = {}) => ({
  'dataset-arn': DATASET,
  'data-location': LOCATION,
  'job-name': name,
  'poll-interval-seconds': '1',
  ...extra,
})
const describes = (emulator: PersonalizeEmulator) => emulator.requestsFor('DescribeDatasetImportJob').length

test.concurrent('CREATE FAILED fails the step with the failure reason in the output, the annotation and the summary', async () => {
  const emulator = await fresh()
  const reason = 'Input csv is missing the following columns: [ITEM_ID]'
  emulator.scriptJob('doomed', { outcome: 'CREATE FAILED', failureReason: reason })
  const run = await runAction({ emulator, inputs: inputs('doomed') })
  expect(run.code).toBe(1)
  expect(run.errors).toEqual([`Import job ${jobArn('doomed')} failed: ${reason}`])
  expect(run.outputs).toMatchObject({ 'job-arn': jobArn('doomed'), status: 'CREATE FAILED', 'failure-reason': reason })
  expect(JSON.parse(run.outputs.job ?? '{}').failureReason).toBe(reason)
  expect(run.summary).toContain(`| Failure reason | ${reason} |`)
  expect(run.summary).toContain('| Status | **CREATE FAILED** |')
})

test.concurrent('a timeout fails the step, names the ARN and the last status, and says the import continues', async () => {
  const emulator = await fresh()
  emulator.scriptJob('slow', { hold: true, inProgressReads: 1 })
  const run = await runAction({ emulator, inputs: inputs('slow', { 'wait-timeout-minutes': '0.05' }) })
  expect(run.code).toBe(1)
  expect(run.errors).toEqual([
    expect.stringMatching(
      new RegExp(
        `^Gave up waiting after 3s \\(wait-timeout-minutes\\): import job ${jobArn('slow')} is still CREATE IN_PROGRESS\\..*continues in AWS`,
      ),
    ),
  ])
  expect(run.outputs).toMatchObject({
    'job-arn': jobArn('slow'),
    'job-name': 'slow',
    status: 'CREATE IN_PROGRESS',
    'failure-reason': '',
  })
  expect(run.summary).toContain('timed out while CREATE IN_PROGRESS')
})

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

  test.concurrent('a black-holed Describe cannot hold the step past its timeout', async () => {
    const emulator = await fresh()
    emulator.scriptJob('blackhole', { hold: true })
    emulator.addFault({ operation: 'DescribeDatasetImportJob', kind: 'blackhole' })
    const run = await runAction({ emulator, inputs: inputs('blackhole', { 'wait-timeout-minutes': '0.05' }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining(
        `Gave up waiting after 3s (wait-timeout-minutes): import job ${jobArn('blackhole')} is still unknown`,
      ),
    ])
    expect(run.outputs['job-arn']).toBe(jobArn('blackhole'))
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

test.concurrent.each(['SIGINT', 'SIGTERM'] as const)(
  // The runner allows 7.5 s after SIGINT before it sends SIGTERM, and 2.5 s more before it kills the process.
  "%s mid-wait stops polling, keeps the ARN and exits 1 well within the runner's grace period",
  async signal => {
    const emulator = await fresh()
    emulator.scriptJob('cancelled', { hold: true, inProgressReads: 1 })
    let signalledAt = 0
    const run = await runAction({
      emulator,
      inputs: inputs('cancelled'),
      onSpawn: child => {
        const poll = setInterval(() => {
          if (describes(emulator) >= 2) {
            clearInterval(poll)
            signalledAt = Date.now()
            child.kill(signal)
          }
        }, 20)
      },
    })
    const exitedAfter = Date.now() - signalledAt
    expect(run.code).toBe(1)
    expect(exitedAfter).toBeLessThan(7500)
    expect(run.errors).toEqual([
      `Stopped waiting for import job ${jobArn('cancelled')}, last status CREATE IN_PROGRESS. The import keeps running in AWS (import jobs cannot be stopped).`,
    ])
    expect(run.outputs).toMatchObject({ 'job-arn': jobArn('cancelled'), status: 'CREATE IN_PROGRESS' })
    expect(run.summary).toContain('cancelled while CREATE IN_PROGRESS')
  },
)

// Waiting end to end through dist/index.js: outcomes, faults, re-runs, attach and cancellation.
import { describe, expect, test } from 'vitest'
import { emulatorPerTest, importInputs, jobArn, runAction } from '../../__fixtures__/harness.js'
import { scaled } from '../../__fixtures__/time-scale.mjs'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

const fresh = emulatorPerTest()

const inputs = importInputs
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

test.concurrent('real time: a timeout fails the step, names the ARN and the last status, and says the import continues', async () => {
  const emulator = await fresh()
  emulator.scriptJob('slow', { hold: true, inProgressReads: 1 })
  const run = await runAction({ emulator, inputs: inputs('slow', { 'wait-timeout-minutes': '0.05' }) })
  expect(run.code).toBe(1)
  expect(run.errors).toEqual([
    expect.stringMatching(
      new RegExp(
        `^Gave up waiting after \\d+s \\(wait-timeout-minutes\\): import job ${jobArn('slow')} is still CREATE IN_PROGRESS\\..*continues in AWS`,
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

describe('faults while waiting', () => {
  test.concurrent('real time: a black-holed Describe cannot hold the step past its timeout', async () => {
    const emulator = await fresh()
    emulator.scriptJob('blackhole', { hold: true })
    emulator.addFault({ operation: 'DescribeDatasetImportJob', kind: 'blackhole' })
    const run = await runAction({ emulator, inputs: inputs('blackhole', { 'wait-timeout-minutes': '0.05' }) })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining(`(wait-timeout-minutes): import job ${jobArn('blackhole')} is still unknown`),
    ])
    expect(run.outputs['job-arn']).toBe(jobArn('blackhole'))
  })
})

test.concurrent.each(['SIGINT', 'SIGTERM'] as const)(
  // The runner allows 7.5 s after SIGINT before it sends SIGTERM, and 2.5 s more before it kills the process.
  "real time: %s mid-wait stops polling, keeps the ARN and exits 1 well within the runner's grace period",
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
    expect(exitedAfter).toBeLessThan(scaled(7500))
    expect(run.errors).toEqual([
      `Stopped waiting for import job ${jobArn('cancelled')}, last status CREATE IN_PROGRESS. The import keeps running in AWS (import jobs cannot be stopped).`,
    ])
    expect(run.outputs).toMatchObject({ 'job-arn': jobArn('cancelled'), status: 'CREATE IN_PROGRESS' })
    expect(run.summary).toContain('cancelled while CREATE IN_PROGRESS')
  },
)

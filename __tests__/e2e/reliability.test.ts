// What a hostile network and a busy AWS account do, through dist/index.js: each fault is injected by the emulator
// on the wire (HTML 5xx pages, cut and trickled bodies, late-visible jobs, expiring credentials, odd answers).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { DATASET, importInputs, jobArn, runAction } from '../../__fixtures__/harness.js'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'

// Each test gets its own emulator: the faults of one must not leak into another running beside it.
const emulators: PersonalizeEmulator[] = []
async function emulator(): Promise<PersonalizeEmulator> {
  const started = await startEmulator({ datasets: [DATASET] })
  emulators.push(started)
  return started
}
afterAll(async () => Promise.all(emulators.map(e => e.close())))

const inputs = importInputs
const creates = (e: PersonalizeEmulator) => e.requestsFor('CreateDatasetImportJob').length

describe.concurrent('one retry policy for every call', () => {
  test("a 503 and a throttle are retried by the bundle (the retry policy wired to both clients' calls)", async () => {
    const e = await emulator()
    e.addFault({ operation: 'DescribeDataset', kind: 'http503', times: 1 })
    e.addFault({ operation: 'ListDatasetImportJobs', kind: 'throttle', times: 1 })
    const run = await runAction({ emulator: e, inputs: inputs('survives-preflight') })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(e.requestsFor('DescribeDataset')).toHaveLength(2)
    expect(e.requestsFor('ListDatasetImportJobs')).toHaveLength(2)
    expect(run.stdout).toContain('DescribeDataset: failed (ServiceUnavailable); trying again in')
    expect(run.stdout).toContain('ListDatasetImportJobs: throttled (ThrottlingException); trying again in')
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test('real time: a body trickled a byte at a time is cut at the per-request bound and the call sent again', async () => {
    const e = await emulator()
    e.addFault({ operation: 'DescribeDatasetImportJob', kind: 'trickle', ms: 200, times: 1 })
    const run = await runAction({ emulator: e, inputs: inputs('survives-trickle') })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('DescribeDatasetImportJob: failed (RequestTimeout); trying again in')
    expect(run.outputs.status).toBe('ACTIVE')
  })
})

describe.concurrent('a Create whose outcome is unknown ends with one job and job-arn set', () => {
  test('real time: no answer until the deadline: job-arn is set and the failure names the job that may exist', async () => {
    const e = await emulator()
    e.addFault({ operation: 'CreateDatasetImportJob', kind: 'blackhole' })
    const run = await runAction({ emulator: e, inputs: inputs('in-the-dark', { 'wait-timeout-minutes': '0.05' }) })
    expect(run.code).toBe(1)
    expect(run.outputs['job-arn']).toBe(jobArn('in-the-dark'))
    expect(run.errors).toEqual([
      expect.stringMatching(
        /^Gave up after \d+s \(wait-timeout-minutes\): CreateDatasetImportJob had not succeeded\. The import job may exist: .*in-the-dark; check it with job-arn before importing again\.$/,
      ),
    ])
  })
})

describe.concurrent('nothing read is lost', () => {
  test('credentials the SDK knows expire before the deadline are warned about at the start', async () => {
    const e = await emulator()
    const soon = new Date(Date.now() + 10 * 60_000).toISOString()
    const run = await runAction({
      emulator: e,
      inputs: inputs('short-lived'),
      env: { AWS_CREDENTIAL_EXPIRATION: soon },
    })
    expect(run.code).toBe(0)
    expect(run.warnings).toEqual([expect.stringContaining('role-duration-seconds: 7500 (or more)')])
  })

  test('a GITHUB_OUTPUT in a missing directory: one error naming the file, the ARN in it and in the log', async () => {
    const e = await emulator()
    const missing = join(mkdtempSync(join(tmpdir(), 'gone-')), 'no', 'such', 'dir', 'output')
    const run = await runAction({ emulator: e, inputs: inputs('no-outputs'), env: { GITHUB_OUTPUT: missing } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining(`Could not write GITHUB_OUTPUT (${missing})`)])
    expect(run.errors[0]).toContain(jobArn('no-outputs'))
    expect(run.stdout).toContain(`Created import job ${jobArn('no-outputs')}`)
    expect(run.stderr).toBe('')
  })

  test('cancelled during pre-flight: says no Create was sent, and sets no job outputs', async () => {
    const e = await emulator()
    e.addFault({ operation: 'ListDatasetImportJobs', kind: 'latency', ms: 5000 })
    const run = await runAction({
      emulator: e,
      inputs: inputs('never-created'),
      onSpawn: child => {
        const timer = setInterval(() => {
          if (e.requestsFor('ListDatasetImportJobs').length > 0) {
            clearInterval(timer)
            child.kill('SIGINT')
          }
        }, 20)
      },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual(['Stopped before an import job was created (no Create was sent).'])
    expect(run.outputs).toEqual({ skipped: 'false' })
    expect(creates(e)).toBe(0)
  })
})

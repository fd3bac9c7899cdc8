// What a hostile network and a busy AWS account do, in process (run() with the real SDK clients): each fault is injected by the emulator
// on the wire (HTML 5xx pages, cut and trickled bodies, late-visible jobs, expiring credentials, odd answers).

import { afterAll, describe, expect, test } from 'vitest'
import { DATASET, importInputs, jobArn } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
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
  test('five 503s on DescribeDataset and ten throttles on ListDatasetImportJobs do not fail the step', async () => {
    const e = await emulator()
    e.addFault({ operation: 'DescribeDataset', kind: 'http503', times: 5 })
    e.addFault({ operation: 'ListDatasetImportJobs', kind: 'throttle', times: 10 })
    const run = await runAction({ emulator: e, inputs: inputs('survives-preflight') })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(e.requestsFor('DescribeDataset')).toHaveLength(6)
    expect(e.requestsFor('ListDatasetImportJobs')).toHaveLength(11)
    expect(run.stdout).toContain('DescribeDataset: failed (ServiceUnavailable); trying again in')
    expect(run.stdout).toContain('ListDatasetImportJobs: throttled (ThrottlingException); trying again in')
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test('an HTML 502 page and a truncated JSON body on Describe are transient faults, reported by HTTP status', async () => {
    const e = await emulator()
    e.addFault({ operation: 'DescribeDatasetImportJob', kind: 'html', status: 502, times: 1 })
    e.addFault({ operation: 'DescribeDatasetImportJob', kind: 'malformed', times: 1 })
    const run = await runAction({ emulator: e, inputs: inputs('survives-pages') })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('DescribeDatasetImportJob: failed (HTTP 502); trying again in')
    expect(run.stdout).not.toMatch(/\$response|Deserialization error|Unexpected token/)
  })
})

describe.concurrent('a Create whose outcome is unknown ends with one job and job-arn set', () => {
  test.each([
    ['an HTML 504 page', { kind: 'html', status: 504 }],
    ['a connection reset', { kind: 'drop-after' }],
    ['a cut body', { kind: 'cut' }],
  ] as const)('after the service made the job: %s, three times', async (_, fault) => {
    const e = await emulator()
    e.addFault({ operation: 'CreateDatasetImportJob', ...fault, times: 3 })
    const run = await runAction({ emulator: e, inputs: inputs('made-once') })
    expect(run.code).toBe(0)
    expect(e.jobs.size).toBe(1)
    expect(creates(e)).toBe(1)
    expect(run.outputs['job-arn']).toBe(jobArn('made-once'))
    expect(run.notices).toEqual([expect.stringContaining('Attached to it instead of creating another')])
  })

  test('before the service acted (503 twice): read at its ARN, not found, sent again under the same name', async () => {
    const e = await emulator()
    e.addFault({ operation: 'CreateDatasetImportJob', kind: 'http503', times: 2 })
    const run = await runAction({ emulator: e, inputs: inputs('made-on-third') })
    expect(run.code).toBe(0)
    expect(e.jobs.size).toBe(1)
    expect(creates(e)).toBe(3)
    expect(e.requestsFor('DescribeDatasetImportJob')[0]?.body).toEqual({ datasetImportJobArn: jobArn('made-on-third') })
  })
})

describe.concurrent('the answers of a service that is eventually consistent or odd', () => {
  test.each([
    ['waiting', 'true'],
    ['wait: false', 'false'],
  ])('a job not visible for 3 s after Create is "not visible yet", not missing (%s)', async (_, wait) => {
    const e = await emulator()
    e.scriptJob('late', { hiddenReads: 2 })
    const run = await runAction({ emulator: e, inputs: inputs('late', { wait }) })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.outputs.status).toMatch(/^(CREATE PENDING|CREATE IN_PROGRESS|ACTIVE)$/)
  })

  test('a status that is a number is "still running", logged once, and never a crash', async () => {
    const e = await emulator()
    e.scriptJob('odd', { oddStatus: 42, hold: true })
    const running = runAction({ emulator: e, inputs: inputs('odd') })
    await e.requested('DescribeDatasetImportJob', 2)
    e.finishJob('odd')
    const run = await running
    expect(run.code).toBe(0)
    expect(run.stdout.match(/a status that is not text \(a number\)/g)).toHaveLength(1)
  })

  test('a failure reason of 10 MB is capped in the annotation and the outputs', async () => {
    const e = await emulator()
    e.scriptJob('huge', {
      pendingReads: 0,
      outcome: 'CREATE FAILED',
      failureReason: 'x'.repeat(10_000_000),
    })
    const run = await runAction({ emulator: e, inputs: inputs('huge') })
    expect(run.code).toBe(1)
    expect(run.outputs['failure-reason']).toMatch(/^x{4096}\.\.\. \(truncated from 10000000 characters\)$/)
    expect(run.errors[0]?.length).toBeLessThan(5000)
    expect(run.outputs.job?.length).toBeLessThan(6000)
  })

  test('a running job listed without an ARN is waited on with pauses, then ours is created', async () => {
    const e = await emulator()
    e.addJob({ jobName: 'ghost', datasetArn: DATASET, hold: true, listWithoutArn: true })
    const running = runAction({ emulator: e, inputs: inputs('after-ghost') })
    await e.requested('ListDatasetImportJobs', 3)
    e.finishJob('ghost')
    const run = await running
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Import job ghost is CREATE PENDING on this dataset: waiting for it to end')
    // Three lists before it ended, the one that saw it end, one before Create: paced, not 1,636 in 3 s.
    expect(e.requestsFor('ListDatasetImportJobs').length).toBeLessThanOrEqual(6)
    expect(run.outputs.status).toBe('ACTIVE')
  })

  test('a page token repeated forever stops the listing with a warning', async () => {
    const e = await emulator()
    e.addFault({ operation: 'ListDatasetImportJobs', kind: 'repeat-token' })
    const run = await runAction({ emulator: e, inputs: inputs('endless-pages') })
    expect(run.code).toBe(0)
    expect(e.requestsFor('ListDatasetImportJobs').length).toBeLessThanOrEqual(3)
    expect(run.warnings).toEqual([expect.stringContaining('repeated a page token')])
  })
})

describe.concurrent('nothing read is lost', () => {
  test('expired credentials after three good polls: the status and job read are kept, and how long it ran is said', async () => {
    const e = await emulator()
    e.scriptJob('expiring', { hold: true })
    e.addFault({ operation: 'DescribeDatasetImportJob', kind: 'expired', after: 3 })
    const run = await runAction({ emulator: e, inputs: inputs('expiring') })
    expect(run.code).toBe(1)
    expect(run.outputs.status).toBe('CREATE PENDING')
    expect(JSON.parse(run.outputs.job ?? '{}')).toMatchObject({ status: 'CREATE PENDING' })
    expect(run.summary).toContain('**CREATE PENDING**')
    expect(run.errors).toEqual([
      expect.stringMatching(/The AWS credentials expired \(ExpiredTokenException\) after \d+s of this step/),
    ])
  })
})

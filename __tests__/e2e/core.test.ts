// The action end to end through dist/index.js: create, read status, outputs, summary, each input on the wire.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { DATASET, emulatorPerTest, jobArn, LOCATION, runAction } from '../../__fixtures__/harness.js'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

const fresh = emulatorPerTest()

const base = { 'dataset-arn': DATASET, 'data-location': LOCATION, 'poll-interval-seconds': '1' }
const createBodies = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob').map(r => r.body)

test.concurrent('the bundle loads and fails cleanly with no inputs', async () => {
  const emulator = await fresh()
  const run = await runAction({ emulator, inputs: {} })
  expect(run.code).toBe(1)
  expect(run.errors).toEqual(['Input dataset-arn is required (or give datasetArn in cli-input-json / cli-input-yaml)'])
  expect(run.stderr).not.toMatch(/at .*\.js:\d+/)
  expect(emulator.requests).toHaveLength(0)
})

test.concurrent('creates the job, waits for ACTIVE and hands every output to later steps', async () => {
  const emulator = await fresh()
  const run = await runAction({ emulator, inputs: { ...base, 'job-name': 'nightly-import-1' } })
  expect(run.code).toBe(0)
  expect(run.errors).toEqual([])
  expect(createBodies(emulator)).toEqual([
    { jobName: 'nightly-import-1', datasetArn: DATASET, dataSource: { dataLocation: LOCATION } },
  ])
  expect(run.outputs['job-arn']).toBe(jobArn('nightly-import-1'))
  expect(run.outputs['job-name']).toBe('nightly-import-1')
  expect(run.outputs.status).toBe('ACTIVE')
  expect(run.outputs['failure-reason']).toBe('')
  const job = JSON.parse(run.outputs.job ?? '{}')
  expect(job).toMatchObject({
    jobName: 'nightly-import-1',
    datasetImportJobArn: jobArn('nightly-import-1'),
    datasetArn: DATASET,
    status: 'ACTIVE',
    importMode: 'FULL',
  })
  expect(job.creationDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  expect(job.lastUpdatedDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  expect(run.stdout).toContain(`Created import job ${jobArn('nightly-import-1')}`)
  expect(run.summary).toContain('| Status | **ACTIVE** |')
  expect(run.summary).toContain(`| Job ARN | \`${jobArn('nightly-import-1')}\` |`)
  expect(run.summary).toMatch(/\| \+0s \| CREATE PENDING \|/)
})

test.concurrent('a run without data checks, YAML or commit-status reads dist/index.js alone: its chunks can be gone', async () => {
  // The optional parts (S3 data checks, @actions/github, js-yaml, the local reader) are chunks loaded on demand.
  const dist = mkdtempSync(join(tmpdir(), 'dist-without-chunks-'))
  for (const name of ['index.js', 'package.json']) copyFileSync(join(ROOT, 'dist', name), join(dist, name))
  const chunks = readdirSync(join(ROOT, 'dist')).filter(name => /^\d+\.index\.js$/.test(name))
  expect(chunks.length).toBeGreaterThanOrEqual(4)
  const emulator = await fresh()
  const run = await runAction({
    emulator,
    inputs: { ...base, 'job-name': 'index-alone' },
    script: join(dist, 'index.js'),
  })
  rmSync(dist, { recursive: true, force: true })
  expect(run.errors).toEqual([])
  expect(run.code).toBe(0)
  expect(run.outputs.status).toBe('ACTIVE')
})

test.concurrent('AWS_ENDPOINT_URL is honoured natively by the SDK', async () => {
  const emulator = await fresh()
  const run = await runAction({ inputs: base, env: { AWS_ENDPOINT_URL: emulator.url } })
  expect(run.code).toBe(0)
  expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
})

test.concurrent('requests are SigV4-signed for the personalize service, with the session token', async () => {
  const emulator = await fresh()
  await runAction({ emulator, inputs: base })
  const create = emulator.requestsFor('CreateDatasetImportJob')[0]
  expect(create?.headers.authorization).toMatch(
    /^AWS4-HMAC-SHA256 Credential=AKIAEMULATOREXAMPLE\/\d{8}\/us-east-1\/personalize\/aws4_request, /,
  )
  expect(create?.headers['x-amz-security-token']).toBeDefined()
  expect(create?.headers['x-amz-target']).toBe('AmazonPersonalize.CreateDatasetImportJob')
  expect(create?.headers['content-type']).toBe('application/x-amz-json-1.1')
})

describe('AWS errors say what to do', () => {
  test.concurrent('no credentials points to configure-aws-credentials', async () => {
    const emulator = await fresh()
    const run = await runAction({
      emulator,
      inputs: base,
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('aws-actions/configure-aws-credentials')])
    expect(emulator.requests).toHaveLength(0)
  })

  // With the default wait-timeout-minutes of 120, only failing after a few tries ends this before the harness kills it.
  test.concurrent('an endpoint that cannot be reached fails after a few tries, not at the deadline', async () => {
    const run = await runAction({
      inputs: { ...base, 'endpoint-url': 'http://127.0.0.1:9' },
      env: { AWS_ENDPOINT_URL_PERSONALIZE: undefined },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining('Could not reach the Personalize endpoint for region us-east-1 (ECONNREFUSED)'),
    ])
  })
})

// The action end to end through dist/index.js: create, read status, outputs, summary, each input on the wire.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import {
  ACCOUNT,
  actionYml,
  DATASET,
  emulatorPerTest,
  jobArn,
  LOCATION,
  ROLE,
  runAction,
} from '../../__fixtures__/harness.js'
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

test.concurrent('every action.yml output is written on success', async () => {
  const emulator = await fresh()
  const run = await runAction({ emulator, inputs: base })
  const written = Object.keys(run.outputs).sort()
  expect(written).toEqual(
    Object.keys(actionYml.outputs)
      // skeleton comes with generate-cli-skeleton only, checks with the data checks (their own tests)
      .filter(name => name !== 'skeleton' && name !== 'checks')
      .sort(),
  )
})

test.concurrent('the default job name comes from the repository, run id and attempt, and a re-run attempt gets a fresh one', async () => {
  const emulator = await fresh()
  const first = await runAction({
    emulator,
    inputs: base,
    env: { GITHUB_REPOSITORY: 'acme/Recommendations.Service', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' },
  })
  const second = await runAction({
    emulator,
    inputs: base,
    env: { GITHUB_REPOSITORY: 'acme/Recommendations.Service', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' },
  })
  expect(first.outputs['job-name']).toMatch(/^Recommendations-Service-42-1-[0-9a-f]{8}$/)
  expect(second.outputs['job-name']).toMatch(/^Recommendations-Service-42-2-[0-9a-f]{8}$/)
  expect(createBodies(emulator).map(body => body.jobName)).toEqual([
    first.outputs['job-name'],
    second.outputs['job-name'],
  ])
})

test.concurrent('optional members go on the wire exactly when given: role-arn, import-mode (any case), publish flag, tags', async () => {
  const emulator = await fresh()
  emulator.addJob({ jobName: 'earlier-bulk', datasetArn: DATASET, ageMs: 60_000 })
  const run = await runAction({
    emulator,
    inputs: {
      ...base,
      'job-name': 'incremental-1',
      'role-arn': ROLE,
      'import-mode': 'incremental',
      'publish-attribution-metrics-to-s3': 'false',
      tags: '[{"tagKey":"team","tagValue":"reco"},{"tagKey":"cost-center","tagValue":""}]',
    },
  })
  expect(run.code).toBe(0)
  expect(createBodies(emulator)).toEqual([
    {
      jobName: 'incremental-1',
      datasetArn: DATASET,
      dataSource: { dataLocation: LOCATION },
      roleArn: ROLE,
      importMode: 'INCREMENTAL',
      publishAttributionMetricsToS3: false,
      tags: [
        { tagKey: 'team', tagValue: 'reco' },
        { tagKey: 'cost-center', tagValue: '' },
      ],
    },
  ])
  expect(JSON.parse(run.outputs.job ?? '{}')).toMatchObject({ importMode: 'INCREMENTAL', roleArn: ROLE })
})

test.concurrent('publish-attribution-metrics-to-s3: true is sent as a JSON boolean', async () => {
  const emulator = await fresh()
  await runAction({ emulator, inputs: { ...base, 'publish-attribution-metrics-to-s3': 'true' } })
  expect(createBodies(emulator)[0]?.publishAttributionMetricsToS3).toBe(true)
})

describe('region', () => {
  const signingRegion = (emulator: PersonalizeEmulator): string[] =>
    emulator.requests.map(r => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(r.headers.authorization))?.[1] ?? '')

  test.concurrent('comes from the dataset ARN when neither aws-region nor AWS_REGION / AWS_DEFAULT_REGION is set', async () => {
    const emulator = await fresh()
    const euDataset = `arn:aws:personalize:eu-west-1:${ACCOUNT}:dataset/retail/INTERACTIONS`
    emulator.addDataset({ arn: euDataset })
    const run = await runAction({
      emulator,
      inputs: { ...base, 'dataset-arn': euDataset },
      env: { AWS_REGION: undefined },
    })
    expect(run.code).toBe(0)
    expect(new Set(signingRegion(emulator))).toEqual(new Set(['eu-west-1']))
    expect(run.outputs['job-arn']).toMatch(/^arn:aws:personalize:eu-west-1:/)
  })
})

test.concurrent('endpoint-url sends the calls to that endpoint (no AWS_ENDPOINT_URL_PERSONALIZE needed)', async () => {
  const emulator = await fresh()
  const run = await runAction({
    inputs: { ...base, 'endpoint-url': emulator.url },
    env: { AWS_ENDPOINT_URL_PERSONALIZE: undefined },
  })
  expect(run.code).toBe(0)
  expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
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
  test.concurrent('AccessDenied names the permissions, including TagResource and iam:PassRole when relevant', async () => {
    const emulator = await fresh()
    emulator.addFault({ operation: 'CreateDatasetImportJob', kind: 'denied' })
    const run = await runAction({ emulator, inputs: { ...base, 'role-arn': ROLE, tags: 'team=reco' } })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('personalize:CreateDatasetImportJob')
    expect(run.errors[0]).toContain('personalize:TagResource')
    expect(run.errors[0]).toContain(`iam:PassRole on ${ROLE}`)
    expect(run.stdout).toContain('title=Permission missing')
    expect(run.outputs['job-arn']).toBeUndefined()
  })

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

// The action end to end through dist/index.js: create, read status, outputs, summary, each input on the wire.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import {
  ACCOUNT,
  actionYml,
  DATASET,
  emulatorWithDatasets,
  ITEMS_DATASET,
  jobArn,
  LOCATION,
  ROLE,
  runAction,
} from '../../__fixtures__/harness.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

let emulator: PersonalizeEmulator
beforeAll(async () => {
  emulator = await emulatorWithDatasets()
})
afterAll(async () => emulator.close())
beforeEach(() => emulator.reset())

const base = { 'dataset-arn': DATASET, 'data-location': LOCATION, 'poll-interval-seconds': '1' }
const createBodies = () => emulator.requestsFor('CreateDatasetImportJob').map(r => r.body)

test('the bundle loads and fails cleanly with no inputs', async () => {
  const run = await runAction({ emulator, inputs: {} })
  expect(run.code).toBe(1)
  expect(run.errors).toEqual(['Input dataset-arn is required (or give datasetArn in cli-input-json / cli-input-yaml)'])
  expect(run.stderr).not.toMatch(/at .*\.js:\d+/)
  expect(emulator.requests).toHaveLength(0)
})

test('creates the job, waits for ACTIVE and hands every output to later steps', async () => {
  const run = await runAction({ emulator, inputs: { ...base, 'job-name': 'nightly-import-1' } })
  expect(run.code).toBe(0)
  expect(run.errors).toEqual([])
  expect(createBodies()).toEqual([
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

test('every action.yml output is written on success', async () => {
  const run = await runAction({ emulator, inputs: base })
  const written = Object.keys(run.outputs).sort()
  expect(written).toEqual(
    Object.keys(actionYml.outputs)
      .filter(name => name !== 'skeleton')
      .sort(),
  )
})

test('the default job name comes from the repository, run id and attempt, and a re-run attempt gets a fresh one', async () => {
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
  expect(createBodies().map(body => body.jobName)).toEqual([first.outputs['job-name'], second.outputs['job-name']])
})

test('optional members go on the wire exactly when given: role-arn, import-mode (any case), publish flag, tags', async () => {
  emulator.addJob({ jobName: 'earlier-bulk', datasetArn: DATASET, pendingMs: 0, inProgressMs: 0, ageMs: 60_000 })
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
  expect(createBodies()).toEqual([
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

test('publish-attribution-metrics-to-s3: true is sent as a JSON boolean', async () => {
  await runAction({ emulator, inputs: { ...base, 'publish-attribution-metrics-to-s3': 'true' } })
  expect(createBodies()[0]?.publishAttributionMetricsToS3).toBe(true)
})

describe('region', () => {
  const signingRegion = (): string[] =>
    emulator.requests.map(r => /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(r.headers.authorization))?.[1] ?? '')

  test('comes from the dataset ARN when neither aws-region nor AWS_REGION / AWS_DEFAULT_REGION is set', async () => {
    const euDataset = `arn:aws:personalize:eu-west-1:${ACCOUNT}:dataset/retail/INTERACTIONS`
    emulator.addDataset({ arn: euDataset })
    const run = await runAction({
      emulator,
      inputs: { ...base, 'dataset-arn': euDataset },
      env: { AWS_REGION: undefined },
    })
    expect(run.code).toBe(0)
    expect(new Set(signingRegion())).toEqual(new Set(['eu-west-1']))
    expect(run.outputs['job-arn']).toMatch(/^arn:aws:personalize:eu-west-1:/)
  })

  test('AWS_DEFAULT_REGION applies when AWS_REGION is not set, and aws-region wins over both', async () => {
    await runAction({ emulator, inputs: base, env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: 'us-east-1' } })
    expect(new Set(signingRegion())).toEqual(new Set(['us-east-1']))
    // Proof that AWS_DEFAULT_REGION is read at all: one that contradicts the ARN is refused by name.
    const contradicting = await runAction({
      emulator,
      inputs: base,
      env: { AWS_REGION: undefined, AWS_DEFAULT_REGION: 'eu-west-1' },
    })
    expect(contradicting.errors).toEqual([
      expect.stringContaining('"eu-west-1" (from AWS_DEFAULT_REGION) does not match the region of dataset-arn'),
    ])
    emulator.reset()
    const run = await runAction({ emulator, inputs: { ...base, 'aws-region': 'eu-west-1' } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringMatching(/^Input aws-region .*eu-west-1.* does not match the region of dataset-arn \(us-east-1\)/),
    ])
    expect(emulator.requests).toHaveLength(0)
  })
})

test('endpoint-url sends the calls to that endpoint (no AWS_ENDPOINT_URL_PERSONALIZE needed)', async () => {
  const run = await runAction({
    inputs: { ...base, 'endpoint-url': emulator.url },
    env: { AWS_ENDPOINT_URL_PERSONALIZE: undefined },
  })
  expect(run.code).toBe(0)
  expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
})

test('AWS_ENDPOINT_URL is honoured natively by the SDK', async () => {
  const run = await runAction({ inputs: base, env: { AWS_ENDPOINT_URL: emulator.url } })
  expect(run.code).toBe(0)
  expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
})

test('requests are SigV4-signed for the personalize service, with the session token', async () => {
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
  test('AccessDenied names the permissions, including TagResource and iam:PassRole when relevant', async () => {
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

  // Pre-flight and queueing (on by default) catch these earlier; with them off, Create's own errors are translated.
  const createOnly = { ...base, preflight: 'false', 'if-busy': 'fail' }

  test('a dataset that does not exist names the ARN and the region', async () => {
    const missing = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/nope/USERS`
    const run = await runAction({ emulator, inputs: { ...createOnly, 'dataset-arn': missing } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining(`Dataset ${missing} was not found in region us-east-1`)])
    expect(emulator.requests.map(r => r.operation)).toEqual(['CreateDatasetImportJob'])
  })

  test('another import running on the dataset is reported as such', async () => {
    emulator.addJob({ jobName: 'running-elsewhere', datasetArn: DATASET, pendingMs: 60_000 })
    const run = await runAction({ emulator, inputs: createOnly })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('another import job is running on it')])
  })

  test('the regional quota of 5 running imports is explained', async () => {
    // Five imports on another dataset fill the region.
    for (let i = 0; i < 5; i++) emulator.addJob({ jobName: `busy-${i}`, datasetArn: ITEMS_DATASET, pendingMs: 60_000 })
    const run = await runAction({ emulator, inputs: createOnly })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('at most 5 import jobs pending or in progress per region')])
  })

  test("InvalidInputException passes the service's message through", async () => {
    const run = await runAction({ emulator, inputs: { ...createOnly, 'import-mode': 'INCREMENTAL' } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('You can only specify FULL until a bulk import has completed')])
  })

  test('TooManyTagsException explains the 50-tag limit', async () => {
    const tags = Array.from({ length: 51 }, (_, i) => `k${i}=v`).join('\n')
    const run = await runAction({ emulator, inputs: { ...base, tags } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('at most 50 tags per resource')])
  })

  test('no credentials points to configure-aws-credentials', async () => {
    const run = await runAction({
      emulator,
      inputs: base,
      env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([expect.stringContaining('aws-actions/configure-aws-credentials')])
    expect(emulator.requests).toHaveLength(0)
  })

  test('a malformed region in the environment is an input error before any request', async () => {
    // With a valid ARN the region can always be inferred, so the region rule is what remains to break.
    const run = await runAction({ emulator, inputs: base, env: { AWS_REGION: 'US East' } })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      'Input aws-region must be an AWS region such as us-east-1 (got "US East" from AWS_REGION)',
    ])
    expect(emulator.requests).toHaveLength(0)
  })

  test('an unreachable endpoint fails within the connection timeout, not after minutes', async () => {
    const run = await runAction({
      inputs: { ...base, 'endpoint-url': 'http://127.0.0.1:9' },
      env: { AWS_ENDPOINT_URL_PERSONALIZE: undefined },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringContaining('Could not reach the Personalize endpoint for region us-east-1 (ECONNREFUSED)'),
    ])
    expect(run.durationMs).toBeLessThan(15_000)
  })
})

// The action in process in process (run() with the real SDK clients): create, read status, outputs, summary, each input on the wire.

import { describe, expect, test } from 'vitest'
import { ACCOUNT, actionYml, DATASET, emulatorPerTest, LOCATION, ROLE } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

const fresh = emulatorPerTest()

const base = { 'dataset-arn': DATASET, 'data-location': LOCATION, 'poll-interval-seconds': '1' }
const createBodies = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob').map(r => r.body)

test.concurrent('every action.yml output is written on success', async () => {
  const emulator = await fresh()
  const run = await runAction({ emulator, inputs: base })
  const written = Object.keys(run.outputs).sort()
  expect(written).toEqual(
    Object.keys(actionYml.outputs)
      // skeleton comes with generate-cli-skeleton only, checks with the data checks, jobs and job-names with a
      // dataset group (their own tests)
      .filter(name => !['skeleton', 'checks', 'jobs', 'job-names'].includes(name))
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

  // With the default wait-timeout-minutes of 120, only failing after a few tries ends this before the harness kills it.
})

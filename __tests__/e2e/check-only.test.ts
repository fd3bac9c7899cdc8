// check-only, local-data and schema-file through dist/index.js: a pull request's CSVs checked in full, findings on
// their lines, no AWS call at all without a dataset, and never a Create.
import { symlinkSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, runAction, startTestS3 } from '../../__fixtures__/harness.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import type { S3Emulator } from '../../emulator/s3.mjs'

const DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/shop/INTERACTIONS`
const SCHEMA = JSON.stringify(schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE))
const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => `user-${i % 100},item-${i % 50},${1_700_000_000 + i},click`)
const csv = (lines: string[]) => `${lines.join('\n')}\n`

/** No credentials, no region, no endpoint: what a pull request from a fork gets. */
const NO_AWS = {
  AWS_ACCESS_KEY_ID: undefined,
  AWS_SECRET_ACCESS_KEY: undefined,
  AWS_SESSION_TOKEN: undefined,
  AWS_REGION: undefined,
  AWS_ENDPOINT_URL_PERSONALIZE: 'http://127.0.0.1:9',
}

const offline = (files: Record<string, string | Uint8Array>, inputs: Record<string, string> = {}) =>
  runAction({
    inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'personalize/schema.json', ...inputs },
    env: NO_AWS,
    workspaceFiles: { 'personalize/schema.json': SCHEMA, ...files },
  })

describe.concurrent('without a dataset: no AWS call at all', () => {
  test('a path that leaves the workspace is refused before anything is read; a symlink out of it is not followed', async () => {
    const leaving = await offline({}, { 'local-data': '../secrets/*.csv' })
    expect(leaving.code).toBe(1)
    expect(leaving.errors).toEqual([
      'Input local-data line 1 must be a path or glob inside the workspace (relative, without ..) (got "../secrets/*.csv")',
    ])
    const linked = await runAction({
      inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schema.json' },
      env: NO_AWS,
      workspaceFiles: { 'schema.json': SCHEMA, 'data/ok.csv': csv([HEADER, ...rows(1000)]) },
      onWorkspace: workspace => symlinkSync('/etc/hostname', `${workspace}/data/link.csv`),
    })
    expect(linked.code).toBe(1)
    expect(linked.errors[0]).toContain(
      'local-data line 1 names a file outside the workspace (a symlink?): it is not read',
    )
  })
})

describe.concurrent('with a dataset: the emulator and S3, and still no Create', () => {
  let s3: S3Emulator
  const emulators: PersonalizeEmulator[] = []
  beforeAll(async () => {
    s3 = await startTestS3()
    await s3.createBucket('pr-data')
    await s3.putObject('pr-data', 'in/a.csv', csv([HEADER, ...rows(1200)]))
  })
  afterAll(async () => {
    await Promise.all(emulators.map(e => e.close()))
    await s3.close()
  })
  const emulator = async () => {
    const started = await startEmulator()
    started.addDataset({ arn: DATASET, schema: JSON.parse(SCHEMA) })
    emulators.push(started)
    return started
  }

  test('check-only checks the dataset, the queue, S3 and local data, and creates nothing', async () => {
    const personalize = await emulator()
    personalize.addJob({ jobName: 'running-now', datasetArn: DATASET, hold: true })
    const run = await runAction({
      emulator: personalize,
      inputs: {
        'check-only': 'true',
        'dataset-arn': DATASET,
        'data-location': 's3://pr-data/in/',
        'import-mode': 'FULL',
        'local-data': 'data/*.csv',
        preflight: 'true',
      },
      env: { AWS_ENDPOINT_URL_S3: s3.url },
      workspaceFiles: { 'data/new.csv': csv([HEADER, ...rows(1000)]) },
    })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(personalize.requestsFor('CreateDatasetImportJob')).toHaveLength(0)
    expect(personalize.requests.map(r => r.operation)).toEqual([
      'DescribeDataset',
      'ListDatasetImportJobs',
      'ListDatasetImportJobs',
      'DescribeSchema',
    ])
    expect(JSON.parse(run.outputs.checks ?? '{}')).toMatchObject({
      dataset: DATASET,
      queue: { runningOnDataset: ['running-now'], runningInRegion: 1 },
      schema: { source: 'dataset' },
      data: { objectsChecked: 1, records: 1200 },
      localData: { records: 1000 },
    })
    expect(run.stdout).toContain(
      'Queue: running on the dataset: running-now; imports pending or in progress in the region: 1 of 5 in us-east-1',
    )
    expect(run.outputs['job-arn']).toBeUndefined()
  })
})

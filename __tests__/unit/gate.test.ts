// The retraining gate in process (run() with the real SDK clients): unchanged data is not imported again, a FULL import that
// would shrink the dataset fails before Create, any doubt imports, and the profile warns before training would fail.

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, startTestS3 } from '../../__fixtures__/harness.js'
import {
  dataCheckedImport as dataCheckedImportInProcess,
  runInProcess as runAction,
} from '../../__fixtures__/in-process.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

const DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/shop/INTERACTIONS`
const SCHEMA = schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE)
const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'
const csv = (rows: number, salt = '') =>
  `${[HEADER, ...Array.from({ length: rows }, (_, i) => `user-${i % 100}${salt},item-${i % 97},${1_700_000_000 + i},click`)].join('\n')}\n`

let s3: S3Emulator
const emulators: PersonalizeEmulator[] = []
beforeAll(async () => {
  s3 = await startTestS3()
})
afterAll(async () => {
  await Promise.all(emulators.map(emulator => emulator.close()))
  await s3.close()
})

async function personalize(): Promise<PersonalizeEmulator> {
  const emulator = await startEmulator()
  emulator.addDataset({ arn: DATASET, schema: SCHEMA })
  emulators.push(emulator)
  return emulator
}

async function bucket(name: string, files: Record<string, string>) {
  await s3.createBucket(name, { policy: personalizeReadPolicy(name) })
  for (const [key, body] of Object.entries(files)) await s3.putObject(name, key, body)
}

function importRun(emulator: PersonalizeEmulator, location: string, inputs: Record<string, string> = {}) {
  return dataCheckedImportInProcess(
    { emulator, s3Url: s3.url, datasetArn: DATASET, location },
    { inputs: { 'poll-interval-seconds': '1', 'skip-unchanged': 'true', ...inputs } },
  )
}

const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob')

describe.concurrent('skip-unchanged', () => {
  test('a denied ListTagsForResource imports, with a notice', async () => {
    await bucket('gate-denied', { 'a/x.csv': csv(1200), 'b/x.csv': csv(1200) })
    const emulator = await personalize()
    expect((await importRun(emulator, 's3://gate-denied/a/')).code).toBe(0)
    emulator.addFault({ operation: 'ListTagsForResource', kind: 'denied' })
    const run = await importRun(emulator, 's3://gate-denied/b/')
    expect(run.code).toBe(0)
    expect(run.outputs.skipped).toBe('false')
    expect(creates(emulator)).toHaveLength(2)
    expect(run.notices).toEqual([
      expect.stringContaining(
        'The retraining gate cannot judge the data (the credentials lack personalize:ListTagsForResource',
      ),
    ])
  })

  test('an earlier import without the tag: imported, with a notice', async () => {
    await bucket('gate-untagged', { 'a/x.csv': csv(1200) })
    const emulator = await personalize()
    emulator.addJob({ jobName: 'by-hand', datasetArn: DATASET, ageMs: 60_000 })
    const run = await importRun(emulator, 's3://gate-untagged/a/')
    expect(run.code).toBe(0)
    expect(creates(emulator)).toHaveLength(1)
    expect(run.notices).toEqual([expect.stringContaining('by-hand has no personalize-import:data-fingerprint tag')])
  })
})

describe.concurrent('max-shrink-percent', () => {
  test('a FULL import of 1 MiB after a tagged 1 GiB import fails before Create; without the input it imports', async () => {
    const mib = 1024 * 1024
    await bucket('gate-shrink', { 'now/x.csv': csv(32_000) }) // about 1 MiB
    const earlier = (emulator: PersonalizeEmulator) =>
      emulator.addJob({
        jobName: 'the-big-one',
        datasetArn: DATASET,
        ageMs: 86_400_000,
        tags: [{ tagKey: 'personalize-import:data-bytes', tagValue: String(1024 * mib) }],
      })
    const [refused, allowed] = [await personalize(), await personalize()]
    earlier(refused)
    earlier(allowed)
    const [shrunk, imported] = await Promise.all([
      importRun(refused, 's3://gate-shrink/now/', {
        'skip-unchanged': 'false',
        'max-shrink-percent': '50',
        wait: 'false',
      }),
      importRun(allowed, 's3://gate-shrink/now/', { 'skip-unchanged': 'false', wait: 'false' }),
    ])
    expect(shrunk.code).toBe(1)
    expect(creates(refused)).toHaveLength(0)
    // The runner's protocol writes % as %25 in a workflow command; GitHub shows it as %.
    expect(shrunk.errors.at(-1)?.replace(/%25/g, '%')).toMatch(
      /^A FULL import replaces all bulk data: 1\.0 GiB imported by the-big-one on \d{4}-\d\d-\d\d would be replaced by 1\.\d MiB in 1 object \(-99\.9\d%, more than max-shrink-percent: 50\)\. No import job was created/,
    )
    expect(imported.code).toBe(0)
    expect(creates(allowed)).toHaveLength(1)
  })
})

test('a 1,200-row interactions file of 10 users warns that training needs 25 users with 2 or more interactions', async () => {
  const rows = Array.from({ length: 1200 }, (_, i) => `user-${i % 10},item-${i % 97},${1_700_000_000 + i * 60},click`)
  const run = await runAction({
    inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schema.json' },
    env: { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_REGION: undefined },
    workspaceFiles: { 'schema.json': JSON.stringify(SCHEMA), 'data/a.csv': `${HEADER}\n${rows.join('\n')}\n` },
  })
  expect(run.code).toBe(0)
  expect(run.warnings).toEqual([
    'local-data: The import can succeed, but training a solution on this data fails unless earlier imports add more: ' +
      '10 users have 2 or more interactions, 25 are needed. Import more interactions before training a solution ' +
      '(earlier and incremental imports add to the dataset).',
  ])
  const profile = JSON.parse(run.outputs.checks ?? '{}').profile
  expect(profile).toEqual({
    scope: 'all',
    records: 1200,
    users: { value: 10, exact: true },
    usersWithTwo: { value: 10, exact: true },
    items: { value: 97, exact: true },
    firstEvent: '2023-11-14',
    lastEvent: '2023-11-15',
    eventTypes: [{ type: 'click', count: 1200 }],
  })
  expect(run.summary).toContain('| profile (all of the data) | |')
})

// The retraining gate through dist/index.js: unchanged data is not imported again, a FULL import that
// would shrink the dataset fails before Create, any doubt imports, and the profile warns before training would fail.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, dataCheckedImport, startTestS3 } from '../../__fixtures__/harness.js'
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
  return dataCheckedImport(
    { emulator, s3Url: s3.url, datasetArn: DATASET, location },
    { inputs: { 'poll-interval-seconds': '1', 'skip-unchanged': 'true', ...inputs } },
  )
}

const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob')

describe.concurrent('skip-unchanged', () => {
  test('the same files under a new prefix are skipped; one changed object imports', async () => {
    await bucket('gate-same', { 'runs/1/a.csv': csv(1200), 'runs/2/a.csv': csv(1200), 'runs/3/a.csv': csv(1200, 'x') })
    const emulator = await personalize()
    const first = await importRun(emulator, 's3://gate-same/runs/1/')
    expect(first.code).toBe(0)
    expect(first.outputs.skipped).toBe('false')
    const tags = creates(emulator)[0]?.body.tags as Array<{ tagKey: string; tagValue: string }>
    expect(tags.map(tag => tag.tagKey)).toEqual([
      'personalize-import:data-fingerprint',
      'personalize-import:data-bytes',
    ])
    expect(tags[1]?.tagValue).toBe(String(csv(1200).length))

    const same = await importRun(emulator, 's3://gate-same/runs/2/')
    expect(same.code).toBe(0)
    expect(creates(emulator)).toHaveLength(1)
    expect(same.outputs).toMatchObject({
      skipped: 'true',
      'job-arn': first.outputs['job-arn'],
      'job-name': first.outputs['job-name'],
      status: 'ACTIVE',
    })
    expect(same.notices).toEqual([
      expect.stringMatching(
        new RegExp(`^The data is unchanged: import job ${first.outputs['job-name']} imported the same data on 20`),
      ),
    ])
    expect(same.summary).toContain('skipped: the data is unchanged since import job')

    const changed = await importRun(emulator, 's3://gate-same/runs/3/')
    expect(changed.code).toBe(0)
    expect(changed.outputs.skipped).toBe('false')
    expect(creates(emulator)).toHaveLength(2)
  })
})

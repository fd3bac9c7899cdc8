// The data checks in process (run() with the real SDK clients), against s3rver (a real S3 implementation) behind the S3 emulator's front
// and the Personalize emulator: every rule fails (or warns) with no Create, and reads stay at 1 MiB per object.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, startTestS3 } from '../../__fixtures__/harness.js'
import { dataCheckedImport } from '../../__fixtures__/in-process.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

const DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/shop/INTERACTIONS`
const ITEMS = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/shop/ITEMS`
const INTERACTIONS_SCHEMA = schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE, FIELDS.EVENT_VALUE)
const ITEMS_SCHEMA = schemaWith('ITEMS', FIELDS.DESCRIPTION)

const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE'
const rows = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) => `user-${(from + i) % 100},item-${(from + i) % 97},${1_700_000_000 + from + i},click,1.0`,
  )
const csv = (lines: string[]) => `${lines.join('\n')}\n`

let s3: S3Emulator
const personalize: PersonalizeEmulator[] = []
beforeAll(async () => {
  s3 = await startTestS3()
})
afterAll(async () => {
  await Promise.all(personalize.map(emulator => emulator.close()))
  await s3.close()
})

/** A bucket of its own (with a policy for Personalize unless `policy: false`), and an emulator with both datasets. */
async function setup(
  bucket: string,
  files: Record<string, string | Uint8Array>,
  options: { policy?: boolean; region?: string } = {},
) {
  await s3.createBucket(bucket, {
    ...(options.region ? { region: options.region } : {}),
    ...(options.policy === false ? {} : { policy: personalizeReadPolicy(bucket) }),
  })
  for (const [key, body] of Object.entries(files)) await s3.putObject(bucket, key, body)
  const emulator = await startEmulator()
  emulator.addDataset({ arn: DATASET, schema: INTERACTIONS_SCHEMA })
  emulator.addDataset({ arn: ITEMS, schema: ITEMS_SCHEMA })
  personalize.push(emulator)
  return emulator
}

function importAction(emulator: PersonalizeEmulator, location: string, extra: Record<string, string> = {}) {
  return dataCheckedImport(
    { emulator, s3Url: s3.url, datasetArn: DATASET, location },
    { inputs: { wait: 'false', ...extra } },
  )
}

const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob').length
const checks = (run: Awaited<ReturnType<typeof importAction>>) => JSON.parse(run.outputs.checks ?? '{}')
const found = (run: Awaited<ReturnType<typeof importAction>>) =>
  (checks(run).findings as Array<{ rule: string; line?: number; file: string }>).map(f => `${f.line ?? '-'} ${f.rule}`)

describe.concurrent('errors end the step before Create', () => {
  test('each record rule, on its line; the annotations name the object, never a value', async () => {
    const lines = [
      HEADER,
      ...rows(3),
      'user-a,item-a,1700000000,click', // 5: cell count
      'user-b,,1700000000,,', // 6: empty required value
      'user-c,item-c,yesterday,,', // 7: not a long
      'user-d,item-d,1700000000123,,', // 8: milliseconds
      `${'u'.repeat(257)},item-e,1700000000,,`, // 9: ID over 256
      'user-f,item-f,1700000000,,plenty', // 10: not a float
      'user-g,"item-g,1700000000,,', // 11: a quote that never closes
      'user-h,"say ""hi""",1700000000,,', // 12: a doubled quote, as RFC 4180 escapes it: fine
      'user-i,item-i,tomorrow,,', // 13: not a long again: counted in the finding of line 7
    ]
    const emulator = await setup('rules-records', { 'data/part-1.csv': csv(lines) })
    const run = await importAction(emulator, 's3://rules-records/data/')
    expect(run.code).toBe(1)
    expect(creates(emulator)).toBe(0)
    expect(found(run)).toEqual([
      '5 cell-count',
      '6 empty-value',
      '7 type',
      '8 timestamp-unit',
      '9 id-length',
      '10 type',
      '11 quoting',
      '- too-few-records',
    ])
    expect(run.errors.at(-1)).toMatch(
      /^The data breaks the dataset's rules \(8 errors; first: s3:\/\/rules-records\/data\/part-1\.csv: Line 5 /,
    )
    // One annotation on the first example of each of the 8 findings, a 9th on the second example of the first
    // one with two (line 13), and the step's own error.
    expect(run.errors).toHaveLength(10)
    const everything = `${run.stdout}${run.stderr}${run.summary}${JSON.stringify(run.outputs)}`
    expect(everything).not.toMatch(/yesterday|tomorrow|plenty|uuuu|say|hi\b/)
    expect(run.outputs['job-arn']).toBeUndefined()
    expect(run.summary).toContain(
      '| error | `s3://rules-records/data/part-1.csv` | `TIMESTAMP` (3) | 2 of 12 | 7, 13 | 2 of 12 TIMESTAMP (field 3) values are not a long',
    )
  })

  test('header rules: a byte-order mark, required columns missing, duplicates; headers that differ between objects', async () => {
    const emulator = await setup('rules-header', {
      'in/a.csv': csv([HEADER, ...rows(600)]),
      'in/b.csv': csv([`\uFEFFUSER_ID,TIMESTAMP,EVENT_TYPE,event_type`, 'u,1700000000,click,view']),
    })
    const run = await importAction(emulator, 's3://rules-header/in/')
    expect(run.code).toBe(1)
    expect(creates(emulator)).toBe(0)
    expect(found(run)).toEqual([
      '1 byte-order-mark',
      '1 duplicate-column',
      '1 missing-column',
      '1 header-mismatch',
      '- too-few-records',
      '1 missing-optional-column',
      '1 column-case', // event_type is EVENT_TYPE in another case: that has imported
    ])
    expect(run.errors.join('\n')).toContain('lacks the columns the schema requires: [ITEM_ID]')
  })

  test.each([
    ['a prefix with no objects', {}, 'no objects'],
    ['a prefix with only empty objects', { 'p/a.csv': '', 'p/b.csv': '' }, '2 objects, all empty'],
  ])('%s: "No data at ..."', async (_, files, why) => {
    const bucket = `nodata-${Object.keys(files).length}`
    const emulator = await setup(bucket, files)
    const run = await importAction(emulator, `s3://${bucket}/p/`)
    expect(run.code).toBe(1)
    expect(creates(emulator)).toBe(0)
    expect(run.errors.join('\n')).toContain(`No data at s3://${bucket}/p/ (${why})`)
  })

  test('a key that does not exist', async () => {
    const emulator = await setup('nodata-key', {})
    const run = await importAction(emulator, 's3://nodata-key/missing.csv')
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('No data at s3://nodata-key/missing.csv (no such object)')
  })
})

describe.concurrent('warnings, and the import goes on', () => {
  test('a prefix with several files: names not ending in .csv, a subfolder, columns out of order or unknown', async () => {
    const emulator = await setup('warn-prefix', {
      'batch/1.csv': csv([HEADER, ...rows(400)]),
      'batch/2.csv': csv([HEADER, ...rows(400, 400)]),
      'batch/3.txt': csv([HEADER, ...rows(400, 800)]),
      'batch/old/4.csv': csv([HEADER, ...rows(10)]),
      'other/5.csv': csv(['ITEM_ID,USER_ID,TIMESTAMP,COLOR', 'i,u,1700000000,red']),
    })
    const run = await importAction(emulator, 's3://warn-prefix/batch/')
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(creates(emulator)).toBe(1)
    expect(found(run)).toEqual(['- subfolders', '- not-csv'])
    expect(checks(run).data).toMatchObject({ objectsFound: 3, objectsChecked: 3, records: 1200, complete: true })
    expect(run.stdout).toContain('Data checks: 3 objects with data at s3://warn-prefix/batch/')

    const order = await setup('warn-order', {
      'o.csv': csv([
        'ITEM_ID,USER_ID,TIMESTAMP,COLOR',
        ...rows(1000).map(r => `${r.split(',').slice(0, 3).join(',')},red`),
      ]),
    })
    const reordered = await importAction(order, 's3://warn-order/o.csv')
    expect(reordered.code).toBe(0)
    expect(found(reordered)).toEqual(['1 missing-optional-column', '1 unknown-column', '1 column-order'])
  })

  test('no bucket policy, and a policy without a statement for personalize.amazonaws.com, say which statement to add', async () => {
    const emulator = await setup('warn-policy', { 'a.csv': csv([HEADER, ...rows(1000)]) }, { policy: false })
    const run = await importAction(emulator, 's3://warn-policy/a.csv')
    expect(run.code).toBe(0)
    expect(run.warnings).toEqual([
      expect.stringContaining(
        'the bucket warn-policy has no policy; Personalize reads the data as the service principal',
      ),
    ])
    expect(run.warnings[0]).toContain(
      '{"Sid":"PersonalizeS3BucketAccess","Effect":"Allow","Principal":{"Service":"personalize.amazonaws.com"},"Action":["s3:GetObject"]',
    )
    await s3.createBucket('warn-policy-2', {
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:*', Resource: '*' },
        ],
      },
    })
    await s3.putObject('warn-policy-2', 'f/a.csv', csv([HEADER, ...rows(1000)]))
    const other = await importAction(emulator, 's3://warn-policy-2/f/', { 'job-name': 'second' })
    expect(other.warnings).toEqual([
      expect.stringContaining('does not allow personalize.amazonaws.com s3:GetObject and s3:ListBucket'),
    ])
  })
})

describe.concurrent('checks the credentials may not make are skipped, and the import goes on', () => {
  test.each([
    ['s3:ListBucket', { operation: 'ListObjectsV2' }, 's3://deny-list/d/', 'lack s3:ListBucket'],
    ['s3:GetObject', { operation: 'GetObject' }, 's3://deny-get/d/', 'lack s3:GetObject'],
    ['a KMS key', { operation: 'GetObject', kms: true }, 's3://deny-kms/d/', 'lack kms:Decrypt on the bucket key'],
    ['s3:GetBucketPolicy', { operation: 'GetBucketPolicy' }, 's3://deny-policy/d/', 'lack s3:GetBucketPolicy'],
  ])('%s', async (_, denial, location, says) => {
    const bucket = location.split('/')[2] ?? ''
    const emulator = await setup(bucket, { 'd/a.csv': csv([HEADER, ...rows(1000)]) })
    s3.deny({ ...denial, bucket })
    const run = await importAction(emulator, location)
    expect(run.code).toBe(0)
    expect(creates(emulator)).toBe(1)
    expect(run.warnings).toEqual([expect.stringContaining(says)])
  })

  test('personalize:DescribeSchema: the objects are still checked, without the schema', async () => {
    const emulator = await setup('deny-schema', { 'a.csv': csv([HEADER, ...rows(1000)]) })
    emulator.addFault({ operation: 'DescribeSchema', kind: 'denied' })
    const run = await importAction(emulator, 's3://deny-schema/a.csv')
    expect(run.code).toBe(0)
    expect(run.warnings).toEqual([expect.stringContaining('the credentials lack personalize:DescribeSchema')])
    expect(checks(run).data).toMatchObject({ objectsChecked: 1, records: 1000 })
  })
})

describe.concurrent('where and how much is read', () => {
  test('a 1 GiB object: one ranged GET of 1 MiB, the same as for a small one', async () => {
    const first = csv([HEADER, ...rows(40_000)]) // about 1.6 MiB: more than the sample
    const emulator = await setup('big', { 'big.csv': first })
    s3.growObject('big', 'big.csv', 1024 ** 3)
    const run = await importAction(emulator, 's3://big/big.csv')
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const gets = s3.requests.filter(r => r.bucket === 'big' && r.operation === 'GetObject')
    expect(gets).toHaveLength(1)
    expect(gets[0]?.range).toBe('bytes=0-1048575')
    expect(gets[0]?.bytes).toBeLessThanOrEqual(1.1 * 1024 * 1024)
    expect(checks(run).data).toMatchObject({ bytesRead: 1024 * 1024, complete: false })
    // Read only in part, so the 1,000-record minimum is not judged.
    expect(found(run)).toEqual([])
  })

  test('a bucket in another region is found (301) and read there', async () => {
    const emulator = await setup('far-away', { 'a.csv': csv([HEADER, ...rows(1000)]) }, { region: 'eu-west-1' })
    const run = await importAction(emulator, 's3://far-away/a.csv')
    expect(run.code).toBe(0)
    const reads = s3.requests.filter(r => r.bucket === 'far-away')
    expect(reads.some(r => r.status === 301)).toBe(true)
    expect(reads.filter(r => r.operation === 'GetObject').map(r => `${r.region} ${r.status}`)).toContain(
      'eu-west-1 206',
    )
  })

  test('preflight: dataset reads nothing from S3; an https:// location is not checked, with a notice', async () => {
    const emulator = await setup('not-read', { 'a.csv': 'garbage' })
    const run = await importAction(emulator, 's3://not-read/a.csv', { preflight: 'dataset' })
    expect(run.code).toBe(0)
    expect(s3.requests.filter(r => r.bucket === 'not-read')).toEqual([])
    expect(run.outputs.checks).toBeUndefined()
    const web = await importAction(emulator, 'https://example.com/data.csv', { 'job-name': 'web' })
    expect(web.code).toBe(0)
    expect(web.notices).toEqual(['Data checks skipped: only s3:// data locations can be read before the import'])
  })
})

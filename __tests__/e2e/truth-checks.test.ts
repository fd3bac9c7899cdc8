// What the data checks say is true, through dist/index.js: S3 answers that are not S3's, a first line that is
// data, line numbers for S3 data, one finding per format and cause, and grammar that agrees.
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, dataCheckedImport, runAction, startTestS3 } from '../../__fixtures__/harness.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

const DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/truth/INTERACTIONS`
const ITEMS = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/truth/ITEMS`
const SCHEMA = schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE)
const ITEMS_SCHEMA = schemaWith('ITEMS', FIELDS.DESCRIPTION)
const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'
const NO_AWS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_REGION: undefined }
const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `user-${(from + i) % 100},item-${(from + i) % 97},${1_700_000_000 + i},click`)
const csv = (lines: string[]) => `${lines.join('\n')}\n`

let s3: S3Emulator
const closers: Array<() => Promise<unknown>> = []
beforeAll(async () => {
  s3 = await startTestS3()
})
afterAll(async () => {
  await Promise.all(closers.map(close => close()))
  await s3.close()
})

async function personalize(): Promise<PersonalizeEmulator> {
  const emulator = await startEmulator()
  emulator.addDataset({ arn: DATASET, schema: SCHEMA })
  emulator.addDataset({ arn: ITEMS, schema: ITEMS_SCHEMA })
  closers.push(() => emulator.close())
  return emulator
}

async function bucket(name: string, files: Record<string, string | Uint8Array>) {
  await s3.createBucket(name, { policy: personalizeReadPolicy(name) })
  for (const [key, body] of Object.entries(files)) await s3.putObject(name, key, body)
}

function importRun(
  emulator: PersonalizeEmulator,
  location: string,
  extra: { inputs?: Record<string, string>; env?: Record<string, string | undefined>; datasetArn?: string } = {},
) {
  return dataCheckedImport(
    { emulator, s3Url: s3.url, datasetArn: extra.datasetArn ?? DATASET, location },
    { inputs: { wait: 'false', ...extra.inputs }, ...(extra.env ? { env: extra.env } : {}) },
  )
}

function checkOnly(files: Record<string, string | Uint8Array>, schema: object = SCHEMA) {
  return runAction({
    inputs: { 'check-only': 'true', 'local-data': 'data/*', 'schema-file': 'schema.json' },
    env: NO_AWS,
    workspaceFiles: { 'schema.json': JSON.stringify(schema), ...files },
  })
}

type Run = Awaited<ReturnType<typeof runAction>>
const checks = (run: Run) => JSON.parse(run.outputs.checks ?? '{}')
const findings = (run: Run) => (checks(run).findings ?? []) as Array<Record<string, unknown>>
const shown = (run: Run) => [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')
const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob')

describe.concurrent('what the data checks say', () => {
  test('a proxy answering every S3 request with 200 and a page: the checks step aside, the import goes on', async () => {
    // An S3 of its own: its scripted fault reaches no other test.
    const proxied = await startTestS3()
    closers.push(() => proxied.close())
    await proxied.createBucket('truth-proxy', { policy: personalizeReadPolicy('truth-proxy') })
    await proxied.putObject('truth-proxy', 'k.csv', csv([HEADER, ...rows(1200)]))
    proxied.addFault({ kind: 'html', status: 200 })
    const emulator = await personalize()
    const through = { datasetArn: DATASET, env: { AWS_ENDPOINT_URL_S3: proxied.url } }
    const folder = await importRun(emulator, 's3://truth-proxy/', through)
    const key = await importRun(emulator, 's3://truth-proxy/k.csv', through)
    for (const run of [folder, key]) {
      expect(run.code).toBe(0)
      expect(run.warnings.join('\n')).toMatch(
        /Skipped the data checks: (ListObjectsV2|HeadObject) got an answer that is not S3's/,
      )
      expect(shown(run)).not.toContain('No data at')
    }
    expect(creates(emulator)).toHaveLength(2)
  })

  test('a first line that is data is "not a header", and none of it is shown (local and S3)', async () => {
    const data = csv(['jdoe,B07XYZ123,1732800000,purchase,19.99', ...rows(1200)])
    await bucket('truth-noheader', { 'a.csv': data })
    const local = await checkOnly({ 'data/a.csv': data })
    const emulator = await personalize()
    const remote = await importRun(emulator, 's3://truth-noheader/')
    for (const run of [local, remote]) {
      expect(run.code).toBe(1)
      expect(shown(run)).toContain('Line 1 is not a header (none of its 5 cells names a field of the schema)')
      for (const cell of ['jdoe', 'B07XYZ123', '1732800000', '19.99']) expect(shown(run)).not.toContain(cell)
    }
  })

  test('S3 findings name their lines, and each example annotation its own', async () => {
    const lines = [`${HEADER}`, ...rows(1200)]
    lines[57 - 1] = 'user-1,,1700000057,click'
    lines[900 - 1] = 'user-1,,1700000900,click'
    await bucket('truth-lines', { 'a.csv': csv(lines) })
    const emulator = await personalize()
    const run = await importRun(emulator, 's3://truth-lines/')
    expect(run.code).toBe(1)
    const annotations = run.errors.filter(error => error.startsWith('s3://') && error.includes('ITEM_ID'))
    expect(annotations).toEqual([
      expect.stringMatching(
        /^s3:\/\/truth-lines\/a\.csv line 57: 2 of 1,200 ITEM_ID \(field 2\) values are empty.* \(lines 57, 900\)/,
      ),
      expect.stringMatching(/^s3:\/\/truth-lines\/a\.csv line 900: /),
    ])
  })

  test('gzip, Parquet and UTF-16 are one finding each that names the format; no count above its total', async () => {
    const body = csv([HEADER, ...rows(1200)])
    const utf16 = Buffer.from(body, 'utf16le')
    const run = await checkOnly({
      'data/a.csv': gzipSync(body),
      'data/b.csv.gz': gzipSync(body),
      'data/c.parquet': Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')]),
      'data/d.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]),
      'data/e.csv': utf16,
    })
    const formats = findings(run).filter(f => f.rule === 'file-format')
    expect(formats.map(f => [f.file, String(f.message).split(',')[0]])).toEqual([
      ['data/a.csv', 'data/a.csv is gzip-compressed'],
      ['data/b.csv.gz', 'data/b.csv.gz is gzip-compressed'],
      ['data/c.parquet', 'data/c.parquet is Parquet'],
      ['data/d.csv', 'data/d.csv is UTF-16 text (little-endian'],
      ['data/e.csv', 'data/e.csv is UTF-16 text (little-endian'],
    ])
    expect(findings(run).filter(f => typeof f.of === 'number' && Number(f.count) > Number(f.of))).toEqual([])
  })

  test('separators, near-miss names, grammar for one, and a value that ends in a backslash', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 1001 }, (_, i) => [`data/p${String(i).padStart(4, '0')}.csv`, 'x\n']),
    )
    const [tabbed, hyphens, single, python, files] = await Promise.all([
      checkOnly({
        'data/t.csv': csv(['USER_ID\tITEM_ID\tTIMESTAMP', 'u\ti\t1700000000']),
        'data/s.csv': csv(['USER_ID;ITEM_ID;TIMESTAMP']),
      }),
      checkOnly({
        'data/h.csv': csv(['USER-ID,ITEM-ID,TIMESTAMP', ...rows(1200).map(r => r.split(',').slice(0, 3).join(','))]),
      }),
      checkOnly({
        'data/q.csv': csv([
          HEADER,
          ...rows(8),
          'user-1,"item,1700000000,click',
          'user-2,"two',
          'lines",1700000001,click',
          ...rows(1200),
        ]),
      }),
      checkOnly({ 'data/p.csv': csv([HEADER, ...rows(1200), 'user-1,"a path, C:\\dir\\",1700000001,click']) }),
      checkOnly(many),
    ])
    expect(shown(tabbed)).toContain('Line 1 looks tab-separated (Personalize reads commas only)')
    expect(shown(tabbed)).toContain('Line 1 looks semicolon-separated (Personalize reads commas only)')
    expect(shown(hyphens)).toContain('Line 1 has 2 columns USER-ID and ITEM-ID, which the schema does not have')
    expect(shown(single)).toContain('Line 10 opens a quote that never closes')
    expect(shown(single)).toContain('Line 11 holds line breaks inside a quoted value')
    expect(shown(files)).toContain('the first 1,000 were checked and 1 was not')
    expect(python.code).toBe(0)
    expect(python.warnings.join('\n')).toContain('Line 1202 ends a quoted value with a backslash')
  })
})

// data-checks: athena in process, against the Athena emulator (DuckDB over the S3 emulator's objects, read as
// OpenCSVSerde reads them): Athena's counts replace the sample's for every record, with the sample's example lines;
// the profile is every record's; the table is dropped on every way out; what cannot run leaves the sample to decide.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestS3 } from '../../__fixtures__/harness.js'
import { dataCheckedImport } from '../../__fixtures__/in-process.js'
import {
  csvOf as csv,
  INTERACTIONS_DATASET as DATASET,
  INTERACTIONS_HEADER as HEADER,
  interactionRows as rows,
  INTERACTIONS_SCHEMA as SCHEMA,
} from '../../__fixtures__/interactions.js'
import { simulatedTime } from '../../__fixtures__/pacing.js'
import { type AthenaEmulator, openCsvCells, startAthena } from '../../emulator/athena.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'
import { AthenaQueries } from '../../src/aws/athena.js'

let s3: S3Emulator
const closers: Array<{ close(): Promise<void> }> = []
beforeAll(async () => {
  s3 = await startTestS3()
})
afterAll(async () => {
  await Promise.all(closers.map(closer => closer.close()))
  await s3.close()
})

async function setup(bucket: string, files: Record<string, string>) {
  await s3.createBucket(bucket, { policy: personalizeReadPolicy(bucket) })
  for (const [key, body] of Object.entries(files)) await s3.putObject(bucket, key, body)
  const emulator = await startEmulator()
  emulator.addDataset({ arn: DATASET, schema: SCHEMA })
  const athena = await startAthena({ s3 })
  closers.push(emulator, athena)
  return { emulator, athena }
}

const inAthena = (
  { emulator, athena }: { emulator: PersonalizeEmulator; athena: AthenaEmulator },
  location: string,
  extra: Parameters<typeof dataCheckedImport>[1] = {},
) =>
  dataCheckedImport(
    { emulator, s3Url: s3.url, datasetArn: DATASET, location },
    {
      ...extra,
      inputs: { wait: 'false', 'data-checks': 'athena', ...extra.inputs },
      env: { AWS_ENDPOINT_URL_ATHENA: athena.url, ...extra.env },
    },
  )
const checksOf = (run: { outputs: Record<string, string> }) => JSON.parse(run.outputs.checks ?? '{}')
const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob').length

describe.concurrent('data-checks: athena', () => {
  test('a bad record past the sample is counted, in its object; the table is dropped', async () => {
    const lines = [HEADER, ...rows(60_000), 'user-1,item-1,1700000000123,click', ',item-2,1700000000,click']
    const setupDone = await setup('athena-bad', {
      'data/part-1.csv': csv(lines),
      'data/part-2.csv': csv([HEADER, ...rows(10)]),
    })
    const run = await inAthena(setupDone, 's3://athena-bad/data/')
    expect(run.code).toBe(1)
    expect(creates(setupDone.emulator)).toBe(0)
    const checks = checksOf(run)
    expect(checks.findings).toEqual([
      expect.objectContaining({
        rule: 'empty-value',
        file: 's3://athena-bad/data/part-1.csv',
        field: 'USER_ID',
        count: 1,
        of: 60_002,
      }),
      expect.objectContaining({ rule: 'timestamp-unit', file: 's3://athena-bad/data/part-1.csv', count: 1 }),
    ])
    expect(checks.data).toMatchObject({ objectsChecked: 2, complete: true, records: 60_012 })
    // The blank USER_ID counts as one more user, as the runner's profile counts it (athena-differential.test.ts).
    expect(checks.profile).toMatchObject({ scope: 'all', records: 60_012, users: { value: 41, exact: true } })
    expect(setupDone.athena.tables.size).toBe(0)
    expect(run.stdout).toMatch(/Athena scans .* in 2 objects \(about \$0\.0000 at \$5 per TB\)/)
  })
})

describe.concurrent('data-checks: athena, where it cannot run or is cut short', () => {
  const BAD_PAST_SAMPLE = csv([HEADER, ...rows(60_000), 'user-1,item-1,1700000000123,click'])

  test('more than max-scan-gb: refused before any query, with a warning; the sample decides', async () => {
    const setupDone = await setup('athena-max', { 'data/part-1.csv': BAD_PAST_SAMPLE })
    const run = await inAthena(setupDone, 's3://athena-max/data/', { inputs: { 'max-scan-gb': '0.001' } })
    expect(setupDone.athena.requests).toEqual([])
    expect(run.warnings.join('\n')).toMatch(/Athena check was not run: .* more than max-scan-gb \(0\.001 GB\)/)
    expect(run.code).toBe(0)
    expect(creates(setupDone.emulator)).toBe(1)
    expect(checksOf(run).profile.scope).toBe('sample')
  })

  test('a FAILED query: a warning with its reason, the sample decides, the table is dropped', async () => {
    const setupDone = await setup('athena-failed', { 'data/part-1.csv': BAD_PAST_SAMPLE })
    setupDone.athena.failNext(/^WITH/, "HIVE_BAD_DATA: Error parsing field value 'jdoe@example.com' for field 1")
    const run = await inAthena(setupDone, 's3://athena-failed/data/')
    // Athena's reason may quote a value of the data: what it quotes is left out.
    expect(run.warnings.join('\n')).toMatch(
      /the query ended FAILED \(HIVE_BAD_DATA: Error parsing field value \(quoted\) for field 1\)\. The sampled/,
    )
    expect(run.stdout).not.toContain('jdoe')
    expect(run.code).toBe(0)
    expect(setupDone.athena.statements.at(-1)).toMatch(/^DROP TABLE IF EXISTS/)
    expect(setupDone.athena.tables.size).toBe(0)
  })

  test('no results location: Athena refuses the start, and the warning names athena-output-location', async () => {
    const setupDone = await setup('athena-output', { 'data/part-1.csv': csv([HEADER, ...rows(1500)]) })
    const run = await inAthena(setupDone, 's3://athena-output/data/', { inputs: { 'athena-workgroup': 'analysts' } })
    expect(run.warnings.join('\n')).toMatch(/No output location provided.*set athena-output-location/)
    expect(run.code).toBe(0)
  })

  test('cancelled while the query runs: the query is stopped, the table dropped, nothing created', async () => {
    const setupDone = await setup('athena-cancel', { 'data/part-1.csv': csv([HEADER, ...rows(1500)]) })
    setupDone.athena.holdRunning = /^WITH/
    const running = setupDone.athena.whenStarted(/^WITH/)
    const run = await inAthena(setupDone, 's3://athena-cancel/data/', { cancelWhen: running })
    expect(run.code).toBe(1)
    expect(creates(setupDone.emulator)).toBe(0)
    expect(setupDone.athena.requestsFor('StopQueryExecution')).toHaveLength(1)
    expect(setupDone.athena.tables.size).toBe(0)
    expect(run.errors.join('\n')).toMatch(/Stopped before an import job was created \(no Create was sent\)/)
  })

  test('simulated clock: the deadline while the query runs stops it and drops the table', async () => {
    const setupDone = await setup('athena-deadline', { 'data/part-1.csv': csv([HEADER, ...rows(1500)]) })
    setupDone.athena.holdRunning = /^WITH/
    const run = await inAthena(setupDone, 's3://athena-deadline/data/', { inputs: { 'wait-timeout-minutes': '5' } })
    expect(run.code).toBe(1)
    expect(creates(setupDone.emulator)).toBe(0)
    expect(setupDone.athena.requestsFor('StopQueryExecution')).toHaveLength(1)
    expect(setupDone.athena.tables.size).toBe(0)
    expect(run.errors.join('\n')).toMatch(/the Athena query had not succeeded\. No import job was created/)
  })

  test('an object past the sample whose header differs is named, and its records are not counted', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 21; i++) files[`data/part-${String(i).padStart(2, '0')}.csv`] = csv([HEADER, ...rows(100)])
    files['data/part-20.csv'] = csv(['ITEM_ID,USER_ID,TIMESTAMP,EVENT_TYPE', ...rows(100)])
    const setupDone = await setup('athena-header', files)
    const run = await inAthena(setupDone, 's3://athena-header/data/')
    const checks = checksOf(run)
    expect(checks.findings).toEqual([
      expect.objectContaining({ rule: 'header-mismatch', file: 's3://athena-header/data/part-20.csv', line: 1 }),
    ])
    expect(checks.data).toMatchObject({ objectsFound: 21, objectsChecked: 20, records: 2000 })
  })
})

test('a result of 2,500 rows is read over three pages, a throttled Start retried', async () => {
  const athena = await startAthena({ s3 })
  closers.push(athena)
  athena.faults.add({ operation: 'StartQueryExecution', kind: 'throttle', times: 1 })
  const time = simulatedTime()
  const retries: string[] = []
  const queries = new AthenaQueries(
    {
      region: 'us-east-1',
      env: { AWS_ENDPOINT_URL_ATHENA: athena.url },
      policy: { pacing: time.pacing, events: { retrying: error => retries.push(error.code) } },
    },
    { workgroup: 'primary' },
  )
  const end = await queries.run('SELECT range AS n FROM range(2500)')
  expect(end.state).toBe('SUCCEEDED')
  const rows = await queries.rows(end.id)
  expect(rows).toHaveLength(2500)
  expect(rows.at(-1)).toEqual({ n: '2499' })
  expect(athena.requestsFor('GetQueryResults')).toHaveLength(3)
  expect(retries).toEqual(['ThrottlingException'])
})

describe('the emulator reads CSV as OpenCSVSerde does', () => {
  test.each([
    ['a,b,c', ['a', 'b', 'c']],
    ['"a,b",c', ['a,b', 'c']],
    ['"a ""q"" b",c', ['a "q" b', 'c']],
    ['"a \\" b",c', ['a " b', 'c']],
    ['a,"open', ['a']],
    ['', ['']],
  ])('%s', (line, cells) => {
    expect(openCsvCells(line)).toEqual(cells)
  })
})

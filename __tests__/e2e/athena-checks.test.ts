// data-checks: athena through dist/index.js, against the Athena emulator (DuckDB over the S3 emulator's objects):
// the same findings by count as a full read of the same bytes, the temporary table dropped after success, a FAILED
// query and cancellation; a scan over max-scan-gb refused before any query; a FAILED query leaves the sample to
// decide, with a warning.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, runAction, startTestS3 } from '../../__fixtures__/harness.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { type AthenaEmulator, startAthena } from '../../emulator/athena.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

const DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/shop/INTERACTIONS`
const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'
const rows = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `user-${String(i % 500).padStart(4, '0')},item-${i % 997},${1_700_000_000 + i},${i % 3 ? 'click' : 'buy'}`,
  )
/** 60,000 records (about 2.6 MB), then a blank USER_ID and a timestamp in milliseconds: both past the sample. */
const BAD_PAST_SAMPLE = `${[HEADER, ...rows(60_000), ',item-1,1700000000,click', 'user-1,item-1,1700000000123,click'].join('\n')}\n`
const CLEAN = `${[HEADER, ...rows(2000)].join('\n')}\n`

let s3: S3Emulator
const closers: Array<{ close(): Promise<void> }> = []
beforeAll(async () => {
  s3 = await startTestS3()
  await s3.createBucket('athena-data', { policy: personalizeReadPolicy('athena-data') })
  await s3.putObject('athena-data', 'bad/part-1.csv', BAD_PAST_SAMPLE)
  await s3.putObject('athena-data', 'bad/part-2.csv', CLEAN)
  await s3.putObject('athena-data', 'clean/part-1.csv', CLEAN)
})
afterAll(async () => {
  await Promise.all(closers.map(closer => closer.close()))
  await s3.close()
})

async function services(): Promise<{ personalize: PersonalizeEmulator; athena: AthenaEmulator }> {
  const personalize = await startEmulator()
  personalize.addDataset({ arn: DATASET, schema: schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE) })
  const athena = await startAthena({ s3 })
  closers.push(personalize, athena)
  return { personalize, athena }
}

function check(
  { personalize, athena }: { personalize: PersonalizeEmulator; athena: AthenaEmulator },
  location: string,
  mode: string,
  extra: Partial<Parameters<typeof runAction>[0]> & { inputs?: Record<string, string> } = {},
) {
  return runAction({
    ...extra,
    emulator: personalize,
    inputs: {
      'dataset-arn': DATASET,
      'data-location': location,
      'import-mode': 'FULL',
      preflight: 'true',
      'data-checks': mode,
      wait: 'false',
      ...extra.inputs,
    },
    env: { AWS_ENDPOINT_URL_S3: s3.url, AWS_ENDPOINT_URL_ATHENA: athena.url },
  })
}

const counts = (run: { outputs: Record<string, string> }) =>
  (JSON.parse(run.outputs.checks ?? '{}').findings as Array<{ rule: string; file: string; count: number }>)
    .map(finding => `${finding.rule} ${finding.file} ${finding.count}`)
    .sort()

describe.concurrent('data-checks: athena', () => {
  test('the same findings by count as a full read; the table is dropped after success', async () => {
    const both = await services()
    const [athena, full] = await Promise.all([
      check(both, 's3://athena-data/bad/', 'athena'),
      check(both, 's3://athena-data/bad/', 'full'),
    ])
    expect(athena.code).toBe(1)
    expect(both.personalize.requestsFor('CreateDatasetImportJob')).toHaveLength(0)
    expect(counts(athena)).toEqual([
      'empty-value s3://athena-data/bad/part-1.csv 1',
      'timestamp-unit s3://athena-data/bad/part-1.csv 1',
    ])
    expect(counts(athena)).toEqual(counts(full))
    const profile = (run: typeof athena) => JSON.parse(run.outputs.checks ?? '{}').profile
    expect(profile(athena)).toEqual(profile(full))
    expect(athena.stdout).toMatch(/Athena scans 2\.\d MiB in 2 objects/)
    expect(athena.stdout).toMatch(/Athena scanned 2\.\d MiB/)
    expect(both.athena.statements.at(-1)).toMatch(/^DROP TABLE IF EXISTS `personalize_import_checks`\.`import_check_/)
    expect(both.athena.tables.size).toBe(0)
  })

  test('a FAILED query: the sample decides with a warning (clean data imports); the table is dropped', async () => {
    const both = await services()
    both.athena.failNext(/^WITH/, 'HIVE_CURSOR_ERROR: Unexpected end of input stream')
    const run = await check(both, 's3://athena-data/clean/', 'athena')
    expect(run.code).toBe(0)
    expect(run.warnings.join('\n')).toMatch(
      /the query ended FAILED \(HIVE_CURSOR_ERROR.*\)\. The sampled checks decide/,
    )
    expect(both.personalize.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
    expect(both.athena.tables.size).toBe(0)
    expect(both.athena.statements.at(-1)).toMatch(/^DROP TABLE/)
  })

  test('a scan over max-scan-gb is refused before any query; the sample decides', async () => {
    const both = await services()
    const run = await check(both, 's3://athena-data/bad/', 'athena', { inputs: { 'max-scan-gb': '0.001' } })
    expect(both.athena.requests).toEqual([])
    expect(run.warnings.join('\n')).toMatch(/more than max-scan-gb \(0\.001 GB\)/)
    // The bad records are past the sample: the import goes on, as it would with data-checks: sample.
    expect(run.code).toBe(0)
  })

  test('SIGINT while the query runs: the query is stopped, the table dropped, nothing created', async () => {
    const both = await services()
    both.athena.holdRunning = /^WITH/
    const started = both.athena.whenStarted(/^WITH/)
    const run = await check(both, 's3://athena-data/clean/', 'athena', {
      onSpawn: child => {
        void started.then(() => child.kill('SIGINT'))
      },
    })
    expect(run.code).toBe(1)
    expect(both.personalize.requestsFor('CreateDatasetImportJob')).toHaveLength(0)
    expect(both.athena.requestsFor('StopQueryExecution')).toHaveLength(1)
    expect(both.athena.tables.size).toBe(0)
    expect(run.errors.join('\n')).toMatch(/Stopped before an import job was created \(no Create was sent\)/)
  })
})

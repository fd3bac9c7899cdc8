// check-only, local-data and schema-file in process (run() with the real SDK clients): a pull request's CSVs checked in full, findings on
// their lines, no AWS call at all without a dataset, and never a Create.

import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, startTestS3 } from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
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
  test('a clean file passes, with the checks in the output and the summary, and no job outputs', async () => {
    const run = await offline({ 'data/interactions.csv': csv([HEADER, ...rows(1500)]) })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const checks = JSON.parse(run.outputs.checks ?? '{}')
    expect(checks).toMatchObject({
      dataset: null,
      datasetType: 'INTERACTIONS',
      schema: { source: 'schema-file', name: 'Interactions' },
      localData: { records: 1500, files: [{ path: 'data/interactions.csv', records: 1500 }] },
      errors: 0,
      warnings: 0,
    })
    expect(Object.keys(run.outputs).sort()).toEqual(['checks', 'skipped'])
    expect(run.summary).toContain('## Personalize dataset import: checks passed (check-only: nothing created)')
    expect(run.summary).toContain('local-data: 1 file checked in full')
  })

  test('each finding is an annotation on its file, line and column', async () => {
    const run = await offline({
      'data/a.csv': csv([HEADER, ...rows(1000), 'user-x,,1700000000,click', 'user-y,item-y,1700000000000,view']),
      'data/b.csv': csv(['USER_ID,ITEM_ID,TIMESTAMP', 'user-z,item-z,1700000000']),
    })
    expect(run.code).toBe(1)
    const annotations = run.stdout.split('\n').filter(line => /^::(error|warning) title=Data check/.test(line))
    expect(annotations).toEqual([
      '::error title=Data check (empty-value),file=data/a.csv,line=1002,col=8::1 of 1,002 ITEM_ID (field 2) value is empty, and the schema requires a value (line 1,002). Give every record a value in this field.',
      '::error title=Data check (timestamp-unit),file=data/a.csv,line=1003,col=15::1 of 1,002 TIMESTAMP (field 3) value looks like milliseconds or microseconds (above 10^11, where Personalize takes Unix epoch seconds) (line 1,003). Divide by 1000 (milliseconds) or 1,000,000 (microseconds).',
      '::error title=Data check (header-mismatch),file=data/b.csv,line=1::Line 1 differs from the header of data/a.csv. Give every file of the import the same header.',
      "::warning title=Data check (missing-optional-column),file=data/b.csv,line=1::Line 1 lacks the schema's optional columns [EVENT_TYPE]. Add the column, or leave it out knowingly: the field is then null in every record.",
    ])
    expect(run.errors.at(-1)).toMatch(/^The checks found 3 errors; first: data\/a\.csv: 1 of 1,002 ITEM_ID /)
    expect(run.stdout).not.toContain('user-x')
  })

  test('one mistake on many lines is one finding: annotated on its example lines, counted in full', async () => {
    const broken = rows(1100).map((row, i) => (i % 50 === 0 ? row.replace(/,\d+,/, ',soon,') : row))
    const run = await offline({ 'data/many.csv': csv([HEADER, ...broken]) })
    expect(run.code).toBe(1)
    expect(run.errors).toHaveLength(6) // the 5 example lines and the step's own error
    expect(run.errors[0]).toBe(
      '22 of 1,100 TIMESTAMP (field 3) values are not a long (first: text of 4 characters) (lines 2, 52, 102, 152, 202, ...). Write every value of this field as long.',
    )
    expect(run.summary.match(/^\| error \| `data\/many\.csv` \|/gm)).toHaveLength(1)
    const [finding] = JSON.parse(run.outputs.checks ?? '{}').findings
    expect(finding).toMatchObject({ rule: 'type', field: 'TIMESTAMP', position: 3, count: 22, of: 1100, line: 2 })
    expect(finding.examples.map((example: { line: number }) => example.line)).toEqual([2, 52, 102, 152, 202])
  })

  test('the 1,000-record minimum of interactions is judged on the exact count', async () => {
    const run = await offline({ 'data/small.csv': csv([HEADER, ...rows(999)]) })
    expect(run.code).toBe(1)
    expect(run.errors[0]).toBe(
      'local-data: local-data holds 999 records in all; an import of interactions needs at least 1,000. Import at least 1,000 interaction records at once.',
    )
  })

  test('check-only without a dataset needs local-data and schema-file', async () => {
    const run = await runAction({ inputs: { 'check-only': 'true', 'local-data': 'x.csv' }, env: NO_AWS })
    expect(run.errors).toEqual([
      'Input check-only without dataset-arn checks local-data against schema-file, so it needs both (there is nothing else to check)',
    ])
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

  test('a dataset problem is a finding of check-only, and the data is checked all the same', async () => {
    const personalize = await emulator()
    const run = await runAction({
      emulator: personalize,
      inputs: {
        'check-only': 'true',
        'dataset-arn': DATASET,
        'import-mode': 'INCREMENTAL',
        'local-data': 'data/*.csv',
      },
      workspaceFiles: { 'data/new.csv': csv([HEADER, ...rows(5), 'u,i,x,click']) },
    })
    expect(run.code).toBe(1)
    const findings = JSON.parse(run.outputs.checks ?? '{}').findings as Array<{ rule: string }>
    expect(findings.map(finding => finding.rule)).toEqual(['dataset', 'type', 'too-few-records'])
  })

  test('local-data with Create: the local copy is checked, then the job is created', async () => {
    const personalize = await emulator()
    const run = await runAction({
      emulator: personalize,
      inputs: {
        'dataset-arn': DATASET,
        'data-location': 's3://pr-data/in/',
        'import-mode': 'FULL',
        preflight: 'dataset',
        'local-data': 'data/*.csv',
        wait: 'false',
      },
      workspaceFiles: { 'data/uploaded.csv': csv([HEADER, ...rows(1000)]) },
    })
    expect(run.code).toBe(0)
    expect(personalize.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
    expect(JSON.parse(run.outputs.checks ?? '{}').localData).toMatchObject({ records: 1000 })
  })
})

// What a hostile or unlucky run does to the step, row by row, in process (run() with the real SDK clients): debug logging,
// firewalls, odd proxies, cancellation, data that is not CSV, outages of GitHub. Each test is one row.

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
const rows = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) => `user-${(from + i) % 100},item-${(from + i) % 97},${1_700_000_000 + from + i},click`,
  )
const csv = (lines: string[]) => `${lines.join('\n')}\n`
const NO_AWS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_REGION: undefined }

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
  closers.push(() => emulator.close())
  return emulator
}

async function bucket(name: string, files: Record<string, string>, policy: object = personalizeReadPolicy(name)) {
  await s3.createBucket(name, { policy })
  for (const [key, body] of Object.entries(files)) await s3.putObject(name, key, body)
}

/** A FULL import of `location` with the data checks on, not waited for. */
function importRun(
  emulator: PersonalizeEmulator,
  location: string,
  extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {},
) {
  return dataCheckedImportInProcess(
    { emulator, s3Url: s3.url, datasetArn: DATASET, location },
    { inputs: { wait: 'false', ...extra.inputs }, ...(extra.env ? { env: extra.env } : {}) },
  )
}

function checkOnly(files: Record<string, string | Uint8Array>, inputs: Record<string, string> = {}, env = {}) {
  return runAction({
    inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schema.json', ...inputs },
    env: { ...NO_AWS, ...env },
    workspaceFiles: { 'schema.json': JSON.stringify(SCHEMA), ...files },
  })
}

const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob').length
const findings = (run: { outputs: Record<string, string> }) =>
  (JSON.parse(run.outputs.checks ?? '{}').findings ?? []) as Array<{ rule: string; severity: string }>
/** Everything a run showed: log, summary and outputs. */
const shown = (run: { stdout: string; stderr: string; summary: string; outputs: object }) =>
  [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')

describe.concurrent('data and answers a hostile or unlucky run brings', () => {
  test('a first line that is data (no header, JSON lines, an HTML page) is never echoed as column names', async () => {
    const secret = 'jane.doe@example.com'
    const run = await checkOnly({
      'data/a.csv': csv([`${secret},item-1,1700000000,click`, ...rows(1100)]),
      'data/b.csv': csv([`{"user":"${secret}","item":"i"}`]),
      'data/c.csv': `<html><body>${secret}</body></html>\r<p>more</p>\r`,
    })
    expect(run.code).toBe(1)
    expect(shown(run)).not.toContain('jane')
    expect(findings(run).map(f => f.rule)).toContain('no-header')
  })

  test('a first line of 5 MB: every message, the summary and the outputs stay small', async () => {
    const run = await checkOnly({ 'data/wide.csv': `${'COLUMN_NAME_THAT_IS_LONG,'.repeat(200_000)}X\n1,2\n` })
    expect(run.code).toBe(1)
    expect(Math.max(...run.stdout.split('\n').map(line => line.length))).toBeLessThan(8_000)
    expect(run.summary.length).toBeLessThan(100_000)
    expect((run.outputs.checks ?? '').length).toBeLessThan(100_000)
  })

  test('a proxy that answers GetObject 200 with an HTML page: retried, then the object is not checked', async () => {
    // An S3 of its own: its fault must not reach the other tests' reads.
    const proxied = await startTestS3()
    closers.push(() => proxied.close())
    await proxied.createBucket('proxied', { policy: personalizeReadPolicy('proxied') })
    await proxied.putObject('proxied', 'in/a.csv', csv([HEADER, ...rows(1200)]))
    proxied.addFault({ operation: 'GetObject', kind: 'html', status: 200, times: 3 })
    const emulator = await personalize()
    const run = await importRun(emulator, 's3://proxied/in/', { env: { AWS_ENDPOINT_URL_S3: proxied.url } })
    expect(run.code).toBe(0)
    expect(creates(emulator)).toBe(1)
    expect(proxied.requestsFor('GetObject')).toHaveLength(3)
    expect(run.warnings).toEqual([
      expect.stringMatching(/^Skipped the data check of s3:\/\/proxied\/in\/a\.csv: S3 answered \d+ B for the first/),
    ])
    expect(shown(run)).not.toContain('<html>')
  })

  test('s3://bucket/data without its slash, where the folder exists: one finding that says so', async () => {
    await bucket('slashless', { 'data/a.csv': csv([HEADER, ...rows(1200)]) })
    const emulator = await personalize()
    const run = await importRun(emulator, 's3://slashless/data')
    expect(run.code).toBe(1)
    expect(creates(emulator)).toBe(0)
    expect(findings(run).map(f => `${f.severity} ${f.rule}`)).toEqual(['error no-data'])
    expect(run.errors[0]).toContain('no object data; did you mean the folder data/?')
  })

  test('a leading +, a schema-file that is a folder, a schema with a byte-order mark', async () => {
    const [plus, folder, bom] = await Promise.all([
      checkOnly({ 'data/a.csv': csv([HEADER, ...rows(1100), 'u,i,+1700000000,click']) }),
      runAction({
        inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schemas' },
        env: NO_AWS,
        workspaceFiles: { 'schemas/x.json': '{}', 'data/a.csv': csv([HEADER]) },
      }),
      runAction({
        inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schema.json' },
        env: NO_AWS,
        workspaceFiles: {
          'schema.json': `\uFEFF${JSON.stringify(SCHEMA)}`,
          'data/a.csv': csv([HEADER, ...rows(1100)]),
        },
      }),
    ])
    expect(plus.errors[0]).toContain('(first: an integer with a leading +)')
    expect(folder.errors).toEqual(['Input schema-file "schemas": is a folder, not a file'])
    expect(bom.code).toBe(0)
  })

  test('bucket policies: another prefix, a Deny, a Condition (a notice, not a warning)', async () => {
    const statement = (extra: object) => ({
      Effect: 'Allow',
      Principal: { Service: 'personalize.amazonaws.com' },
      Action: ['s3:GetObject', 's3:ListBucket'],
      ...extra,
    })
    const data = { 'in/a.csv': csv([HEADER, ...rows(1200)]) }
    await bucket('policy-prefix', data, {
      Statement: [statement({ Resource: ['arn:aws:s3:::policy-prefix', 'arn:aws:s3:::policy-prefix/logs/*'] })],
    })
    await bucket('policy-deny', data, {
      Statement: [
        statement({ Resource: ['arn:aws:s3:::policy-deny', 'arn:aws:s3:::policy-deny/*'] }),
        { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-deny/in/*' },
      ],
    })
    await bucket('policy-condition', data, {
      Statement: [
        statement({
          Resource: ['arn:aws:s3:::policy-condition', 'arn:aws:s3:::policy-condition/*'],
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
        }),
      ],
    })
    const [prefix, deny, condition] = await Promise.all(
      ['policy-prefix', 'policy-deny', 'policy-condition'].map(async name =>
        importRun(await personalize(), `s3://${name}/in/`),
      ),
    )
    expect(prefix?.warnings).toEqual([
      expect.stringContaining('does not allow personalize.amazonaws.com s3:GetObject on the data'),
    ])
    expect(deny?.warnings).toEqual([expect.stringContaining('denies personalize.amazonaws.com s3:GetObject')])
    expect(condition?.warnings).toEqual([])
    expect(condition?.notices).toEqual([expect.stringContaining('under a Condition or NotPrincipal')])
  })
})

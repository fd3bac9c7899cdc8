// Every number and sentence the gate prints is true, through dist/index.js: the profile against exact counts, the
// retraining gate's races and doubts, S3 line numbers, one finding per cause with grammar that agrees.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type FakeGitHubApi, startGitHubApi } from '../../__fixtures__/github-api.mjs'
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

/** A file written by code beside the exact counts of what it holds. */
function interactionsFile(records: number, userOf: (i: number) => number) {
  const types = ['view', 'click', 'purchase']
  const users = new Map<number, number>()
  const items = new Set<number>()
  const typeCounts: Record<string, number> = { view: 0, click: 0, purchase: 0 }
  const lines = [`${HEADER},EVENT_VALUE`]
  for (let i = 0; i < records; i++) {
    const user = userOf(i)
    const item = (i * 7) % 49_999
    const type = types[i % 3] ?? 'view'
    users.set(user, (users.get(user) ?? 0) + 1)
    items.add(item)
    typeCounts[type] = (typeCounts[type] ?? 0) + 1
    lines.push(`user-${user},B0${item}X,${1_700_000_000 + i * 3},${type},${(i % 50) / 10}`)
  }
  const exact = {
    users: users.size,
    usersWithTwo: [...users.values()].filter(count => count >= 2).length,
    items: items.size,
    typeCounts,
    first: new Date(1_700_000_000 * 1000).toISOString().slice(0, 10),
    last: new Date((1_700_000_000 + (records - 1) * 3) * 1000).toISOString().slice(0, 10),
  }
  return { text: csv(lines), exact }
}

const near = (count: { value: number; exact: boolean; low?: number; high?: number }, truth: number, share: number) => {
  expect(Math.abs(count.value - truth) / truth).toBeLessThan(share)
  if (!count.exact) expect([count.low, count.high]).toEqual([expect.any(Number), expect.any(Number)])
  if (!count.exact) expect((count.low ?? 0) <= truth && truth <= (count.high ?? 0)).toBe(true)
}

describe.concurrent('the profile', () => {
  test('a 36 MB file (profiled in the worker thread): every figure against an exact count, event types only from EVENT_TYPE', async () => {
    const { text, exact } = interactionsFile(860_000, i => (i * 7_919) % 300_000)
    expect(text.length).toBeGreaterThan(33 * 1024 * 1024)
    const run = await checkOnly({ 'data/interactions.csv': text })
    expect(run.code).toBe(0)
    const profile = checks(run).profile
    expect(profile.records).toBe(860_000)
    near(profile.users, exact.users, 0.02)
    near(profile.usersWithTwo, exact.usersWithTwo, 0.05)
    near(profile.items, exact.items, 0.02)
    expect([profile.firstEvent, profile.lastEvent]).toEqual([exact.first, exact.last])
    expect(profile.eventTypes).toEqual(
      Object.entries(exact.typeCounts)
        .map(([type, count]) => ({ type, count }))
        .sort((a, b) => b.count - a.count),
    )
    expect(run.summary).toContain('| event types | view 286,667, click 286,667, purchase 286,666 |')
  })

  test('262,144 one-time users then 100,000 users with 2 records: ~100,000 with 2+, no training warning', async () => {
    const { text, exact } = interactionsFile(462_144, i => (i < 262_144 ? i : 262_144 + ((i - 262_144) >> 1)))
    const run = await checkOnly({ 'data/interactions.csv': text })
    expect(run.code).toBe(0)
    const profile = checks(run).profile
    near(profile.users, exact.users, 0.02)
    near(profile.usersWithTwo, 100_000, 0.05)
    expect(findings(run).map(f => f.rule)).not.toContain('training-minimum')
  })

  test('no warning beside an error, and every count of records agrees', async () => {
    const trailing = await checkOnly({ 'data/i.csv': csv([HEADER, ...rows(1200).map(row => `${row},`)]) })
    expect(findings(trailing).map(f => f.rule)).toEqual(['cell-count'])
    const headerOnly = await checkOnly({ 'data/i.csv': `${HEADER}\n` })
    expect(shown(headerOnly)).not.toContain('The import can succeed')
    const lines = [
      'ITEM_ID,DESCRIPTION',
      ...Array.from({ length: 2000 }, (_, i) => (i % 20 ? `i${i},plain` : `i${i},"two\nlines"`)),
    ]
    const broken = await checkOnly({ 'data/items.csv': csv(lines) }, ITEMS_SCHEMA)
    const breaks = findings(broken).find(f => f.rule === 'line-break-in-value')
    expect([breaks?.count, breaks?.of]).toEqual([100, 2000])
    expect(checks(broken).profile).toMatchObject({ records: 2000, profiledRecords: 1900 })
    expect(broken.summary).toContain('| records | 2,000 (1,900 read cleanly: the figures below are theirs) |')
  })
})

describe.concurrent('the retraining gate', () => {
  test("a re-run that queues behind the first run's import of the same data is skipped when it ends ACTIVE", async () => {
    await bucket('truth-race', { 'a.csv': csv([HEADER, ...rows(1200)]) })
    const emulator = await personalize()
    emulator.scriptJob('first', { hold: true })
    const gate = { 'skip-unchanged': 'true', 'poll-interval-seconds': '1' }
    const first = await importRun(emulator, 's3://truth-race/', { inputs: { ...gate, 'job-name': 'first' } })
    expect(first.code).toBe(0)
    const second = importRun(emulator, 's3://truth-race/', { inputs: { ...gate, 'job-name': 'second', wait: 'true' } })
    // The re-run waits in the queue, reading the first job; only then does the first one end.
    await emulator.requested('DescribeDatasetImportJob', 2)
    emulator.finishJob('first')
    const run = await second
    expect(run.code).toBe(0)
    expect(creates(emulator).map(r => r.body.jobName)).toEqual(['first'])
    expect(run.outputs).toMatchObject({ skipped: 'true', 'job-name': 'first', status: 'ACTIVE' })
  })

  test.each([
    ['answers 400', { kind: 'invalid' as const }],
    ['answers 500 every time', { kind: 'http500' as const }],
    ['never answers', { kind: 'blackhole' as const }],
  ])('real time: ListTagsForResource %s: a notice, and the import goes on within seconds', async (_, fault) => {
    await bucket(`truth-tags-${fault.kind}`, { 'a.csv': csv([HEADER, ...rows(1200)]) })
    const emulator = await personalize()
    emulator.addJob({ jobName: 'earlier', datasetArn: DATASET, ageMs: 60_000 })
    emulator.addFault({ operation: 'ListTagsForResource', ...fault })
    const run = await importRun(emulator, `s3://truth-tags-${fault.kind}/`, {
      inputs: { 'skip-unchanged': 'true', 'poll-interval-seconds': '1' },
    })
    expect(run.code).toBe(0)
    expect(run.notices.join('\n')).toMatch(/The retraining gate cannot judge the data \(ListTagsForResource/)
    expect(creates(emulator)).toHaveLength(1)
  })

  test("tags with a key of the gate's prefix are an input error before any request", async () => {
    const emulator = await personalize()
    const run = await importRun(emulator, 's3://anywhere/x.csv', {
      inputs: { tags: 'team=ml\npersonalize-import:data-bytes=1', 'skip-unchanged': 'true' },
    })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      'Input tags tag 2 has a key that begins with personalize-import:, which this action keeps for the tags of its retraining gate (the data fingerprint and size that skip-unchanged and max-shrink-percent compare)',
    ])
    expect(emulator.requests).toEqual([])
  })

  test('a FULL import compared with the last FULL and the INCREMENTAL ones since; the refusal named in the summary and the commit status', async () => {
    await bucket('truth-shrink', { 'a.csv': csv([HEADER, ...rows(1200)]) })
    const emulator = await personalize()
    const tagged = (bytes: number) => [
      { tagKey: 'personalize-import:data-fingerprint', tagValue: `f${bytes}` },
      { tagKey: 'personalize-import:data-bytes', tagValue: String(bytes) },
    ]
    const done = {}
    emulator.addJob({ jobName: 'full', datasetArn: DATASET, ageMs: 600_000, tags: tagged(2 * 1024 ** 2), ...done })
    for (let i = 0; i < 5; i++) {
      const job = { jobName: `inc-${i}`, datasetArn: DATASET, importMode: 'INCREMENTAL', ageMs: 500_000 - i * 1000 }
      emulator.addJob({ ...job, tags: tagged(1024 ** 3), ...done })
    }
    const api = await github()
    const event = join(mkdtempSync(join(tmpdir(), 'truth-')), 'push.json')
    writeFileSync(event, '{}')
    const run = await importRun(emulator, 's3://truth-shrink/', {
      inputs: { 'max-shrink-percent': '60', 'commit-status': 'true', 'github-token': 'ghs_x' },
      env: { GITHUB_API_URL: api.url, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event, GITHUB_SHA: 'a'.repeat(40) },
    })
    expect(run.code).toBe(1)
    expect(creates(emulator)).toHaveLength(0)
    expect(run.errors.at(-1)).toMatch(
      /2\.0 MiB imported by full on \d{4}-\d\d-\d\d plus 5\.0 GiB by 5 INCREMENTAL imports since would be replaced by/,
    )
    expect(run.summary).toMatch(/^## Personalize dataset import: refused: the data shrinks by 100\.00% \(5\.0 GiB to /m)
    expect(run.summary).toContain('No import job was created.')
    expect(api.statuses.map(s => `${s.body.state}: ${s.body.description}`)).toEqual([
      expect.stringMatching(/^failure: Import refused: the data shrinks by 100\.00% \(5\.0 GiB to .* KiB\)$/),
    ])
  })

  test("a Create refused for tagging names the gate's two tags and what to do", async () => {
    await bucket('truth-tagging', { 'a.csv': csv([HEADER, ...rows(1200)]) })
    const emulator = await personalize()
    emulator.addFault({ operation: 'CreateDatasetImportJob', kind: 'denied', action: 'personalize:TagResource' })
    const run = await importRun(emulator, 's3://truth-tagging/', { inputs: { 'skip-unchanged': 'true' } })
    expect(run.code).toBe(1)
    expect(run.errors.at(-1)).toContain(
      'Creating a job with tags needs personalize:TagResource on dataset-import-job/*. The job carried the retraining ' +
        "gate's tags personalize-import:data-fingerprint and personalize-import:data-bytes (skip-unchanged, " +
        'max-shrink-percent): grant personalize:TagResource, or turn the gate off.',
    )
  })
})

async function github(): Promise<FakeGitHubApi> {
  const api = await startGitHubApi()
  closers.push(() => api.close())
  return api
}

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

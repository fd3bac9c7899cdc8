// The retraining gate says only what is true, through dist/index.js: races with a re-run, doubt on any failure
// of its optional reads, its own tag prefix, the size it compares with, and a refusal named for what it is.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type FakeGitHubApi, startGitHubApi } from '../../__fixtures__/github-api.mjs'
import { ACCOUNT, dataCheckedImport, startTestS3 } from '../../__fixtures__/harness.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

const DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/truth/INTERACTIONS`
const ITEMS = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/truth/ITEMS`
const SCHEMA = schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE)
const ITEMS_SCHEMA = schemaWith('ITEMS', FIELDS.DESCRIPTION)
const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'
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

const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob')

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

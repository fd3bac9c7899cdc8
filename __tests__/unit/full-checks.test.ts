// data-checks: full in process, against s3rver behind the S3 emulator's front: every byte of every object is read
// (in ranged parts, a few in flight) through the reader and rules of workspace files, so the findings, their lines
// and the profile are what local-data gives for the same bytes; faults, a denied object, progress, the deadline.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startTestS3 } from '../../__fixtures__/harness.js'
import { dataCheckedImport, runInProcess } from '../../__fixtures__/in-process.js'
import {
  csvOf as csv,
  INTERACTIONS_DATASET as DATASET,
  INTERACTIONS_HEADER as HEADER,
  interactionRows as rows,
  INTERACTIONS_SCHEMA as SCHEMA,
} from '../../__fixtures__/interactions.js'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

let s3: S3Emulator
const emulators: PersonalizeEmulator[] = []
beforeAll(async () => {
  s3 = await startTestS3()
})
afterAll(async () => {
  await Promise.all(emulators.map(emulator => emulator.close()))
  await s3.close()
})

async function setup(bucket: string, files: Record<string, string>) {
  await s3.createBucket(bucket, { policy: personalizeReadPolicy(bucket) })
  for (const [key, body] of Object.entries(files)) await s3.putObject(bucket, key, body)
  const emulator = await startEmulator()
  emulator.addDataset({ arn: DATASET, schema: SCHEMA })
  emulators.push(emulator)
  return emulator
}

const full = (emulator: PersonalizeEmulator, location: string, extra: Parameters<typeof dataCheckedImport>[1] = {}) =>
  dataCheckedImport(
    { emulator, s3Url: s3.url, datasetArn: DATASET, location },
    { ...extra, inputs: { wait: 'false', 'data-checks': 'full', ...extra.inputs } },
  )
const checksOf = (run: { outputs: Record<string, string> }) => JSON.parse(run.outputs.checks ?? '{}')
const creates = (emulator: PersonalizeEmulator) => emulator.requestsFor('CreateDatasetImportJob').length

describe.concurrent('data-checks: full', () => {
  test('a bad record past the first MiB, in the second part of a 9 MiB object, is found on its line', async () => {
    const good = rows(300_000)
    const lines = [HEADER, ...good, 'user-1,item-1,1700000000123,click']
    const body = csv(lines)
    expect(body.length).toBeGreaterThan(8 * 1024 * 1024) // two parts
    const emulator = await setup('full-big', { 'data/part-1.csv': body })
    const run = await full(emulator, 's3://full-big/data/')
    expect(run.code).toBe(1)
    expect(creates(emulator)).toBe(0)
    const checks = checksOf(run)
    const finding = checks.findings.find((f: { rule: string }) => f.rule === 'timestamp-unit')
    expect(finding).toMatchObject({ file: 's3://full-big/data/part-1.csv', line: lines.length, count: 1 })
    expect(checks.data).toMatchObject({ objectsChecked: 1, complete: true, records: 300_001 })
    expect(checks.data.bytesRead).toBe(body.length)
    // The sample would not have seen it: the same data, sampled, passes.
    const sampled = await dataCheckedImport(
      { emulator, s3Url: s3.url, datasetArn: DATASET, location: 's3://full-big/data/' },
      { inputs: { wait: 'false' } },
    )
    expect(sampled.code).toBe(0)
  })

  test('clean data: every record profiled (scope all), exact counts, the egress line, one Create', async () => {
    const files: Record<string, string> = {}
    for (let i = 0; i < 5; i++) files[`data/part-${i}.csv`] = csv([HEADER, ...rows(1000, i * 1000)])
    const emulator = await setup('full-clean', files)
    const run = await full(emulator, 's3://full-clean/data/')
    expect(run.code).toBe(0)
    expect(creates(emulator)).toBe(1)
    const { data: report } = checksOf(run)
    expect(report).toMatchObject({ objectsFound: 5, objectsChecked: 5, complete: true, records: 5000 })
    expect(report.profile).toMatchObject({
      scope: 'all',
      records: 5000,
      users: { value: 40, exact: true },
      items: { value: 97, exact: true },
    })
    expect(run.stdout).toMatch(/reading all 5 objects at s3:\/\/full-clean\/data\/ in full \([\d.]+ KiB\)/)
    expect(run.stdout).toMatch(/about \$0\.00 at \$0\.09 per GB/)
  })

  test('a part cut mid-answer and a throttled part are asked for again: the same counts', async () => {
    const body = csv([HEADER, ...rows(300_000)])
    // Faults apply to every bucket of an S3 emulator: this test has its own.
    const own = await startTestS3()
    await own.createBucket('full-faults', { policy: personalizeReadPolicy('full-faults') })
    await own.putObject('full-faults', 'data/part-1.csv', body)
    const emulator = await startEmulator()
    emulator.addDataset({ arn: DATASET, schema: SCHEMA })
    emulators.push(emulator)
    own.addFault({ operation: 'GetObject', kind: 'cut', times: 1 })
    own.addFault({ operation: 'GetObject', kind: 'throttle', times: 1 })
    const run = await dataCheckedImport(
      { emulator, s3Url: own.url, datasetArn: DATASET, location: 's3://full-faults/data/' },
      { inputs: { wait: 'false', 'data-checks': 'full' } },
    ).finally(() => own.close())
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/GetObject: failed \(ECONNRESET\)/)
    expect(run.stdout).toMatch(/GetObject: throttled \(SlowDown\)/)
    expect(checksOf(run).data).toMatchObject({ complete: true, records: 300_000, bytesRead: body.length })
    expect(checksOf(run).data.profile.records).toBe(300_000)
  })

  test('an object the credentials may not read is skipped with a warning; the others are read whole', async () => {
    const emulator = await setup('full-denied', {
      'data/a.csv': csv([HEADER, ...rows(1000)]),
      'data/b.csv': csv([HEADER, ...rows(1000, 1000)]),
    })
    s3.deny({ operation: 'GetObject', bucket: 'full-denied' })
    const run = await full(emulator, 's3://full-denied/data/')
    s3.denials.length = 0
    expect(run.code).toBe(0)
    expect(run.warnings.join('\n')).toMatch(
      /Skipped the data check of s3:\/\/full-denied\/data\/a\.csv: the credentials lack s3:GetObject/,
    )
    expect(checksOf(run).data.complete).toBe(false)
  })

  test('a progress line every 10 s of reading: bytes, records, throughput and the time left', async () => {
    const body = csv([HEADER, ...rows(300_000)])
    const emulator = await setup('full-progress', { 'data/part-1.csv': body })
    const run = await full(emulator, 's3://full-progress/data/', { clockTick: 1000 })
    const progress = run.stdout
      .split('\n')
      .filter(line => / read \(\d+%\), [\d,]+ records, [\d.]+ MiB\/s, about /.test(line))
    expect(progress.length).toBeGreaterThan(1)
    expect(run.stdout).toMatch(/Data checks: read [\d.]+ MiB and 300,000 records in /)
  })

  test('cancellation during the read: no Create, and the step says the data was being checked', async () => {
    const body = csv([HEADER, ...rows(300_000)])
    const emulator = await setup('full-cancel', { 'data/part-1.csv': body })
    const firstGet = new Promise<void>(resolve => {
      const timer = setInterval(() => {
        if (!s3.requests.some(r => r.bucket === 'full-cancel' && r.operation === 'GetObject')) return
        clearInterval(timer)
        resolve()
      }, 1)
    })
    const run = await full(emulator, 's3://full-cancel/data/', { cancelWhen: firstGet })
    expect(run.code).toBe(1)
    expect(creates(emulator)).toBe(0)
    expect(run.errors.join('\n')).toMatch(/Stopped before an import job was created \(no Create was sent\)/)
  })
})

test('data-checks full or athena without preflight: true is an input error', async () => {
  const run = await runInProcess({
    inputs: {
      'dataset-arn': DATASET,
      'data-location': 's3://data-bucket/data/',
      preflight: 'dataset',
      'data-checks': 'full',
    },
  })
  expect(run.code).toBe(1)
  expect(run.errors).toEqual([
    expect.stringMatching(/^Input data-checks is full, which reads the data at data-location/),
  ])
})

// A whole dataset group in one step, through dist/index.js: every dataset checked before any Create, imports side
// by side within the quota, one outcome, and a handoff by names that survives a masked account ID.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, runAction, startTestS3 } from '../../__fixtures__/harness.js'
import { scaled } from '../../__fixtures__/time-scale.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

const interactions = (rows: number, items = 97) =>
  `USER_ID,ITEM_ID,TIMESTAMP\n${Array.from({ length: rows }, (_, i) => `u${i % 100},i${i % items},${1_700_000_000 + i}`).join('\n')}\n`
const items = (n: number) => `ITEM_ID,GENRES\n${Array.from({ length: n }, (_, i) => `i${i},a|b`).join('\n')}\n`
const users = (n: number) =>
  `USER_ID,AGE\n${Array.from({ length: n }, (_, i) => `u${i},${20 + (i % 50)}`).join('\n')}\n`
const DATASETS =
  'interactions: s3://group-data/interactions/\nitems: s3://group-data/items/items.csv\nusers: s3://group-data/users/'

let s3: S3Emulator
const emulators: PersonalizeEmulator[] = []
beforeAll(async () => {
  s3 = await startTestS3()
  await s3.createBucket('group-data', { policy: personalizeReadPolicy('group-data') })
  await s3.putObject('group-data', 'interactions/part-1.csv', interactions(1200))
  await s3.putObject('group-data', 'items/items.csv', items(97))
  await s3.putObject('group-data', 'users/part-1.csv', users(100))
})
afterAll(async () => {
  await Promise.all(emulators.map(emulator => emulator.close()))
  await s3.close()
})

async function group(name: string): Promise<{ emulator: PersonalizeEmulator; arn: string }> {
  const emulator = await startEmulator()
  emulators.push(emulator)
  return { emulator, arn: emulator.addGroup(name) }
}

function importGroup(
  emulator: PersonalizeEmulator,
  arn: string,
  inputs: Record<string, string> = {},
  extra: Partial<Parameters<typeof runAction>[0]> = {},
) {
  return runAction({
    emulator,
    inputs: {
      'dataset-group-arn': arn,
      datasets: DATASETS,
      'import-mode': 'FULL',
      'poll-interval-seconds': '1',
      preflight: 'true',
      ...inputs,
    },
    env: { AWS_ENDPOINT_URL_S3: s3.url, ...extra.env },
    ...(extra.onSpawn ? { onSpawn: extra.onSpawn } : {}),
  })
}

const jobs = (run: { outputs: Record<string, string> }) => JSON.parse(run.outputs.jobs ?? '{}')
const operations = (emulator: PersonalizeEmulator) => emulator.requests.map(r => r.operation)

describe.concurrent('a dataset group in one step', () => {
  test('three clean datasets: three Creates before any import ends, one wait, the step ends with the last import', async () => {
    const { emulator, arn } = await group('retail')
    // The interactions take longest: two more status checks than the others.
    emulator.defaultScript = { pendingReads: 1, inProgressReads: 0, outcome: 'ACTIVE' }
    const run = await importGroup(emulator, arn, { 'job-name': 'nightly' })
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    const ops = operations(emulator)
    const creates = ops.flatMap((op, i) => (op === 'CreateDatasetImportJob' ? [i] : []))
    expect(creates).toHaveLength(3)
    // Every Create went out before the first status check of any job.
    expect(Math.max(...creates)).toBeLessThan(ops.indexOf('DescribeDatasetImportJob'))
    // Each job read as often as a single wait reads it (PENDING, then ACTIVE): no extra calls.
    expect(ops.filter(op => op === 'DescribeDatasetImportJob')).toHaveLength(6)
    const lastDescribe = Math.max(...emulator.requestsFor('DescribeDatasetImportJob').map(r => r.at))
    expect(Date.now() - lastDescribe).toBeLessThan(scaled(5_000))
    expect(jobs(run)).toEqual({
      interactions: expect.objectContaining({ 'job-name': 'nightly-interactions', status: 'ACTIVE', skipped: false }),
      items: expect.objectContaining({ 'job-name': 'nightly-items', status: 'ACTIVE' }),
      users: expect.objectContaining({ 'job-name': 'nightly-users', status: 'ACTIVE' }),
    })
    expect(JSON.parse(run.outputs['job-names'] ?? '{}')).toEqual({
      interactions: 'nightly-interactions',
      items: 'nightly-items',
      users: 'nightly-users',
    })
    expect(run.outputs).toMatchObject({ status: 'ACTIVE', skipped: 'false', 'failure-reason': '' })
    expect(run.summary).toMatch(/^## Personalize dataset import \(retail\): 3 imports ACTIVE/m)
  })

  test('one import CREATE FAILED while two end ACTIVE: exit 1, naming it, and jobs shows all three', async () => {
    const { emulator, arn } = await group('partly')
    emulator.scriptJob('nightly-items', {
      pendingReads: 1,
      outcome: 'CREATE FAILED',
      failureReason: 'Input csv is missing the following columns: [ITEM_ID]',
    })
    const run = await importGroup(emulator, arn, { 'job-name': 'nightly', preflight: 'dataset' })
    expect(run.code).toBe(1)
    expect(run.errors).toEqual([
      expect.stringMatching(/^items: Import job .*nightly-items failed: Input csv is missing the following columns/),
    ])
    expect(
      Object.fromEntries(Object.entries(jobs(run)).map(([type, job]) => [type, (job as { status: string }).status])),
    ).toEqual({
      interactions: 'ACTIVE',
      items: 'CREATE FAILED',
      users: 'ACTIVE',
    })
    expect(run.outputs).toMatchObject({
      status: 'CREATE FAILED',
      'failure-reason': 'items: Input csv is missing the following columns: [ITEM_ID]',
    })
  })

  test('cancelled after the Creates: every job in the outputs; a re-run adopts each, and imports nothing twice', async () => {
    const { emulator, arn } = await group('cancelled')
    emulator.defaultScript = { pendingReads: 1, inProgressReads: 0, outcome: 'ACTIVE', hold: true }
    const run = await importGroup(
      emulator,
      arn,
      { 'job-name': 'held', preflight: 'dataset' },
      {
        onSpawn: child => {
          const timer = setInterval(() => {
            if (emulator.requestsFor('DescribeDatasetImportJob').length >= 3) {
              clearInterval(timer)
              child.kill('SIGINT')
            }
          }, 20)
        },
      },
    )
    expect(run.code).toBe(1)
    expect(Object.keys(jobs(run)).sort()).toEqual(['interactions', 'items', 'users'])
    for (const job of ['held-interactions', 'held-items', 'held-users']) emulator.finishJob(job)
    const again = await importGroup(emulator, arn, { 'job-name': 'held', preflight: 'dataset' })
    expect(again.code).toBe(0)
    expect(emulator.jobs.size).toBe(3)
    expect(again.notices.filter(notice => notice.includes('Attached to it instead of creating another'))).toHaveLength(
      3,
    )
  })

  test('a later step waits for the jobs by job-names: no ARN, so no account ID, has to pass between jobs', async () => {
    const { emulator, arn } = await group('handoff')
    const created = await importGroup(emulator, arn, { wait: 'false', preflight: 'dataset' })
    expect(created.code).toBe(0)
    const names = created.outputs['job-names'] ?? ''
    // The runner drops every job output that holds a secret: with mask-aws-account-id, the account ID is one.
    expect(names).not.toContain(ACCOUNT)
    expect(created.outputs.jobs).toContain(ACCOUNT)
    const later = await runAction({
      emulator,
      inputs: { 'dataset-group-arn': arn, 'job-names': names, 'poll-interval-seconds': '1' },
    })
    expect(later.code).toBe(0)
    expect(later.outputs.status).toBe('ACTIVE')
    expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(3)
  })

  test("bad items data: no Create for any dataset, and every dataset's findings reported", async () => {
    const { emulator, arn } = await group('bad-items')
    await s3.putObject('group-data', 'bad/items.csv', 'ITEM_ID,GENRES\n,a\ni2,b\n')
    const run = await importGroup(emulator, arn, {
      datasets: 'interactions: s3://group-data/interactions/\nitems: s3://group-data/bad/items.csv',
    })
    expect(run.code).toBe(1)
    expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(0)
    expect(run.errors.at(-1)).toMatch(
      /^items: The data breaks the dataset's rules \(1 error; first: s3:\/\/group-data\/bad\/items\.csv/,
    )
    const checks = JSON.parse(run.outputs.checks ?? '{}')
    expect(Object.keys(checks.datasets).sort()).toEqual(['interactions', 'items'])
    expect(checks.datasets.items.errors).toBe(1)
    expect(run.summary).toContain('interactions: not created: items failed before Create')
  })

  test('interactions whose items are missing from Items: a warning with the count and share, and the imports go on', async () => {
    const { emulator, arn } = await group('unknown-items')
    await s3.putObject('group-data', 'few/items.csv', items(90))
    const run = await importGroup(emulator, arn, {
      datasets: 'interactions: s3://group-data/interactions/\nitems: s3://group-data/few/items.csv',
      wait: 'false',
    })
    expect(run.code).toBe(0)
    expect(run.warnings).toContain(
      'interactions: 84 interactions records (7.0% of those read) name an ITEM_ID that the items dataset does not hold. ' +
        'Add the items to the Items data, or drop the interactions: recommenders cannot use metadata they lack.',
    )
    expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(2)
  })

  test('4 imports already running in the region leave one slot: the group queues and completes', async () => {
    const { emulator, arn } = await group('crowded')
    const others = emulator.addGroup('others', ['INTERACTIONS', 'ITEMS', 'USERS', 'ACTIONS'])
    for (const type of ['INTERACTIONS', 'ITEMS', 'USERS', 'ACTIONS']) {
      emulator.addJob({
        jobName: `running-${type.toLowerCase()}`,
        datasetArn: `${others.replace('dataset-group/', 'dataset/')}/${type}`,
        hold: true,
      })
    }
    const running = importGroup(emulator, arn, { 'job-name': 'queued', preflight: 'dataset' })
    // The others end one by one once the group has met the quota: the group takes each slot that frees.
    await emulator.requested('CreateDatasetImportJob', 3)
    for (const type of ['interactions', 'items', 'users', 'actions']) emulator.finishJob(`running-${type}`)
    const run = await running
    expect(run.code).toBe(0)
    expect(run.outputs.status).toBe('ACTIVE')
    expect(run.stdout).toContain(
      'Waiting for a free slot: region us-east-1 has 5 imports pending or in progress (the quota)',
    )
  })

  test('skip-unchanged on two of three datasets whose data is unchanged: one Create', async () => {
    const { emulator, arn } = await group('unchanged')
    const first = await importGroup(emulator, arn, { 'skip-unchanged': 'true', 'job-name': 'first' })
    expect(first.code).toBe(0)
    const datasets = `${DATASETS.replace('users: s3://group-data/users/', 'users:\n  data-location: s3://group-data/users/\n  skip-unchanged: false')}`
    const second = await importGroup(emulator, arn, { 'skip-unchanged': 'true', 'job-name': 'second', datasets })
    expect(second.code).toBe(0)
    expect(
      emulator
        .requestsFor('CreateDatasetImportJob')
        .map(r => r.body.jobName)
        .slice(3),
    ).toEqual(['second-users'])
    expect(JSON.parse(second.outputs.jobs ?? '{}')).toMatchObject({
      interactions: { 'job-name': 'first-interactions', skipped: true, status: 'ACTIVE' },
      items: { 'job-name': 'first-items', skipped: true },
      users: { 'job-name': 'second-users', skipped: false, status: 'ACTIVE' },
    })
    expect(second.outputs.skipped).toBe('false')
  })
})

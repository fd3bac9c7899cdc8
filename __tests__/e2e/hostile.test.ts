// What a hostile or unlucky run does to the step, row by row, through dist/index.js: debug logging,
// firewalls, odd proxies, cancellation, data that is not CSV, outages of GitHub. Each test is one row.
import type { ChildProcess } from 'node:child_process'
import { appendFileSync, truncateSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type FakeGitHubApi, startGitHubApi } from '../../__fixtures__/github-api.mjs'
import { ACCOUNT, dataCheckedImport, peakRss, runAction, startTestS3 } from '../../__fixtures__/harness.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { scaled } from '../../__fixtures__/time-scale.mjs'
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
const TOKEN = 'ghs_FakeTokenThatMustNeverBeLogged0123456789'

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

async function github(): Promise<FakeGitHubApi> {
  const api = await startGitHubApi()
  closers.push(() => api.close())
  return api
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
  return dataCheckedImport(
    { emulator, s3Url: s3.url, datasetArn: DATASET, location },
    { inputs: { wait: 'false', ...extra.inputs }, ...(extra.env ? { env: extra.env } : {}) },
  )
}

/** A Create whose data is checked from the workspace copy (local-data), S3 left unread. */
const createWithLocalData = (extra: Record<string, string> = {}) => ({
  'dataset-arn': DATASET,
  'data-location': 's3://anywhere/in/',
  'import-mode': 'FULL',
  preflight: 'dataset',
  'local-data': 'data/*.csv',
  ...extra,
})

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
/** What decides a run: its exit code, which outputs it wrote, and its annotations (not the status a moment read). */
const outcome = (run: Awaited<ReturnType<typeof runAction>>) => ({
  code: run.code,
  outputs: Object.keys(run.outputs).sort(),
  errors: run.errors,
  warnings: run.warnings,
  notices: run.notices,
})

/** A TCP server that accepts connections and never says a word: a firewalled or black-holed endpoint. */
async function silentServer(): Promise<string> {
  const sockets = new Set<Socket>()
  const server: Server = createServer(socket => sockets.add(socket))
  await new Promise<void>(done => server.listen(0, '127.0.0.1', done))
  closers.push(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise(done => server.close(done))
  })
  const address = server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
}

/** SIGTERM, once, when the local check has begun (a second one would hit the process while it exits). */
function signalWhenReading(child: ChildProcess): void {
  let seen = ''
  child.stdout?.on('data', chunk => {
    if (seen.includes('to check in full')) return
    seen += String(chunk)
    if (seen.includes('to check in full')) child.kill('SIGTERM')
  })
}

/** A 16 GiB sparse file (a header, then zeros) that takes far longer to read than any test waits. */
const HUGE = 16 * 1024 ** 3
function huge(workspace: string): void {
  const path = join(workspace, 'data', 'huge.csv')
  writeFileSync(path, `${HEADER}\n`)
  truncateSync(path, HUGE)
}

describe.concurrent('a hostile or unlucky run', () => {
  test('debug logging (RUNNER_DEBUG=1) changes nothing: a default import, check-only, a commit status', async () => {
    await bucket('debug-data', { 'in/a.csv': csv([HEADER, ...rows(1200)]) })
    const api = await github()
    const variants = async (debug: boolean) => {
      const env = debug ? { RUNNER_DEBUG: '1' } : {}
      const [first, second] = [await personalize(), await personalize()]
      return Promise.all([
        importRun(first, 's3://debug-data/in/', { env }),
        checkOnly({ 'data/a.csv': csv([HEADER, ...rows(1200), 'u,,1,click']) }, {}, env),
        importRun(second, 's3://debug-data/in/', {
          inputs: { 'commit-status': 'true', 'github-token': TOKEN },
          env: { ...env, GITHUB_API_URL: api.url, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'a'.repeat(40) },
        }),
      ])
    }
    const [plain, debug] = await Promise.all([variants(false), variants(true)])
    expect(debug.map(outcome)).toEqual(plain.map(outcome))
    expect(plain.map(run => run.code)).toEqual([0, 1, 0])
    expect(debug[0]?.stdout).toContain('::debug::sdk: ')
    // wait: false leaves the status pending, with and without debug logging.
    expect(api.statuses.map(s => s.body.state)).toEqual(['pending', 'pending'])
  })

  test('real time: S3 that never answers (a firewall) costs ~10 s and a warning; the import goes on', async () => {
    const emulator = await personalize()
    const started = Date.now()
    const run = await importRun(emulator, 's3://firewalled/in/', {
      inputs: { 'wait-timeout-minutes': '1' },
      env: { AWS_ENDPOINT_URL_S3: await silentServer() },
    })
    expect(run.code).toBe(0)
    expect(creates(emulator)).toBe(1)
    expect(run.warnings).toEqual([
      expect.stringMatching(/^Skipped the data checks: S3 gave no answer at all within 10s/),
    ])
    expect(Date.now() - started).toBeLessThan(scaled(40_000))
  })

  test('real time: check-only over a huge file: SIGTERM, or the deadline, ends it as cancelled or timed out, never passed', async () => {
    const signalled = runAction({
      inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schema.json' },
      env: NO_AWS,
      workspaceFiles: { 'schema.json': JSON.stringify(SCHEMA), 'data/.keep': '' },
      onWorkspace: huge,
      onSpawn: child => {
        signalWhenReading(child)
      },
    })
    const timed = runAction({
      inputs: {
        'check-only': 'true',
        'local-data': 'data/*.csv',
        'schema-file': 'schema.json',
        'wait-timeout-minutes': '0.05',
      },
      env: NO_AWS,
      workspaceFiles: { 'schema.json': JSON.stringify(SCHEMA), 'data/.keep': '' },
      onWorkspace: huge,
    })
    const [cancelled, outOfTime] = await Promise.all([signalled, timed])
    expect(cancelled.code).toBe(1)
    expect(cancelled.errors).toEqual(['Stopped before an import job was created (no Create was sent).'])
    expect(outOfTime.code).toBe(1)
    expect(outOfTime.errors).toEqual([
      expect.stringMatching(
        /^Gave up after \ds \(wait-timeout-minutes\): reading local-data had not succeeded\. No import job was created\.$/,
      ),
    ])
    for (const run of [cancelled, outOfTime]) expect(shown(run)).not.toContain('checks passed')
  })

  test('cancelled during the local check before Create: no job outputs, "no import job was created"', async () => {
    const emulator = await personalize()
    const run = await runAction({
      emulator,
      inputs: createWithLocalData(),
      workspaceFiles: { 'data/.keep': '' },
      onWorkspace: huge,
      onSpawn: child => {
        signalWhenReading(child)
      },
    })
    expect(run.code).toBe(1)
    expect(creates(emulator)).toBe(0)
    expect(run.outputs['job-arn']).toBeUndefined()
    expect(run.outputs['job-name']).toBeUndefined()
    expect(run.errors).toEqual(['Stopped before an import job was created (no Create was sent).'])
  })

  test('check-only of local data against a schema-file posts a status named for the schema', async () => {
    const api = await github()
    const run = await checkOnly(
      { 'data/a.csv': csv([HEADER, ...rows(1100)]) },
      { 'commit-status': 'true', 'github-token': TOKEN },
      { GITHUB_API_URL: api.url, GITHUB_EVENT_NAME: 'push', GITHUB_SHA: 'b'.repeat(40) },
    )
    expect(run.code).toBe(0)
    expect(api.statuses.map(s => [s.body.context, s.body.state])).toEqual([
      ['Personalize data check (Interactions)', 'success'],
    ])
  })

  test(
    'names with | and line breaks stay in their table rows; the type from a schema named MyInteractions; flat memory on a line of 64 MB',
    async () => {
      const named = await checkOnly({
        'data/a|b.csv': csv([HEADER, 'u,,1,click']),
        'data/new\nline.csv': csv([HEADER]),
      })
      const table = named.summary.split('\n').filter(line => line.startsWith('| '))
      expect(table.every(line => line.endsWith('|'))).toBe(true)
      expect(named.summary).toContain('`data/a\\|b.csv`')
      const mine = await runAction({
        inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schema.json' },
        env: NO_AWS,
        workspaceFiles: {
          'schema.json': JSON.stringify({ ...SCHEMA, name: 'MyInteractions' }),
          'data/a.csv': csv([HEADER, ...rows(999)]),
        },
      })
      expect(findings(mine).map(f => f.rule)).toEqual(['too-few-records'])
      expect(mine.stdout).toContain('the dataset type INTERACTIONS comes from the schema\'s name ("MyInteractions")')
      const memory = peakRss()
      const nul = await runAction({
        inputs: { 'check-only': 'true', 'local-data': 'data/*.csv', 'schema-file': 'schema.json' },
        env: NO_AWS,
        workspaceFiles: { 'schema.json': JSON.stringify(SCHEMA), 'data/.keep': '' },
        // A loaded machine reads slowly: the run may take its time; only its memory is judged.
        killAfterMs: scaled(120_000),
        onWorkspace: workspace => {
          // 256 MB without a line break: the reader keeps 16 MiB of a line at most.
          const mib = Buffer.alloc(1024 ** 2, 0x78)
          writeFileSync(join(workspace, 'data', 'long.csv'), '')
          for (let i = 0; i < 256; i++) appendFileSync(join(workspace, 'data', 'long.csv'), mib)
        },
        onSpawn: memory.onSpawn,
      })
      expect(nul.code).toBe(1)
      expect(findings(nul).map(f => f.rule)).toEqual(expect.arrayContaining(['header-too-long']))
      expect(memory.peakMiB()).toBeLessThan(150)
    },
    scaled(120_000),
  )
})

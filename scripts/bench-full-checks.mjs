// `npm run bench`, checking all of the data: data-checks: full against local-data on the same bytes (both in
// check-only with the dataset's schema from the emulator, so only where the bytes come from differs), their peak
// RSS, and the size of the Athena query the action generates for each dataset type (data-checks: athena against the
// Athena emulator).
import { readFileSync } from 'node:fs'
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { prepareStep } from '../__fixtures__/run-action.mjs'
import { FIELDS, schemaWith } from '../__fixtures__/schemas.mjs'
import { startAthena } from '../emulator/athena.mjs'
import { startEmulator } from '../emulator/personalize.mjs'
import { personalizeReadPolicy, startS3 } from '../emulator/s3.mjs'

/**
 * @param {{ file: string, workspace: string, runs: number, credentials: { AWS_ACCESS_KEY_ID: string, AWS_SECRET_ACCESS_KEY: string },
 *   measure: (command: string, args: string[], env: Record<string, string>) => Promise<{ wallMs: number, rssMiB: number }>,
 *   node: string, bundle: string }} options
 */
export async function fullChecksBench(options) {
  const s3 = await startS3({
    accessKeyId: options.credentials.AWS_ACCESS_KEY_ID,
    secretAccessKey: options.credentials.AWS_SECRET_ACCESS_KEY,
  })
  const personalize = await startEmulator()
  const athena = await startAthena({ s3 })
  try {
    return {
      throughput: await fullAgainstLocal(options, s3, personalize),
      sql: await querySizes(options, s3, personalize, athena),
    }
  } finally {
    await athena.close()
    await personalize.close()
    await s3.close()
  }
}

const DATASET = 'arn:aws:personalize:us-east-1:123456789012:dataset/bench-full/INTERACTIONS'

/**
 * @param {Parameters<typeof fullChecksBench>[0]} options
 * @param {import('../emulator/s3.mjs').S3Emulator} s3 @param {import('../emulator/personalize.mjs').PersonalizeEmulator} personalize
 */
async function fullAgainstLocal(options, s3, personalize) {
  personalize.addDataset({ arn: DATASET, schema: schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE, FIELDS.EVENT_VALUE) })
  const body = readFileSync(options.file)
  await s3.createBucket('bench-full', { policy: personalizeReadPolicy('bench-full') })
  // Served from memory by the emulator's front (as a generated object), not from s3rver's files through Koa: the
  // emulator shares this machine's cores with the action, so the lighter it serves, the more the action is measured.
  await s3.putGeneratedObject('bench-full', 'data/interactions.csv', {
    head: body.toString(),
    block: '',
    repeat: 0,
    tail: '',
  })
  const step = (/** @type {Record<string, string>} */ inputs) =>
    prepareStep({
      inputs: { 'check-only': 'true', 'dataset-arn': DATASET, 'import-mode': 'FULL', preflight: 'true', ...inputs },
      endpoint: personalize.url,
      env: { AWS_ENDPOINT_URL_S3: s3.url, GITHUB_WORKSPACE: options.workspace },
    }).env
  const local = []
  const full = []
  for (let i = 0; i < options.runs; i++) {
    local.push(await options.measure(options.node, [options.bundle], step({ 'local-data': 'data/*.csv' })))
    full.push(
      await options.measure(
        options.node,
        [options.bundle],
        step({ 'data-location': 's3://bench-full/data/', 'data-checks': 'full' }),
      ),
    )
  }
  // The floor S3 sets here: the same bytes fetched and discarded by this process (which also serves them), 4
  // ranged GETs in flight as the action asks. The emulator shares the machine's cores with the action.
  const floor = []
  for (let i = 0; i < options.runs; i++)
    floor.push(await downloadMs(s3, 'bench-full', 'data/interactions.csv', body.length))
  const median = (/** @type {number[]} */ values) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
  const megabytes = body.length / 1e6
  const localMBs = megabytes / (median(local.map(run => run.wallMs)) / 1000)
  const fullMBs = megabytes / (median(full.map(run => run.wallMs)) / 1000)
  return {
    megabytes,
    localMBs,
    fullMBs,
    ratio: fullMBs / localMBs,
    s3FloorMBs: megabytes / (median(floor) / 1000),
    localRssMiB: Math.max(...local.map(run => run.rssMiB)),
    fullRssMiB: Math.max(...full.map(run => run.rssMiB)),
  }
}

/**
 * Milliseconds to fetch an object through the S3 emulator's front in 2 MiB ranges, 4 at a time, discarding them.
 * @param {import('../emulator/s3.mjs').S3Emulator} s3 @param {string} bucket @param {string} key @param {number} size
 */
async function downloadMs(s3, bucket, key, size) {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.url,
    forcePathStyle: true,
    credentials: s3.credentials,
  })
  const part = 2 * 1024 * 1024
  const started = performance.now()
  let next = 0
  const worker = async () => {
    while (next < size) {
      const from = next
      next += part
      const answer = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${from}-${Math.min(size, from + part) - 1}` }),
      )
      await answer.Body?.transformToByteArray()
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  client.destroy()
  return performance.now() - started
}

/** The datasets whose query is measured: the default schemas with the optional fields users add most. */
const SQL_DATASETS = [
  {
    type: 'INTERACTIONS',
    schema: schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE, FIELDS.EVENT_VALUE),
    header: 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE',
    row: (/** @type {number} */ i) => `u${i % 50},i${i % 70},${1_700_000_000 + i},click,1.5`,
  },
  {
    type: 'ITEMS',
    schema: schemaWith(
      'ITEMS',
      { name: 'PRICE', type: 'float' },
      { name: 'CREATION_TIMESTAMP', type: 'long' },
      FIELDS.DESCRIPTION,
    ),
    header: 'ITEM_ID,GENRES,PRICE,CREATION_TIMESTAMP,DESCRIPTION',
    row: (/** @type {number} */ i) => `i${i},Comedy,${i}.5,${1_700_000_000 + i},"An item"`,
  },
  {
    type: 'USERS',
    schema: schemaWith('USERS', { name: 'MEMBERSHIP', type: ['null', 'string'], categorical: true }),
    header: 'USER_ID,AGE,MEMBERSHIP',
    row: (/** @type {number} */ i) => `u${i},${20 + (i % 50)},gold`,
  },
]

/**
 * @param {Parameters<typeof fullChecksBench>[0]} options @param {import('../emulator/s3.mjs').S3Emulator} s3
 * @param {import('../emulator/personalize.mjs').PersonalizeEmulator} personalize @param {import('../emulator/athena.mjs').AthenaEmulator} athena
 */
async function querySizes(options, s3, personalize, athena) {
  await s3.createBucket('bench-sql', { policy: personalizeReadPolicy('bench-sql') })
  const sizes = []
  for (const dataset of SQL_DATASETS) {
    const arn = `arn:aws:personalize:us-east-1:123456789012:dataset/bench-sql/${dataset.type}`
    personalize.addDataset({ arn, schema: dataset.schema })
    const rows = Array.from({ length: 1200 }, (_, i) => dataset.row(i))
    await s3.putObject('bench-sql', `${dataset.type}/data.csv`, `${dataset.header}\n${rows.join('\n')}\n`)
    const before = athena.statements.length
    const env = prepareStep({
      inputs: {
        'check-only': 'true',
        'dataset-arn': arn,
        'data-location': `s3://bench-sql/${dataset.type}/`,
        'import-mode': 'FULL',
        preflight: 'true',
        'data-checks': 'athena',
      },
      endpoint: personalize.url,
      env: { AWS_ENDPOINT_URL_S3: s3.url, AWS_ENDPOINT_URL_ATHENA: athena.url, GITHUB_WORKSPACE: options.workspace },
    }).env
    await options.measure(options.node, [options.bundle], env)
    const query = athena.statements.slice(before).find(sql => sql.startsWith('WITH')) ?? ''
    if (query === '') throw new Error(`no Athena query was run for ${dataset.type}`)
    sizes.push({ type: dataset.type, fields: dataset.header.split(',').length, bytes: Buffer.byteLength(query) })
  }
  return sizes
}

// `npm run demo`: a newcomer's first look, no AWS account needed. Starts the local Personalize emulator and S3
// (s3rver behind the S3 emulator), runs the bundled action against them as a workflow step would, and prints
// what the workflow sees.

import { runAction, TEST_CREDENTIALS } from '../__fixtures__/run-action.mjs'
import { startAthena } from '../emulator/athena.mjs'
import { startEmulator } from '../emulator/personalize.mjs'
import { personalizeReadPolicy, startS3 } from '../emulator/s3.mjs'

const dataset = 'arn:aws:personalize:us-east-1:123456789012:dataset/retail-demo/INTERACTIONS'
const emulator = await startEmulator({ datasets: [dataset] })
// A job's status moves one step a status check (the action checks every second here).
emulator.defaultScript = { pendingReads: 2, inProgressReads: 3, outcome: 'ACTIVE' }
emulator.scriptJob('demo-broken-csv', {
  pendingReads: 1,
  inProgressReads: 2,
  outcome: 'CREATE FAILED',
  failureReason: 'Input csv is missing the following columns: [ITEM_ID]',
})

const s3 = await startS3({
  accessKeyId: TEST_CREDENTIALS.AWS_ACCESS_KEY_ID,
  secretAccessKey: TEST_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
})
const bucket = 'retail-demo-data'
await s3.createBucket(bucket, { policy: personalizeReadPolicy(bucket) })
const rows = n => Array.from({ length: n }, (_, i) => `user-${i % 300},item-${i % 97},${1_700_000_000 + i * 60}`)
await s3.putObject(
  bucket,
  'interactions/2026-11-29/part-1.csv',
  `USER_ID,ITEM_ID,TIMESTAMP\n${rows(1500).join('\n')}\n`,
)
const broken = rows(1500)
broken[41] = 'user-41,,1700002460'
broken[99] = 'user-99,item-2,1700005940000'
await s3.putObject(bucket, 'broken/part-1.csv', `USER_ID,ITEM_ID,TIMESTAMP\n${broken.join('\n')}\n`)

// A dataset group of three: its items miss a few of the interactions' items, which the checks across datasets say.
const groupArn = emulator.addGroup('retail-demo-group')
await s3.putObject(
  bucket,
  'items/items.csv',
  `ITEM_ID,GENRES\n${Array.from({ length: 90 }, (_, i) => `item-${i},comedy|drama`).join('\n')}\n`,
)
await s3.putObject(
  bucket,
  'users/part-1.csv',
  `USER_ID,AGE\n${Array.from({ length: 300 }, (_, i) => `user-${i},${20 + (i % 40)}`).join('\n')}\n`,
)

// A 2.6 MB export whose one bad record is on its last line, far past the first MiB the sampled checks read.
await s3.putObject(
  bucket,
  'export/part-1.csv',
  `USER_ID,ITEM_ID,TIMESTAMP\n${[...rows(60_000), 'user-7,item-3,1764547200000'].join('\n')}\n`,
)
const athena = await startAthena({ s3 })

const heading = text => console.log(`\n\x1b[1m=== ${text} ===\x1b[0m`)

async function step(title, inputs) {
  heading(`${title}`)
  console.log('with:')
  for (const [name, value] of Object.entries(inputs))
    console.log(`  ${name}: ${value.includes('\n') ? `|\n    ${value.trim().split('\n').join('\n    ')}` : value}`)
  const env = { AWS_ENDPOINT_URL_S3: s3.url, AWS_ENDPOINT_URL_ATHENA: athena.url }
  const run = await runAction({ inputs, endpoint: emulator.url, env })
  heading('Step log')
  process.stdout.write(run.stdout)
  heading(`Outputs (exit code ${run.code})`)
  for (const [name, value] of Object.entries(run.outputs)) console.log(`steps.import.outputs.${name} = ${value}`)
  heading('Job summary ($GITHUB_STEP_SUMMARY)')
  console.log(run.summary)
}

try {
  console.log(
    `Personalize emulator on ${emulator.url} (awsJson1_1, SigV4 checked); S3 (s3rver) on ${s3.url}; ` +
      `Athena (DuckDB) on ${athena.url}`,
  )
  await step('1. Import fresh interactions and wait for ACTIVE', {
    'dataset-arn': dataset,
    'data-location': 's3://retail-demo-data/interactions/2026-11-29/',
    'import-mode': 'FULL',
    tags: 'team=recommendations\ncost-center=ml-42',
    'poll-interval-seconds': '1',
  })
  await step('2. Data that breaks the schema: the data checks fail the step in seconds, before any import', {
    'dataset-arn': dataset,
    'data-location': 's3://retail-demo-data/broken/',
    'import-mode': 'FULL',
  })
  await step('3. An import Personalize rejects: the step fails with the reason', {
    'dataset-arn': dataset,
    'data-location': 's3://retail-demo-data/interactions/2026-11-29/',
    'import-mode': 'FULL',
    'job-name': 'demo-broken-csv',
    'poll-interval-seconds': '1',
  })
  await step(
    '4. A whole dataset group: every dataset checked (and against each other) before any import, then side by side',
    {
      'dataset-group-arn': groupArn,
      datasets: [
        'interactions: s3://retail-demo-data/interactions/2026-11-29/',
        'items: s3://retail-demo-data/items/items.csv',
        'users: s3://retail-demo-data/users/',
      ].join('\n'),
      'import-mode': 'FULL',
      'poll-interval-seconds': '1',
    },
  )
  await step('5. All of the data, counted where it is: data-checks: athena finds the bad last record', {
    'dataset-arn': dataset,
    'data-location': 's3://retail-demo-data/export/',
    'import-mode': 'FULL',
    'check-only': 'true',
    'data-checks': 'athena',
  })
  heading('Requests the emulator received')
  for (const r of emulator.requests) console.log(`${r.operation} ${JSON.stringify(r.body)}`)
} finally {
  await emulator.close()
  await athena.close()
  await s3.close()
}

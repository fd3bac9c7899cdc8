// `npm run demo`: a newcomer's first look, no AWS account needed. Starts the local Personalize emulator,
// runs the bundled action against it as a workflow step would, and prints what the workflow sees.

import { runAction } from '../__fixtures__/run-action.mjs'
import { startEmulator } from '../emulator/personalize.mjs'

const dataset = 'arn:aws:personalize:us-east-1:123456789012:dataset/retail-demo/INTERACTIONS'
const emulator = await startEmulator({ datasets: [dataset] })
emulator.defaultScript = { pendingMs: 1500, inProgressMs: 3000, outcome: 'ACTIVE' }
emulator.scriptJob('demo-broken-csv', {
  pendingMs: 1000,
  inProgressMs: 1500,
  outcome: 'CREATE FAILED',
  failureReason: 'Input csv is missing the following columns: [ITEM_ID]',
})

const heading = text => console.log(`\n\x1b[1m=== ${text} ===\x1b[0m`)

async function step(title, inputs) {
  heading(`${title}`)
  console.log('with:')
  for (const [name, value] of Object.entries(inputs))
    console.log(`  ${name}: ${value.includes('\n') ? `|\n    ${value.trim().split('\n').join('\n    ')}` : value}`)
  const run = await runAction({ inputs, endpoint: emulator.url })
  heading('Step log')
  process.stdout.write(run.stdout)
  heading(`Outputs (exit code ${run.code})`)
  for (const [name, value] of Object.entries(run.outputs)) console.log(`steps.import.outputs.${name} = ${value}`)
  heading('Job summary ($GITHUB_STEP_SUMMARY)')
  console.log(run.summary)
}

try {
  console.log(`Personalize emulator listening on ${emulator.url} (awsJson1_1, SigV4 checked)`)
  await step('1. Import fresh interactions and wait for ACTIVE', {
    'dataset-arn': dataset,
    'data-location': 's3://retail-demo-data/interactions/2026-11-29/',
    'import-mode': 'FULL',
    tags: 'team=recommendations\ncost-center=ml-42',
    'poll-interval-seconds': '1',
  })
  await step('2. An import Personalize rejects: the step fails with the reason', {
    'dataset-arn': dataset,
    'data-location': 's3://retail-demo-data/broken.csv',
    'job-name': 'demo-broken-csv',
    'poll-interval-seconds': '1',
  })
  heading('Requests the emulator received')
  for (const r of emulator.requests) console.log(`${r.operation} ${JSON.stringify(r.body)}`)
} finally {
  await emulator.close()
}

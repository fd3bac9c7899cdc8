// Nothing sensitive in any log, debug included; no value, from the workflow or from AWS, can forge a
// workflow command.

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import {
  DATASET,
  emulatorWithDatasets,
  jobArn,
  LOCATION,
  SECRET_ACCESS_KEY,
  SESSION_TOKEN,
} from '../../__fixtures__/harness.js'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

let emulator: PersonalizeEmulator
beforeAll(async () => {
  emulator = await emulatorWithDatasets()
})
afterAll(async () => emulator.close())
beforeEach(() => emulator.reset())

const TAG_KEY = 'owner-Secret-Key-4410'
const TAG_VALUE = 'Secret-Value-8852'
const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' }
const forged = (text: string): string[] =>
  text.split('\n').filter(line => /^::(error|warning|notice|set-output|add-mask|set-env|add-path)/.test(line))

test.each([
  ['success', {}],
  ['failure', { 'job-name': 'doomed' }],
  ['tag error', { tags: `${TAG_KEY}=${TAG_VALUE}\n${TAG_KEY}=${TAG_VALUE}` }],
])('with step debug and SDK debug logging on, tags and credentials appear nowhere (%s)', async (_, extra) => {
  emulator.scriptJob('doomed', { outcome: 'CREATE FAILED', failureReason: 'bad csv' })
  const run = await runAction({
    emulator,
    inputs: {
      'dataset-arn': DATASET,
      'data-location': LOCATION,
      'poll-interval-seconds': '1',
      tags: `${TAG_KEY}=${TAG_VALUE}`,
      ...extra,
    },
    env: DEBUG,
  })
  const everything = [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')
  for (const secret of [TAG_KEY, TAG_VALUE, SECRET_ACCESS_KEY, SESSION_TOKEN]) expect(everything).not.toContain(secret)
  if (!('tags' in extra)) {
    // The debug log is really on: the SDK's own request log is there, with the tags redacted by the SDK.
    expect(run.stdout).toMatch(/^::debug::sdk: .*"commandName":"CreateDatasetImportJobCommand"/m)
    expect(run.stdout).toContain('"tagKey":"***SensitiveInformation***"')
    expect(emulator.requestsFor('CreateDatasetImportJob')[0]?.body.tags).toEqual([
      { tagKey: TAG_KEY, tagValue: TAG_VALUE },
    ])
  }
})

test('a failure reason from AWS with line breaks and commands is neutralised in the log, annotation and summary', async () => {
  emulator.scriptJob('evil', {
    outcome: 'CREATE FAILED',
    failureReason: 'bad\n::warning::forged warning\r\n::set-output name=status::ACTIVE\n<script>x</script> | cell',
  })
  const run = await runAction({
    emulator,
    inputs: { 'dataset-arn': DATASET, 'data-location': LOCATION, 'job-name': 'evil', 'poll-interval-seconds': '1' },
  })
  expect(run.code).toBe(1)
  expect(forged(run.stdout)).toEqual([expect.stringMatching(/^::error title=Import job failed::/)])
  expect(run.warnings).toEqual([])
  expect(run.outputs.status).toBe('CREATE FAILED')
  expect(run.summary).not.toContain('<script>')
  expect(run.summary).toContain('&#60;script&#62;')
})

test('input values with :: and %0A that are valid are echoed without forging commands', async () => {
  const location = 's3://retail-data/::warning::forged/%0A::set-output name=status::ACTIVE/x.csv'
  const run = await runAction({
    emulator,
    inputs: { 'dataset-arn': DATASET, 'data-location': location, 'job-name': 'colons', 'poll-interval-seconds': '1' },
  })
  expect(run.code).toBe(0)
  expect(forged(run.stdout)).toEqual([])
  expect(run.stdout).toContain(JSON.stringify(location))
  expect(emulator.requestsFor('CreateDatasetImportJob')[0]?.body.dataSource.dataLocation).toBe(location)
  expect(run.outputs).toMatchObject({ status: 'ACTIVE', 'job-arn': jobArn('colons') })
})

// `npm run local-action`: @github/local-action runs src/main.ts (through tsx, no bundle) with inputs from a
// .env file. Once against the emulator, so the local workflow newcomers use keeps working, outputs table included.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DATASET, emulatorWithDatasets } from '../../__fixtures__/harness.js'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import { scaled } from '../../__fixtures__/time-scale.mjs'
import type { PersonalizeEmulator } from '../../emulator/personalize.mjs'

let emulator: PersonalizeEmulator
beforeAll(async () => {
  emulator = await emulatorWithDatasets(DATASET)
})
afterAll(async () => emulator.close())

test(
  'local-action runs src/main.ts against the emulator with the .env.example inputs',
  async () => {
    const env = readFileSync(join(ROOT, '.env.example'), 'utf8')
      .replace(/^INPUT_DATASET-ARN=.*$/m, `INPUT_DATASET-ARN=${DATASET}`)
      .replace(/^AWS_ENDPOINT_URL_PERSONALIZE=.*$/m, `AWS_ENDPOINT_URL_PERSONALIZE=${emulator.url}`)
    const envFile = join(mkdtempSync(join(tmpdir(), 'local-action-')), '.env')
    writeFileSync(envFile, env)
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'local-action'), ['.', 'src/main.ts', envFile], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), NO_COLOR: '1' },
    })
    let out = ''
    child.stdout.on('data', chunk => (out += String(chunk)))
    child.stderr.on('data', chunk => (out += String(chunk)))
    const code = await new Promise<number | null>(resolve => child.on('close', resolve))
    expect(out).toMatch(/Import job arn:aws:personalize:us-east-1:123456789012:dataset-import-job\/\S+ is ACTIVE after/)
    expect(code).toBe(0)
    expect(emulator.requestsFor('CreateDatasetImportJob')).toHaveLength(1)
    // @actions/core by its package name: local-action's stub of it sees the outputs and lists them.
    const table = out.slice(out.indexOf('Action Outputs'))
    expect(table).toMatch(/'job-arn'\s*│\s*'arn:aws:personalize:us-east-1:123456789012:dataset-import-job\//)
    expect(table).toMatch(/'status'\s*│\s*'ACTIVE'/)
  },
  scaled(90_000),
)

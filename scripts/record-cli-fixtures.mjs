// `npm run record:cli-fixtures`: runs the real AWS CLI against the local emulator for every case in
// __fixtures__/cli-cases.mjs and stores the CreateDatasetImportJob body it sent, plus the CLI's skeletons, in
// __fixtures__/cli-requests.json. The tests compare the action's requests with these, so they
// never need the CLI. AWS_CLI / AWS_CLI_V2 choose the executables (default: `aws`, and /usr/bin/aws if it is v2).
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CLI_CASES, DATASET } from '../__fixtures__/cli-cases.mjs'
import { ROOT, TEST_CREDENTIALS } from '../__fixtures__/run-action.mjs'
import { startEmulator } from '../emulator/personalize.mjs'

const cli = { 1: process.env.AWS_CLI ?? 'aws', 2: process.env.AWS_CLI_V2 ?? '/usr/bin/aws' }
const version = command => execFileSync(command, ['--version'], { encoding: 'utf8' }).trim()
const versions = { 1: version(cli[1]), 2: version(cli[2]) }
if (!versions[1].startsWith('aws-cli/1.') && !versions[1].startsWith('aws-cli/2.'))
  throw new Error(`not an AWS CLI: ${cli[1]}`)
if (!versions[2].startsWith('aws-cli/2.'))
  throw new Error(`${cli[2]} is not AWS CLI v2 (${versions[2]}); set AWS_CLI_V2`)

const emulator = await startEmulator({ datasets: [DATASET] })
const home = mkdtempSync(join(tmpdir(), 'cli-fixtures-'))
const env = {
  PATH: process.env.PATH ?? '',
  HOME: home,
  ...TEST_CREDENTIALS,
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: join(home, 'none'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
}
// Asynchronous, so the emulator in this process can answer while the CLI waits.
const aws = async (major, args, cwd = home) =>
  (
    await promisify(execFile)(cli[major], ['personalize', 'create-dataset-import-job', ...args], {
      env,
      cwd,
      encoding: 'utf8',
    })
  ).stdout

const fixtures = { recordedWith: versions, cases: {}, skeletons: {} }
try {
  for (const testCase of CLI_CASES) {
    emulator.reset()
    // INCREMENTAL needs a completed bulk import on the dataset (the emulator enforces the service's rule).
    emulator.addJob({
      jobName: 'earlier-bulk-import',
      datasetArn: DATASET,
      ageMs: 60_000,
    })
    const cwd = mkdtempSync(join(home, 'case-'))
    for (const [name, text] of Object.entries(testCase.files ?? {})) writeFileSync(join(cwd, name), text)
    await aws(testCase.cliMajor ?? 1, [...testCase.cli, '--endpoint-url', emulator.url, '--output', 'json'], cwd)
    const creates = emulator.requestsFor('CreateDatasetImportJob')
    if (creates.length !== 1)
      throw new Error(`${testCase.name}: expected one CreateDatasetImportJob, got ${creates.length}`)
    fixtures.cases[testCase.name] = creates[0].body
    console.log(`recorded ${testCase.name}`)
  }
  fixtures.skeletons.input = JSON.parse(await aws(1, ['--generate-cli-skeleton', 'input']))
  fixtures.skeletons['yaml-input'] = await aws(2, ['--generate-cli-skeleton', 'yaml-input'])
} finally {
  await emulator.close()
}
mkdirSync(join(ROOT, '__tests__', 'fixtures'), { recursive: true })
writeFileSync(join(ROOT, '__fixtures__', 'cli-requests.json'), `${JSON.stringify(fixtures, null, 2)}\n`)
console.log(`wrote __fixtures__/cli-requests.json (${Object.keys(fixtures.cases).length} cases)`)

// Constants and helpers for the end-to-end tests; the process runner itself is scripts/run-action.mjs,
// shared with `npm run demo` and `npm run bench`.
import { type PersonalizeEmulator, startEmulator } from '../../emulator/emulator.mjs'
import {
  type RunOptions as ProcessOptions,
  runAction as runProcess,
  TEST_CREDENTIALS,
} from '../../scripts/run-action.mjs'

export { actionYml, parseOutputFile } from '../../scripts/run-action.mjs'

export const ACCOUNT = '123456789012'
export const REGION = 'us-east-1'
export const DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/INTERACTIONS`
export const ITEMS_DATASET = `arn:aws:personalize:${REGION}:${ACCOUNT}:dataset/retail/ITEMS`
export const LOCATION = 's3://retail-data/interactions/2026-11-29.csv'
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/PersonalizeS3Read`
export const { AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN } = TEST_CREDENTIALS

export const jobArn = (name: string, region = REGION): string =>
  `arn:aws:personalize:${region}:${ACCOUNT}:dataset-import-job/${name}`

export type RunOptions = Omit<ProcessOptions, 'endpoint'> & { emulator?: PersonalizeEmulator }

export function runAction({ emulator, ...options }: RunOptions = {}) {
  return runProcess({ ...options, ...(emulator ? { endpoint: emulator.url } : {}) })
}

export async function emulatorWithDatasets(...datasets: string[]): Promise<PersonalizeEmulator> {
  return startEmulator({ datasets: datasets.length > 0 ? datasets : [DATASET, ITEMS_DATASET] })
}

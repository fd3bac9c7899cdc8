// Helpers for the end-to-end tests; the process runner itself is __fixtures__/run-action.mjs,
// shared with `npm run demo` and `npm run bench`.
import type { ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { type PersonalizeEmulator, startEmulator } from '../emulator/personalize.mjs'
import { type S3Emulator, startS3 } from '../emulator/s3.mjs'
import { DATASET, ITEMS_DATASET, LOCATION } from './constants.js'
import { type RunOptions as ProcessOptions, runAction as runProcess, TEST_CREDENTIALS } from './run-action.mjs'

export * from './constants.js'
export { actionYml, parseOutputFile, TEST_CREDENTIALS } from './run-action.mjs'

export const { AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, AWS_SESSION_TOKEN: SESSION_TOKEN } = TEST_CREDENTIALS

export type RunOptions = Omit<ProcessOptions, 'endpoint'> & { emulator?: PersonalizeEmulator }

/**
 * Runs the bundle. Unless a test sets `preflight`, it is `dataset`: the data checks read S3, which only the tests
 * of data checks provide (with the S3 emulator); every other test is about something else.
 */
export function runAction({ emulator, ...options }: RunOptions = {}) {
  const inputs = { preflight: 'dataset', ...options.inputs }
  const env = { NODE_COMPILE_CACHE: COMPILE_CACHE, ...options.env }
  return runProcess({ ...options, inputs, env, ...(emulator ? { endpoint: emulator.url } : {}) })
}

/**
 * Node's code cache for the hundreds of runs of the bundle in the suite: a third less CPU per run on a 2-core
 * machine. Only the tests use it; `npm run bench` measures cold starts without it, as a runner has them.
 */
const COMPILE_CACHE = join(tmpdir(), 'personalize-action-test-compile-cache')

/** The inputs of a FULL import of LOCATION into DATASET under `name`, polled every second, plus `extra`. */
export function importInputs(name: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'dataset-arn': DATASET,
    'data-location': LOCATION,
    'job-name': name,
    'import-mode': 'FULL',
    'poll-interval-seconds': '1',
    ...extra,
  }
}

export async function emulatorWithDatasets(...datasets: string[]): Promise<PersonalizeEmulator> {
  return startEmulator({ datasets: datasets.length > 0 ? datasets : [DATASET, ITEMS_DATASET] })
}

/**
 * A fresh emulator for each test that asks, all closed after the file: tests of one file can then run at once
 * (describe.concurrent) without seeing each other's jobs, requests and faults.
 */
export function emulatorPerTest(...datasets: string[]): () => Promise<PersonalizeEmulator> {
  const started: PersonalizeEmulator[] = []
  afterAll(async () => {
    await Promise.all(started.map(emulator => emulator.close()))
  })
  return async () => {
    const emulator = await emulatorWithDatasets(...datasets)
    started.push(emulator)
    return emulator
  }
}

/** The S3 emulator (s3rver behind its front), taking the tests' credentials. */
export function startTestS3(): Promise<S3Emulator> {
  return startS3({
    accessKeyId: TEST_CREDENTIALS.AWS_ACCESS_KEY_ID,
    secretAccessKey: TEST_CREDENTIALS.AWS_SECRET_ACCESS_KEY,
  })
}

/** A FULL import of `location` into `datasetArn` with every pre-flight and data check, S3 at `s3Url`. */
export function dataCheckedImport(
  options: { emulator: PersonalizeEmulator; s3Url: string; datasetArn: string; location: string },
  extra: { inputs?: Record<string, string>; env?: Record<string, string | undefined> } = {},
) {
  return runAction({
    emulator: options.emulator,
    inputs: {
      'dataset-arn': options.datasetArn,
      'data-location': options.location,
      'import-mode': 'FULL',
      preflight: 'true',
      ...extra.inputs,
    },
    env: { AWS_ENDPOINT_URL_S3: options.s3Url, ...extra.env },
  })
}

/**
 * The peak resident memory of a spawned run (Linux's VmHWM, read every 25 ms): pass `onSpawn` to runAction, then
 * read `peakMiB()` once it has ended.
 */
export function peakRss(): { onSpawn(child: ChildProcess): void; peakMiB(): number } {
  let peakKiB = 0
  return {
    onSpawn: child => {
      const timer = setInterval(() => {
        try {
          const rss = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
          peakKiB = Math.max(peakKiB, Number(rss ?? 0))
        } catch {
          clearInterval(timer)
        }
      }, 25)
      child.on('exit', () => clearInterval(timer))
    },
    peakMiB: () => peakKiB / 1024,
  }
}

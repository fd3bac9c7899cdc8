// run() with every side effect injected: a recording runner, a scripted API, a simulated clock.
import { describe, expect, test } from 'vitest'
import { fakeApi } from '../../__fixtures__/api.js'
import { DATASET } from '../../__fixtures__/constants.js'
import { type RecordingRunner, recordingRunner } from '../../__fixtures__/runner.js'
import { AwsError } from '../../src/aws/errors.js'
import type { ImportJob, PersonalizeApi } from '../../src/aws/personalize.js'
import { type Dependencies, run } from '../../src/main.js'

const JOB_ARN = 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/n1'

function deps(
  runner: RecordingRunner,
  api: Partial<PersonalizeApi>,
  cancel = new AbortController(),
  env: Record<string, string> = {},
): Dependencies {
  let now = 0
  return {
    runner,
    env: { AWS_REGION: 'us-east-1', ...env },
    readWorkspaceFile: () => {
      throw new Error('no files')
    },
    createApi: () => fakeApi(api),
    clock: { now: () => now },
    sleep: async ms => {
      now += ms
    },
    random: () => 0.5,
    cancel: cancel.signal,
  }
}

const create = { 'dataset-arn': DATASET, 'data-location': 's3://bucket-1/k.csv', 'job-name': 'n1' }

test('job-arn and job-name are outputs before the first status check', async () => {
  const runner = recordingRunner(create)
  await run(
    deps(runner, {
      describeImportJob: async () => {
        runner.log.push('describe')
        return { status: 'ACTIVE' }
      },
    }),
  )
  expect(runner.failures).toEqual([])
  const order = runner.log.filter(line => line.startsWith('output') || line === 'describe')
  expect(order.slice(0, 3)).toEqual(['output job-arn', 'output job-name', 'describe'])
  expect(runner.failures).toEqual([])
})

test('a crash after the job exists still reports the ARN and status outputs', async () => {
  const runner = recordingRunner(create)
  await run(
    deps(runner, {
      describeImportJob: async () => {
        throw new TypeError('boom')
      },
    }),
  )
  expect(runner.outputs).toMatchObject({ 'job-arn': JOB_ARN, 'job-name': 'n1', status: '' })
  expect(runner.failures).toEqual([`Unexpected error: The action failed unexpectedly: boom Import job: ${JOB_ARN}`])
  expect(runner.summaries).toHaveLength(1)
})

test('wait: false with a status read that keeps failing transiently warns and succeeds, the job exists', async () => {
  const runner = recordingRunner({ ...create, wait: 'false' })
  await run(
    deps(runner, {
      describeImportJob: async () => {
        throw new AwsError('DescribeDatasetImportJob', 'ThrottlingException', 'throttled', 'slow down')
      },
    }),
  )
  expect(runner.failures).toEqual([])
  expect(runner.log).toContain(
    `warning Could not read the job's status (ThrottlingException); the job exists: ${JOB_ARN}`,
  )
  expect(runner.outputs).toMatchObject({ 'job-arn': JOB_ARN, status: '' })
})

test('cancellation while creating names the ARN the job would have', async () => {
  const runner = recordingRunner(create)
  const cancel = new AbortController()
  await run(
    deps(
      runner,
      {
        createImportJob: async () => {
          cancel.abort()
          throw new AwsError('CreateDatasetImportJob', 'AbortError', 'aborted', 'aborted')
        },
      },
      cancel,
    ),
  )
  expect(runner.failures).toEqual([
    `Cancelled: Cancelled before an import job was created. If a Create was in flight, the job may exist: ${JOB_ARN}`,
  ])
})

describe('status lines', () => {
  test('each change is logged once with the elapsed time', async () => {
    const statuses = ['CREATE PENDING', 'CREATE PENDING', 'CREATE IN_PROGRESS', 'CREATE IN_PROGRESS', 'ACTIVE']
    const runner = recordingRunner(create)
    await run(
      deps(runner, { describeImportJob: async (): Promise<ImportJob> => ({ status: statuses.shift() ?? 'ACTIVE' }) }),
    )
    expect(runner.log.filter(line => /^\[\d/.test(line))).toEqual([
      '[0s] CREATE PENDING',
      '[5s] CREATE IN_PROGRESS',
      '[26s] ACTIVE',
    ])
  })
})

test('a timeout beyond the 6-hour limit of GitHub-hosted jobs is warned about', async () => {
  const runner = recordingRunner({ ...create, 'wait-timeout-minutes': '420' })
  await run(deps(runner, {}, new AbortController(), { RUNNER_ENVIRONMENT: 'github-hosted' }))
  expect(runner.log.filter(line => line.startsWith('warning'))).toEqual([
    expect.stringContaining('GitHub-hosted jobs are stopped after 6 hours'),
  ])
  const selfHosted = recordingRunner({ ...create, 'wait-timeout-minutes': '420' })
  await run(deps(selfHosted, {}, new AbortController(), { RUNNER_ENVIRONMENT: 'self-hosted' }))
  expect(selfHosted.log.filter(line => line.startsWith('warning'))).toEqual([])
})

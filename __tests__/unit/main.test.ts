// run() with every side effect injected: a recording runner, a scripted API, a simulated clock.
import { describe, expect, test } from 'vitest'
import { fakeApi } from '../../__fixtures__/api.js'
import { DATASET } from '../../__fixtures__/constants.js'
import { type RecordingRunner, recordingRunner } from '../../__fixtures__/runner.js'
import { AwsError } from '../../src/aws/errors.js'
import type { ImportJob, PersonalizeApi } from '../../src/aws/personalize.js'
import { DeadlineReached } from '../../src/aws/retry.js'
import { Cancelled } from '../../src/failure.js'
import { type Dependencies, run } from '../../src/main.js'
import { RunnerFileError } from '../../src/runner.js'

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
    workspace: '/nonexistent',
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

// The data checks read S3 (end-to-end tests cover them); here pre-flight stops at the dataset.
const create = {
  'dataset-arn': DATASET,
  'data-location': 's3://bucket-1/k.csv',
  'job-name': 'n1',
  preflight: 'dataset',
}

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

test('wait: false with a status read still failing at the deadline warns and succeeds: the job exists', async () => {
  const runner = recordingRunner({ ...create, wait: 'false' })
  const throttled = new AwsError('DescribeDatasetImportJob', 'ThrottlingException', 'throttled', 'slow down')
  await run(
    deps(runner, {
      describeImportJob: async () => Promise.reject(new DeadlineReached('DescribeDatasetImportJob', throttled)),
    }),
  )
  expect(runner.failures).toEqual([])
  expect(runner.log).toContain(
    `warning Could not read the job's status before the deadline (ThrottlingException); the job exists: ${JOB_ARN}`,
  )
  expect(runner.outputs).toMatchObject({ 'job-arn': JOB_ARN, status: '' })
})

describe('nothing read is lost', () => {
  test('expired credentials after three good polls keep the last status, the job JSON and the timeline', async () => {
    const runner = recordingRunner(create)
    let reads = 0
    await run(
      deps(runner, {
        describeImportJob: async () => {
          reads += 1
          if (reads > 3) throw new AwsError('DescribeDatasetImportJob', 'ExpiredTokenException', 'permanent', 'expired')
          return { status: reads === 1 ? 'CREATE PENDING' : 'CREATE IN_PROGRESS', datasetImportJobArn: JOB_ARN }
        },
      }),
    )
    expect(runner.outputs.status).toBe('CREATE IN_PROGRESS')
    expect(JSON.parse(runner.outputs.job ?? '{}')).toMatchObject({ status: 'CREATE IN_PROGRESS' })
    expect(runner.summaries[0]).toContain('**CREATE IN_PROGRESS**')
    expect(runner.summaries[0]).toMatch(/\| \+\d+s \| CREATE IN_PROGRESS \|/)
    expect(runner.failures).toEqual([
      expect.stringMatching(
        /^Expired AWS credentials: The AWS credentials expired \(ExpiredTokenException\) after \d+s of this step/,
      ),
    ])
    expect(runner.failures[0]).toContain(JOB_ARN)
  })
})

describe('runner files', () => {
  const unwritable = (variable: string) =>
    new RunnerFileError(variable, '/gone/file', new Error('ENOENT: no such file or directory'))

  test('an unwritable GITHUB_OUTPUT fails the step with one error naming the file and the job', async () => {
    const runner = recordingRunner(create)
    runner.setOutput = () => {
      throw unwritable('GITHUB_OUTPUT')
    }
    let describes = 0
    await run(deps(runner, { describeImportJob: async () => ({ status: `${describes++}` }) }))
    // The ARN reaches the log before the outputs are tried.
    expect(runner.log).toContain(`Created import job ${JOB_ARN}`)
    expect(runner.failures).toEqual([
      'Runner file not writable: Could not write GITHUB_OUTPUT (/gone/file): ENOENT: no such file or directory. ' +
        `The import job is ${JOB_ARN} (last status unknown); it continues in AWS.`,
    ])
    expect(describes).toBe(0)
  })

  test('an unwritable GITHUB_STEP_SUMMARY fails the step once, with the job and its status', async () => {
    const runner = recordingRunner(create)
    runner.appendSummary = async () => {
      throw unwritable('GITHUB_STEP_SUMMARY')
    }
    await run(deps(runner, {}))
    expect(runner.outputs.status).toBe('ACTIVE')
    expect(runner.failures).toEqual([
      expect.stringMatching(
        /^Runner file not writable: Could not write GITHUB_STEP_SUMMARY .* is arn:.*\/n1 \(last status ACTIVE\)/,
      ),
    ])
  })
})

describe('cancellation says only what happened', () => {
  test('during pre-flight: no Create was sent, and there are no job outputs', async () => {
    const runner = recordingRunner(create)
    const cancel = new AbortController()
    const describeDataset = async () => {
      cancel.abort()
      throw new Cancelled()
    }
    await run(deps(runner, { describeDataset }, cancel))
    expect(runner.failures).toEqual(['Cancelled: Stopped before an import job was created (no Create was sent).'])
    expect(runner.outputs).toEqual({ skipped: 'false' })
  })

  test('while a Create is in flight: the job may exist, and job-arn says where', async () => {
    const runner = recordingRunner(create)
    const cancel = new AbortController()
    const createImportJob = async (): Promise<string> => {
      cancel.abort()
      throw new Cancelled()
    }
    await run(deps(runner, { createImportJob }, cancel))
    expect(runner.failures).toEqual([
      'Cancelled: Stopped while creating the import job, before its outcome was known: the job may exist at ' +
        `${JOB_ARN}; check it with job-arn before importing again.`,
    ])
    expect(runner.outputs['job-arn']).toBe(JOB_ARN)
  })
})

test('a Create with no clear answer until the deadline: job-arn is set, and the failure names the job that may exist', async () => {
  const runner = recordingRunner(create)
  const lost = new AwsError('CreateDatasetImportJob', 'HTTP 504', 'transient', 'HTTP 504 with a body', 504, true)
  const notFound = new AwsError('DescribeDatasetImportJob', 'ResourceNotFoundException', 'permanent', 'no')
  await run(
    deps(runner, {
      createImportJob: async () => Promise.reject(lost),
      describeImportJob: async () => Promise.reject(notFound),
    }),
  )
  expect(runner.outputs['job-arn']).toBe(JOB_ARN)
  expect(runner.failures).toEqual([
    'Timed out: Gave up after 2h00m (wait-timeout-minutes): CreateDatasetImportJob had not succeeded (last answer: ' +
      `HTTP 504: HTTP 504 with a body). The import job may exist: ${JOB_ARN}; check it with job-arn before importing again.`,
  ])
})

test('credentials that expire before the deadline are warned about at the start, naming role-duration-seconds', async () => {
  const runner = recordingRunner(create)
  await run(deps(runner, { credentialsExpiry: async () => new Date(30 * 60_000) }))
  expect(runner.annotations.filter(a => a.kind === 'warning').map(a => a.message)).toEqual([
    expect.stringContaining('Set role-duration-seconds: 7500 (or more)'),
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

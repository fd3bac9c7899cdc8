// Pre-flight, queueing and create-or-adopt on a simulated clock, against a scripted API: the subtle paths
// (datasets still being created, imports ahead in the queue, the regional quota, Creates whose answer is lost).
import { describe, expect, test } from 'vitest'
import { fakeApi } from '../../__fixtures__/api.js'
import { DATASET, jobArn, LOCATION } from '../../__fixtures__/constants.js'
import { simulatedTime } from '../../__fixtures__/pacing.js'
import { recordingRunner } from '../../__fixtures__/runner.js'
import { type CreateEvents, createOrAdopt } from '../../src/admission/create.js'
import { type PreflightContext, preflight } from '../../src/admission/preflight.js'
import { createWhenFree, type QueueSettings } from '../../src/admission/queue.js'
import { AwsError } from '../../src/aws/errors.js'
import type { ImportRequest } from '../../src/aws/model.js'
import type { ImportJobSummary, PersonalizeApi } from '../../src/aws/personalize.js'
import { DeadlineReached } from '../../src/aws/retry.js'
import { ActionError } from '../../src/failure.js'

const MINUTE = 60_000
const request: ImportRequest = { jobName: 'ours', datasetArn: DATASET, dataSource: { dataLocation: LOCATION } }
const OURS = jobArn('ours')
const awsError = (operation: string, code: string, options: { kind?: AwsError['kind']; ambiguous?: boolean } = {}) =>
  new AwsError(operation, code, options.kind ?? 'permanent', `${code} said no`, 400, options.ambiguous ?? false)
const denied = (operation: string) =>
  new AwsError(operation, 'AccessDeniedException', 'permanent', `not authorized to perform: personalize:${operation}`)

function setup(api: Partial<PersonalizeApi>, options: { timeoutMs?: number } = {}) {
  const time = simulatedTime({ timeoutMs: options.timeoutMs ?? 60 * MINUTE, maxPauseMs: 30_000 })
  const runner = recordingRunner()
  const calls: string[] = []
  const recorded = fakeApi(api)
  const tracked = Object.fromEntries(
    Object.entries(recorded).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name)
        return (fn as (...a: unknown[]) => unknown)(...args)
      },
    ]),
  ) as unknown as PersonalizeApi
  const context: PreflightContext = { api: tracked, runner, pacing: time.pacing, region: 'us-east-1' }
  const events: string[] = []
  const createEvents: CreateEvents = {
    sending: arn => events.push(`sending ${arn}`),
    answered: () => events.push('answered'),
    mayExist: arn => events.push(`may exist ${arn}`),
  }
  return { time, runner, calls, context, events, createEvents }
}

const summary = (name: string, status: string, withArn = true): ImportJobSummary => ({
  jobName: name,
  status,
  ...(withArn ? { datasetImportJobArn: jobArn(name) } : {}),
})

describe('pre-flight', () => {
  test('a dataset still being created is waited for on the poll schedule, then the checks go on', async () => {
    const statuses = ['CREATE PENDING', 'CREATE IN_PROGRESS', 'CREATE IN_PROGRESS', 'ACTIVE']
    const t = setup({ describeDataset: async () => ({ status: statuses.shift() ?? 'ACTIVE', schemaArn: 's' }) })
    const result = await preflight(t.context, request, false)
    expect(result.dataset?.status).toBe('ACTIVE')
    expect(t.runner.log).toContain('Dataset is CREATE PENDING: waiting for it to become ACTIVE before importing')
    expect(t.time.sleeps).toEqual([2000 * 0.875, 4000 * 0.875])
  })

  test('a dataset that does not become ACTIVE before the deadline gives up, saying nothing was created', async () => {
    const t = setup({ describeDataset: async () => ({ status: 'CREATE PENDING' }) }, { timeoutMs: 2 * MINUTE })
    await expect(preflight(t.context, request, false)).rejects.toThrow(
      /^Gave up after 2m00s \(wait-timeout-minutes\) waiting for dataset .* it is CREATE PENDING\. No import job was created\.$/,
    )
  })

  test('a dataset that failed to create fails before any Create', async () => {
    const t = setup({ describeDataset: async () => ({ status: 'CREATE FAILED' }) })
    await expect(preflight(t.context, request, false)).rejects.toMatchObject({ title: 'Dataset not ACTIVE' })
  })

  test('a missing dataset is thrown as the service said it, for one explanation of "not found"', async () => {
    const t = setup({
      describeDataset: async () => Promise.reject(awsError('DescribeDataset', 'ResourceNotFoundException')),
    })
    await expect(preflight(t.context, request, false)).rejects.toMatchObject({ code: 'ResourceNotFoundException' })
    expect(t.calls).toEqual(['describeDataset'])
  })

  test('INCREMENTAL without a completed bulk import fails with the service rule, counts in the right number', async () => {
    const t = setup({ listImportJobs: async () => ({ jobs: [summary('bulk', 'CREATE FAILED')] }) })
    await expect(preflight(t.context, { ...request, importMode: 'INCREMENTAL' }, true)).rejects.toThrow(
      '(1 import job, none ACTIVE). You can only specify FULL until a bulk import has completed',
    )
  })

  test('an unset import mode on a dataset with bulk data warns that FULL replaces it; FULL given does not', async () => {
    const jobs = [summary('bulk', 'ACTIVE')]
    const implicit = setup({ listImportJobs: async () => ({ jobs }) })
    await preflight(implicit.context, request, false)
    expect(implicit.runner.annotations).toEqual([
      expect.objectContaining({ kind: 'warning', message: expect.stringContaining('(1 completed import)') }),
    ])
    const explicit = setup({ listImportJobs: async () => ({ jobs }) })
    await preflight(explicit.context, { ...request, importMode: 'FULL' }, true)
    expect(explicit.runner.annotations).toEqual([])
  })

  test('checks the credentials may not make are skipped with a warning naming the permission', async () => {
    const t = setup({
      describeDataset: async () => Promise.reject(denied('DescribeDataset')),
      listImportJobs: async () => Promise.reject(denied('ListDatasetImportJobs')),
    })
    expect(await preflight(t.context, request, false)).toEqual({})
    expect(t.runner.annotations.map(a => a.message)).toEqual([
      expect.stringContaining('lack personalize:DescribeDataset'),
      expect.stringContaining('lack personalize:ListDatasetImportJobs'),
    ])
  })

  test('a listing the service will not let end is used as far as it got, with a warning', async () => {
    const t = setup({
      listImportJobs: async () => ({
        jobs: [summary('a', 'ACTIVE')],
        incomplete: 'the service repeated a page token after 2 pages',
      }),
    })
    await preflight(t.context, { ...request, importMode: 'FULL' }, true)
    expect(t.runner.annotations.map(a => a.message)).toEqual([
      "The list of the dataset's import jobs stopped early (the service repeated a page token after 2 pages); the checks use the 1 job read.",
    ])
  })
})

describe('queueing', () => {
  const wait: QueueSettings = { ifBusy: 'wait', lookFirst: true }

  test('if-busy: wait follows the running import by its ARN, then creates', async () => {
    const statuses = ['CREATE IN_PROGRESS', 'CREATE IN_PROGRESS', 'ACTIVE']
    const t = setup({ describeImportJob: async () => ({ status: statuses.shift() ?? 'ACTIVE' }) })
    const started = await createWhenFree(
      t.context,
      request,
      OURS,
      wait,
      [summary('first', 'CREATE PENDING')],
      t.createEvents,
    )
    expect(started).toMatchObject({ jobArn: OURS })
    expect(t.runner.log).toContain(
      'Import job first is CREATE PENDING on this dataset: waiting for it to end before creating ours (if-busy: wait)',
    )
    expect(t.runner.log).toContain('Import job first ended ACTIVE; creating ours')
    expect(t.calls).toEqual([
      'describeImportJob',
      'describeImportJob',
      'describeImportJob',
      'listImportJobs',
      'createImportJob',
    ])
  })

  test('a running import listed without an ARN is followed through the listing, paced, not in a busy loop', async () => {
    const listings = [
      [summary('ghost', 'CREATE IN_PROGRESS', false)],
      [summary('ghost', 'CREATE IN_PROGRESS', false)],
      [],
    ]
    const t = setup({ listImportJobs: async () => ({ jobs: listings.shift() ?? [] }) })
    await createWhenFree(t.context, request, OURS, wait, [summary('ghost', 'CREATE PENDING', false)], t.createEvents)
    expect(t.calls.filter(c => c === 'listImportJobs').length).toBeLessThanOrEqual(4)
    expect(t.time.sleeps.length).toBeGreaterThanOrEqual(2)
    expect(t.time.sleeps.every(ms => ms >= 1000)).toBe(true)
  })

  test('if-busy: fail fails at once, naming the running job', async () => {
    const t = setup({})
    const settings: QueueSettings = { ifBusy: 'fail', lookFirst: true }
    await expect(
      createWhenFree(t.context, request, OURS, settings, [summary('first', 'CREATE PENDING')], t.createEvents),
    ).rejects.toThrow(
      `Import job first (${jobArn('first')}) is CREATE PENDING on dataset ${DATASET}, and if-busy is fail`,
    )
    expect(t.calls).toEqual([])
  })

  test('the regional quota is waited out with pauses, then the import is created', async () => {
    let attempts = 0
    const t = setup({
      createImportJob: async () => {
        attempts += 1
        if (attempts <= 3) throw awsError('CreateDatasetImportJob', 'LimitExceededException', { kind: 'throttled' })
        return OURS
      },
    })
    await createWhenFree(t.context, request, OURS, wait, [], t.createEvents)
    expect(t.runner.log.filter(line => line.startsWith('Waiting for a free slot'))).toEqual([
      'Waiting for a free slot: region us-east-1 has 5 imports pending or in progress (the quota); trying Create again in 2s',
      'Waiting for a free slot: region us-east-1 has 5 imports pending or in progress (the quota); trying Create again in 4s',
      'Waiting for a free slot: region us-east-1 has 5 imports pending or in progress (the quota); trying Create again in 7s',
    ])
  })

  test('ResourceInUse from Create (nothing seen before) lists the imports and queues behind the one running', async () => {
    let creates = 0
    const t = setup({
      createImportJob: async () => {
        creates += 1
        if (creates === 1) throw awsError('CreateDatasetImportJob', 'ResourceInUseException')
        return OURS
      },
      listImportJobs: async () => ({
        jobs: t.calls.filter(c => c === 'listImportJobs').length === 1 ? [summary('racing', 'CREATE PENDING')] : [],
      }),
    })
    await createWhenFree(t.context, request, OURS, { ifBusy: 'wait', lookFirst: false }, undefined, t.createEvents)
    expect(t.calls.slice(0, 3)).toEqual(['createImportJob', 'listImportJobs', 'describeImportJob'])
  })

  test('a listing that still shows the job ahead as running after Describe saw it end is re-read with pauses', async () => {
    let lists = 0
    const t = setup({
      describeImportJob: async () => ({ status: 'ACTIVE' }),
      listImportJobs: async () => ({ jobs: ++lists <= 3 ? [summary('lagging', 'CREATE IN_PROGRESS')] : [] }),
    })
    await createWhenFree(t.context, request, OURS, wait, [summary('lagging', 'CREATE IN_PROGRESS')], t.createEvents)
    expect(t.calls.filter(c => c === 'describeImportJob')).toHaveLength(1)
    expect(
      t.runner.log.filter(line => line.includes('the listing still shows import job lagging running')),
    ).toHaveLength(3)
    expect(t.time.sleeps.length).toBe(3)
  })

  test('without permission to list, ResourceInUse is retried after pauses and the warning comes once', async () => {
    let creates = 0
    const t = setup({
      createImportJob: async () => {
        creates += 1
        if (creates <= 3) throw awsError('CreateDatasetImportJob', 'ResourceInUseException')
        return OURS
      },
      listImportJobs: async () => Promise.reject(denied('ListDatasetImportJobs')),
    })
    await createWhenFree(t.context, request, OURS, { ifBusy: 'wait', lookFirst: false }, undefined, t.createEvents)
    expect(t.calls.filter(c => c === 'listImportJobs')).toHaveLength(1)
    expect(t.runner.annotations).toHaveLength(1)
    expect(creates).toBe(4)
  })

  test('a queue that does not clear before the deadline fails, saying nothing was created', async () => {
    const t = setup({ describeImportJob: async () => ({ status: 'CREATE IN_PROGRESS' }) }, { timeoutMs: 3 * MINUTE })
    await expect(
      createWhenFree(t.context, request, OURS, wait, [summary('endless', 'CREATE IN_PROGRESS')], t.createEvents),
    ).rejects.toMatchObject({
      title: 'Timed out in the queue',
      message: expect.stringMatching(/^Gave up after 3m00s .* endless .*No import job was created\.$/),
    })
  })
})

describe('create or adopt', () => {
  const ambiguous = () => awsError('CreateDatasetImportJob', 'HTTP 504', { kind: 'transient', ambiguous: true })

  test('a Create whose answer was lost, after the service made the job: found at its ARN and adopted, no second Create', async () => {
    const t = setup({
      createImportJob: async () => Promise.reject(ambiguous()),
      describeImportJob: async () => ({
        datasetImportJobArn: OURS,
        datasetArn: DATASET,
        dataSource: { dataLocation: LOCATION },
        status: 'CREATE PENDING',
      }),
    })
    const started = await createOrAdopt(t.context, request, OURS, t.createEvents)
    expect(started).toMatchObject({ jobArn: OURS, adopted: { status: 'CREATE PENDING' } })
    expect(t.calls).toEqual(['createImportJob', 'describeImportJob'])
    expect(t.events).toEqual([`sending ${OURS}`, `may exist ${OURS}`])
  })

  test('a Create whose answer was lost before the service acted: not found, so sent again under the same name', async () => {
    let creates = 0
    const t = setup({
      createImportJob: async () => {
        creates += 1
        if (creates < 3) throw ambiguous()
        return OURS
      },
      describeImportJob: async () => Promise.reject(awsError('DescribeDatasetImportJob', 'ResourceNotFoundException')),
    })
    const started = await createOrAdopt(t.context, request, OURS, t.createEvents)
    expect(started.jobArn).toBe(OURS)
    expect(t.calls).toEqual([
      'createImportJob',
      'describeImportJob',
      'createImportJob',
      'describeImportJob',
      'createImportJob',
    ])
    expect(t.runner.log[0]).toMatch(
      /^CreateDatasetImportJob failed \(HTTP 504\) and no job is at .* yet; sending it again in 2s/,
    )
  })

  test('the name already taken by this very request (a re-run, or our own lost first attempt) is adopted', async () => {
    const t = setup({
      createImportJob: async () => Promise.reject(awsError('CreateDatasetImportJob', 'ResourceAlreadyExistsException')),
      describeImportJob: async (_arn, options) => {
        expect(options?.visibleBy).toBe(t.time.pacing.clock.now() + 120_000)
        return {
          datasetImportJobArn: OURS,
          datasetArn: DATASET,
          dataSource: { dataLocation: LOCATION },
          status: 'ACTIVE',
        }
      },
    })
    expect((await createOrAdopt(t.context, request, OURS, t.createEvents)).adopted?.status).toBe('ACTIVE')
  })

  test('the name taken by another import fails, naming the conflict', async () => {
    const t = setup({
      createImportJob: async () => Promise.reject(awsError('CreateDatasetImportJob', 'ResourceAlreadyExistsException')),
      describeImportJob: async () => ({ datasetArn: DATASET, dataSource: { dataLocation: 's3://other/x.csv' } }),
    })
    const error = await createOrAdopt(t.context, request, OURS, t.createEvents).catch(e => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).message).toContain('its data location is s3://other/x.csv')
  })

  test('ambiguous answers until the deadline end in DeadlineReached, with the job marked as possibly existing', async () => {
    const t = setup(
      {
        createImportJob: async () => Promise.reject(ambiguous()),
        describeImportJob: async () =>
          Promise.reject(awsError('DescribeDatasetImportJob', 'ResourceNotFoundException')),
      },
      { timeoutMs: MINUTE },
    )
    const error = await createOrAdopt(t.context, request, OURS, t.createEvents).catch(e => e)
    expect(error).toBeInstanceOf(DeadlineReached)
    expect(t.events).toContain(`may exist ${OURS}`)
  })
})

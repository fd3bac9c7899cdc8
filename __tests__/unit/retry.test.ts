// The one retry policy, on a simulated clock: faults that heal are retried until the deadline, the rest thrown.
import { describe, expect, test } from 'vitest'
import { simulatedTime } from '../../__fixtures__/pacing.js'
import { AwsError } from '../../src/aws/errors.js'
import { DeadlineReached, type RetryEvents, RetryingCaller } from '../../src/aws/retry.js'
import { Cancelled } from '../../src/failure.js'

const throttled = () => new AwsError('ListDatasetImportJobs', 'ThrottlingException', 'throttled', 'Rate exceeded', 400)
const unavailable = () => new AwsError('DescribeDataset', 'ServiceUnavailable', 'transient', 'down', 503, true)
const denied = () => new AwsError('DescribeDataset', 'AccessDeniedException', 'permanent', 'not authorized', 400)

function setup(options: { timeoutMs?: number; maxPauseMs?: number } = {}) {
  const time = simulatedTime({ timeoutMs: options.timeoutMs ?? 60 * 60_000, maxPauseMs: options.maxPauseMs ?? 30_000 })
  const retries: string[] = []
  const events: RetryEvents = { retrying: (error, pause, n) => retries.push(`${n} ${error.code} ${pause}`) }
  return { time, retries, caller: new RetryingCaller({ pacing: time.pacing, events }) }
}

/** A call that fails with `faults` in order, then answers 'ok'. */
function failing(faults: Array<() => AwsError>) {
  let calls = 0
  const send = async () => {
    const fault = faults[calls++]
    if (fault) throw fault()
    return 'ok'
  }
  return { send, calls: () => calls }
}

describe('faults that heal', () => {
  test('ten throttles in a row on a listing do not fail it: pauses of 2 s doubling to the interval, jittered', async () => {
    const { caller, retries, time } = setup()
    const call = failing(Array.from({ length: 10 }, () => throttled))
    await expect(caller.call('ListDatasetImportJobs', call.send)).resolves.toBe('ok')
    expect(call.calls()).toBe(11)
    // random() is 0.5 in the simulation: every pause is 0.875 of its base.
    const bases = [2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000, 30000]
    expect(time.sleeps).toEqual(bases.map(base => base * 0.875))
    expect(retries[0]).toBe('1 ThrottlingException 1750')
  })

  test('five 503s on DescribeDataset do not fail it', async () => {
    const { caller } = setup()
    const call = failing(Array.from({ length: 5 }, () => unavailable))
    await expect(caller.call('DescribeDataset', call.send)).resolves.toBe('ok')
    expect(call.calls()).toBe(6)
  })

  test('a fault that persists ends at the deadline with the last fault, never before', async () => {
    const { caller, time } = setup({ timeoutMs: 5 * 60_000 })
    const call = failing(Array.from({ length: 1000 }, () => throttled))
    const error = await caller.call('ListDatasetImportJobs', call.send).catch(e => e)
    expect(error).toBeInstanceOf(DeadlineReached)
    expect((error as DeadlineReached).lastError?.code).toBe('ThrottlingException')
    expect(time.elapsed()).toBe(5 * 60_000)
  })

  test('a pause is never longer than the time left', async () => {
    const { caller, time } = setup({ timeoutMs: 3000 })
    const call = failing(Array.from({ length: 10 }, () => throttled))
    await expect(caller.call('ListDatasetImportJobs', call.send)).rejects.toBeInstanceOf(DeadlineReached)
    expect(time.sleeps).toEqual([1750, 1250])
  })
})

describe('faults that cannot heal', () => {
  test('access denied is thrown at once, without a pause', async () => {
    const { caller, time } = setup()
    await expect(caller.call('DescribeDataset', failing([denied]).send)).rejects.toMatchObject({
      code: 'AccessDeniedException',
    })
    expect(time.sleeps).toEqual([])
  })

  test('onlyRetry narrows the faults retried (a Create retries only answers that prove nothing was made)', async () => {
    const { caller } = setup()
    const options = { onlyRetry: (error: AwsError) => !error.ambiguous }
    await expect(caller.call('CreateDatasetImportJob', failing([throttled]).send, options)).resolves.toBe('ok')
    await expect(caller.call('CreateDatasetImportJob', failing([unavailable]).send, options)).rejects.toMatchObject({
      code: 'ServiceUnavailable',
      ambiguous: true,
    })
  })

  test('alsoRetry adds errors to retry, e.g. a job not visible yet', async () => {
    const { caller } = setup()
    const notFound = () => new AwsError('DescribeDatasetImportJob', 'ResourceNotFoundException', 'permanent', 'no', 400)
    const options = { alsoRetry: (error: AwsError) => error.code === 'ResourceNotFoundException' }
    await expect(caller.call('DescribeDatasetImportJob', failing([notFound, notFound]).send, options)).resolves.toBe(
      'ok',
    )
  })
})

describe('an endpoint that cannot be reached', () => {
  const refused = () => new AwsError('DescribeDataset', 'ECONNREFUSED', 'transient', 'connect ECONNREFUSED')

  test('before it ever answered (a wrong region or endpoint-url), fails after three tries', async () => {
    const { caller } = setup()
    const call = failing(Array.from({ length: 10 }, () => refused))
    await expect(caller.call('DescribeDataset', call.send)).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    expect(call.calls()).toBe(3)
  })

  test('once it has answered, a refused connection is a passing network fault', async () => {
    const { caller } = setup()
    await caller.call('DescribeDataset', failing([]).send)
    const call = failing(Array.from({ length: 5 }, () => refused))
    await expect(caller.call('DescribeDataset', call.send)).resolves.toBe('ok')
  })
})

describe('time bounds', () => {
  test('a request that gets no complete answer within its bound counts as a transient fault and is sent again', async () => {
    const time = simulatedTime({ timeoutMs: 60 * 60_000 })
    const retries: string[] = []
    const caller = new RetryingCaller({
      pacing: time.pacing,
      events: { retrying: error => retries.push(`${error.code} ${error.message}`) },
      requestBoundMs: 20,
    })
    let calls = 0
    const stalls = (signal: AbortSignal) =>
      new Promise<string>((resolve, reject) => {
        calls += 1
        if (calls > 1) return resolve('ok')
        signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))
      })
    await expect(caller.call('DescribeDatasetImportJob', stalls)).resolves.toBe('ok')
    expect(retries).toEqual(['RequestTimeout no complete answer within 0s'])
  })

  test('cancellation ends a call at once', async () => {
    const { caller, time } = setup()
    time.cancel.abort()
    await expect(caller.call('DescribeDataset', failing([]).send)).rejects.toBeInstanceOf(Cancelled)
  })
})

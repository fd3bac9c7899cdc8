// Waiting for a job on a simulated clock: the pause schedule, the outcomes, faults under the retry policy.
import { describe, expect, test } from 'vitest'
import { simulatedTime } from '../../__fixtures__/pacing.js'
import { AwsError } from '../../src/aws/errors.js'
import type { ImportJob } from '../../src/aws/personalize.js'
import { RetryingCaller } from '../../src/aws/retry.js'
import { FIRST_PAUSE_MS, pauseBefore, retryPause } from '../../src/pacing.js'
import { type WaitOptions, waitForJob } from '../../src/wait/import-job.js'
import { HEARTBEAT_MS } from '../../src/wait/poll.js'

const MINUTE = 60_000

/** A job whose status follows the simulated clock, read through the retry policy as the real client reads it. */
function simulation(options: {
  endsAfterMs: number
  outcome?: string
  maxPauseMs?: number
  timeoutMs?: number
  faults?: (call: number) => AwsError | undefined
  statusAt?: (elapsed: number) => unknown
}) {
  const time = simulatedTime({ timeoutMs: options.timeoutMs ?? 120 * MINUTE, maxPauseMs: options.maxPauseMs ?? 30_000 })
  const calls: number[] = []
  const events: string[] = []
  const caller = new RetryingCaller({
    pacing: time.pacing,
    events: { retrying: (error, pause) => events.push(`retry ${error.code} ${pause}`) },
  })
  const status = (elapsed: number): unknown => {
    if (options.statusAt) return options.statusAt(elapsed)
    if (elapsed >= options.endsAfterMs) return options.outcome ?? 'ACTIVE'
    return elapsed >= 1000 ? 'CREATE IN_PROGRESS' : 'CREATE PENDING'
  }
  const wait: WaitOptions = {
    ...time.pacing,
    describe: () =>
      caller.call('DescribeDatasetImportJob', async () => {
        calls.push(time.elapsed())
        const fault = options.faults?.(calls.length)
        if (fault) throw fault
        const value = status(time.elapsed())
        const job: ImportJob =
          typeof value === 'string'
            ? { status: value }
            : { unreadableStatus: typeof value === 'object' ? 'an object' : `a ${typeof value}` }
        return value === 'CREATE FAILED' ? { ...job, failureReason: 'bad csv' } : job
      }),
    events: {
      statusChanged: (status, elapsed) => events.push(`${elapsed} ${status}`),
      stillWaiting: (status, elapsed) => events.push(`${elapsed} still ${status}`),
      unexpectedStatus: description => events.push(`unexpected ${description}`),
    },
  }
  return { wait, calls, events, time }
}

describe('pause schedule', () => {
  test('starts at 2 s and doubles to the interval, with jitter only below the cap', () => {
    const top = [0, 1, 2, 3, 4, 5, 6].map(n => pauseBefore(n, 30_000, () => 1))
    expect(top).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000])
    const bottom = [0, 1, 2, 3, 4].map(n => pauseBefore(n, 30_000, () => 0))
    expect(bottom).toEqual([1500, 3000, 6000, 12000, 30000])
  })

  test('the first check after the initial one is never later than the interval', () => {
    expect(pauseBefore(0, 1000, () => 1)).toBe(1000)
    expect(pauseBefore(0, 1500, () => 1)).toBe(1500)
    expect(pauseBefore(0, 30_000, () => 1)).toBe(FIRST_PAUSE_MS)
  })

  test('pauses never exceed the interval, whatever the count and the randomness; retries are always jittered', () => {
    for (const interval of [1000, 7500, 30_000, 600_000]) {
      for (let n = 0; n < 64; n++) {
        for (const r of [0, 0.3, 0.999, 1]) {
          expect(pauseBefore(n, interval, () => r)).toBeLessThanOrEqual(interval)
          expect(retryPause(n + 1, interval, () => r)).toBeLessThanOrEqual(interval)
        }
      }
    }
    expect(retryPause(20, 30_000, () => 0)).toBe(22_500)
  })
})

describe('waitForJob', () => {
  test.each([2, 10, 60, 180])('a %i-minute job is noticed within one interval, with few calls', async minutes => {
    const sim = simulation({ endsAfterMs: minutes * MINUTE, timeoutMs: 240 * MINUTE })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('active')
    const delay = sim.time.elapsed() - minutes * MINUTE
    expect(delay).toBeGreaterThanOrEqual(0)
    expect(delay).toBeLessThanOrEqual(30_000)
    expect(sim.calls.length).toBeLessThanOrEqual((minutes * MINUTE) / 30_000 + 10)
  })

  test('logs each status change once, and a heartbeat while nothing changes', async () => {
    const sim = simulation({ endsAfterMs: 12 * MINUTE })
    await waitForJob(sim.wait)
    const changes = sim.events.filter(e => !e.includes('still'))
    expect(changes.map(e => e.split(' ').slice(1).join(' '))).toEqual([
      'CREATE PENDING',
      'CREATE IN_PROGRESS',
      'ACTIVE',
    ])
    const heartbeats = sim.events.filter(e => e.includes('still CREATE IN_PROGRESS'))
    expect(heartbeats).toHaveLength(2)
    const times = heartbeats.map(e => Number(e.split(' ')[0]))
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(HEARTBEAT_MS)
  })

  test('CREATE FAILED ends the wait as failed with the job', async () => {
    const result = await waitForJob(simulation({ endsAfterMs: 5 * MINUTE, outcome: 'CREATE FAILED' }).wait)
    expect(result.outcome).toBe('failed')
    expect(result.job?.failureReason).toBe('bad csv')
  })

  test('an unknown status is not terminal, and is logged once', async () => {
    const sim = simulation({ endsAfterMs: 2 * MINUTE, outcome: 'CREATE STOPPED', timeoutMs: 5 * MINUTE })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('timeout')
    expect(result.job?.status).toBe('CREATE STOPPED')
    expect(sim.events.filter(e => e.startsWith('unexpected'))).toEqual(['unexpected the status "CREATE STOPPED"'])
  })

  test('a status that is a number or an object is "still running", logged once per shape, never a crash', async () => {
    const shapes: unknown[] = [42, 42, { odd: true }, 'ACTIVE']
    let reads = 0
    const sim = simulation({ endsAfterMs: 0, statusAt: () => shapes[Math.min(reads++, shapes.length - 1)] })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('active')
    expect(sim.events.filter(e => e.startsWith('unexpected'))).toEqual([
      'unexpected a status that is not text (a number)',
      'unexpected a status that is not text (an object)',
    ])
  })

  test('times out exactly at the deadline with the last status', async () => {
    const sim = simulation({ endsAfterMs: 500 * MINUTE, timeoutMs: 10 * MINUTE })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('timeout')
    expect(sim.time.elapsed()).toBe(10 * MINUTE)
    expect(result.job?.status).toBe('CREATE IN_PROGRESS')
  })

  test('a fractional timeout (0.1 min = 6 s) holds', async () => {
    const sim = simulation({ endsAfterMs: 500 * MINUTE, timeoutMs: 0.1 * MINUTE, maxPauseMs: 1000 })
    await waitForJob(sim.wait)
    expect(sim.time.elapsed()).toBe(6000)
  })

  test('throttling on every other call never ends the wait; the check is retried, then polling goes on', async () => {
    const throttled = new AwsError('DescribeDatasetImportJob', 'ThrottlingException', 'throttled', 'Rate exceeded', 400)
    const sim = simulation({ endsAfterMs: 20 * MINUTE, faults: call => (call % 2 === 0 ? throttled : undefined) })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('active')
    expect(sim.events.some(e => e.startsWith('retry ThrottlingException'))).toBe(true)
  })

  test('a fault streak past the deadline times out and reports the last error and the last status', async () => {
    const down = new AwsError('DescribeDatasetImportJob', 'ServiceUnavailable', 'transient', 'down', 503, true)
    const sim = simulation({
      endsAfterMs: 500 * MINUTE,
      timeoutMs: 10 * MINUTE,
      faults: call => (call > 3 ? down : undefined),
    })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('timeout')
    expect(result.lastError?.code).toBe('ServiceUnavailable')
    expect(result.job?.status).toBe('CREATE IN_PROGRESS')
  })

  test('errors that cannot heal end the wait at once', async () => {
    const denied = new AwsError('DescribeDatasetImportJob', 'AccessDeniedException', 'permanent', 'no', 400)
    const sim = simulation({ endsAfterMs: 20 * MINUTE, faults: call => (call === 3 ? denied : undefined) })
    await expect(waitForJob(sim.wait)).rejects.toBe(denied)
    expect(sim.calls).toHaveLength(3)
  })

  test('every description read is observed as it arrives', async () => {
    const seen: string[] = []
    const sim = simulation({ endsAfterMs: 10_000 })
    await waitForJob({ ...sim.wait, observe: job => seen.push(job.status ?? '') })
    expect(seen.at(-1)).toBe('ACTIVE')
    expect(seen.length).toBe(sim.calls.length)
  })

  test('cancellation during a pause ends the wait as cancelled without another call', async () => {
    const sim = simulation({ endsAfterMs: 20 * MINUTE })
    sim.wait.sleep = async () => sim.time.cancel.abort()
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('cancelled')
    expect(sim.calls).toHaveLength(1)
    expect(result.job?.status).toBe('CREATE PENDING')
  })
})

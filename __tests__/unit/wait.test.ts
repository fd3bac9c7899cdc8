import { describe, expect, test } from 'vitest'
import { AwsError } from '../../src/aws/errors.js'
import type { ImportJob } from '../../src/aws/personalize.js'
import { FIRST_PAUSE_MS, MAX_FAULT_PAUSE_MS, pauseBefore } from '../../src/pacing.js'
import { type WaitOptions, waitForJob } from '../../src/wait/import-job.js'
import { HEARTBEAT_MS } from '../../src/wait/poll.js'

const MINUTE = 60_000

/** A job whose status follows the simulated clock, and a wait whose sleep only advances that clock. */
function simulation(options: {
  endsAfterMs: number
  outcome?: string
  maxPauseMs?: number
  timeoutMs?: number
  faults?: (call: number) => AwsError | undefined
  random?: () => number
}) {
  let now = 1_000_000
  const startedAt = now
  const calls: number[] = []
  const events: string[] = []
  const cancel = new AbortController()
  const wait: WaitOptions = {
    describe: async () => {
      calls.push(now - startedAt)
      const fault = options.faults?.(calls.length)
      if (fault) throw fault
      const elapsed = now - startedAt
      const status =
        elapsed >= options.endsAfterMs
          ? (options.outcome ?? 'ACTIVE')
          : elapsed >= 1000
            ? 'CREATE IN_PROGRESS'
            : 'CREATE PENDING'
      return { status, ...(status === 'CREATE FAILED' ? { failureReason: 'bad csv' } : {}) } satisfies ImportJob
    },
    clock: { now: () => now },
    sleep: async ms => {
      expect(ms).toBeGreaterThanOrEqual(0)
      now += ms
    },
    random: options.random ?? (() => 0.5),
    events: {
      statusChanged: (status, elapsed) => events.push(`${elapsed} ${status}`),
      stillWaiting: (status, elapsed) => events.push(`${elapsed} still ${status}`),
      fault: (error, pause) => events.push(`fault ${error.code} ${pause}`),
    },
    startedAt,
    deadline: startedAt + (options.timeoutMs ?? 120 * MINUTE),
    maxPauseMs: options.maxPauseMs ?? 30_000,
    cancel: cancel.signal,
    requestSignal: () => cancel.signal,
  }
  return { wait, calls, events, cancel, elapsed: () => now - startedAt, advance: (ms: number) => (now += ms) }
}

describe('pause schedule', () => {
  test('starts at 2 s and doubles to the interval, with jitter only below the cap', () => {
    const top = [0, 1, 2, 3, 4, 5, 6].map(n => pauseBefore(n, 0, 30_000, () => 1))
    expect(top).toEqual([2000, 4000, 8000, 16000, 30000, 30000, 30000])
    const bottom = [0, 1, 2, 3, 4].map(n => pauseBefore(n, 0, 30_000, () => 0))
    expect(bottom).toEqual([1500, 3000, 6000, 12000, 30000])
  })

  test('the first check after the initial one is never later than the interval', () => {
    expect(pauseBefore(0, 0, 1000, () => 1)).toBe(1000)
    expect(pauseBefore(0, 0, 1500, () => 1)).toBe(1500)
    expect(pauseBefore(0, 0, 30_000, () => 1)).toBe(FIRST_PAUSE_MS)
  })

  test('healthy pauses never exceed the interval, whatever the count and the randomness', () => {
    for (const interval of [1000, 7500, 30_000, 600_000]) {
      for (let n = 0; n < 64; n++) {
        for (const r of [0, 0.3, 0.999, 1]) expect(pauseBefore(n, 0, interval, () => r)).toBeLessThanOrEqual(interval)
      }
    }
  })

  test('consecutive faults lengthen the pause, up to a cap', () => {
    expect(pauseBefore(10, 1, 30_000, () => 1)).toBe(60_000)
    expect(pauseBefore(10, 2, 30_000, () => 1)).toBe(MAX_FAULT_PAUSE_MS)
    expect(pauseBefore(10, 50, 30_000, () => 1)).toBe(MAX_FAULT_PAUSE_MS)
    expect(pauseBefore(10, 3, 600_000, () => 1)).toBe(600_000)
  })
})

describe('waitForJob', () => {
  test.each([2, 10, 60, 180])('a %i-minute job is noticed within one interval, with few calls', async minutes => {
    const sim = simulation({ endsAfterMs: minutes * MINUTE, timeoutMs: 240 * MINUTE })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('active')
    const delay = sim.elapsed() - minutes * MINUTE
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

  test('unknown statuses are not terminal', async () => {
    const sim = simulation({ endsAfterMs: 2 * MINUTE, outcome: 'CREATE STOPPED', timeoutMs: 5 * MINUTE })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('timeout')
    expect(result.job?.status).toBe('CREATE STOPPED')
  })

  test('times out exactly at the deadline with the last status', async () => {
    const sim = simulation({ endsAfterMs: 500 * MINUTE, timeoutMs: 10 * MINUTE })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('timeout')
    expect(sim.elapsed()).toBe(10 * MINUTE)
    expect(result.job?.status).toBe('CREATE IN_PROGRESS')
  })

  test('a fractional timeout (0.1 min = 6 s) holds', async () => {
    const sim = simulation({ endsAfterMs: 500 * MINUTE, timeoutMs: 0.1 * MINUTE, maxPauseMs: 1000 })
    await waitForJob(sim.wait)
    expect(sim.elapsed()).toBe(6000)
  })

  test('throttling and 5xx lengthen the pause but never end the wait', async () => {
    const throttled = new AwsError('DescribeDatasetImportJob', 'ThrottlingException', 'throttled', 'Rate exceeded', 400)
    const sim = simulation({ endsAfterMs: 20 * MINUTE, faults: call => (call % 2 === 0 ? throttled : undefined) })
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('active')
    expect(sim.events.some(e => e.startsWith('fault ThrottlingException'))).toBe(true)
  })

  test('a fault streak past the deadline times out and reports the last error', async () => {
    const down = new AwsError('DescribeDatasetImportJob', 'ServiceUnavailable', 'transient', 'down', 503)
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

  test('cancellation during a pause ends the wait as cancelled without another call', async () => {
    const sim = simulation({ endsAfterMs: 20 * MINUTE })
    sim.wait.sleep = async () => sim.cancel.abort()
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('cancelled')
    expect(sim.calls).toHaveLength(1)
    expect(result.job?.status).toBe('CREATE PENDING')
  })

  test('a check aborted by cancellation ends the wait as cancelled', async () => {
    const sim = simulation({ endsAfterMs: 20 * MINUTE })
    sim.wait.describe = async () => {
      sim.cancel.abort()
      throw new AwsError('DescribeDatasetImportJob', 'AbortError', 'aborted', 'aborted')
    }
    const result = await waitForJob(sim.wait)
    expect(result.outcome).toBe('cancelled')
    expect(result.job).toBeUndefined()
  })
})

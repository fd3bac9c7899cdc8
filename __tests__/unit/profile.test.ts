// The data profile's counters: exact while few, then estimates from a hash sample that stay close to the truth,
// and the training-minimum rule; the retraining gate's decisions on doubt.
import { describe, expect, test } from 'vitest'
import { fakeApi } from '../../__fixtures__/api.js'
import { DATASET } from '../../__fixtures__/constants.js'
import { simulatedTime } from '../../__fixtures__/pacing.js'
import { recordingRunner } from '../../__fixtures__/runner.js'
import { BYTES_TAG, FINGERPRINT_TAG, type GateFacts, RetrainingGate } from '../../src/admission/gate.js'
import type { ImportRequest } from '../../src/aws/model.js'
import { type Count, DistinctCounter, ProfileCollector, trainingShortfalls } from '../../src/data/profile.js'

const encoder = new TextEncoder()
const add = (counter: DistinctCounter, value: string) => {
  const bytes = encoder.encode(value)
  counter.addCell(bytes, 0, bytes.length)
}

describe('distinct counts', () => {
  test('exact below the bound: distinct values and those seen twice', () => {
    const counter = new DistinctCounter()
    for (let i = 0; i < 10_000; i++) add(counter, `user-${i % 3_000}`)
    add(counter, 'once')
    expect(counter.distinct()).toEqual({
      all: { value: 3_001, exact: true },
      atLeastTwo: { value: 3_000, exact: true },
    })
  })

  test('past the bound, an estimate within 5% (a sample of hashes, scaled), marked as one', () => {
    const counter = new DistinctCounter()
    for (let i = 0; i < 400_000; i++) add(counter, `u${i}`)
    const { all } = counter.distinct()
    expect(all.exact).toBe(false)
    expect(Math.abs(all.value - 400_000) / 400_000).toBeLessThan(0.05)
  })

  test('merging two files counts a value seen once in each as seen twice', () => {
    const [a, b] = [new DistinctCounter(), new DistinctCounter()]
    add(a, 'shared')
    add(b, 'shared')
    add(b, 'only-b')
    a.merge(b)
    expect(a.distinct().atLeastTwo.value).toBe(1)
    expect(a.distinct().all.value).toBe(2)
  })
})

describe('merging the profiles of two files', () => {
  test('event types add their counts', () => {
    const profileOf = (types: string[]) => {
      const profile = new ProfileCollector('interactions')
      profile.header(['USER_ID', 'ITEM_ID', 'EVENT_TYPE'], [])
      for (const type of types) {
        const line = encoder.encode(`u,i,${type}`)
        profile.onRecord(line, Int32Array.of(0, 2, 4), Int32Array.of(1, 3, line.length))
      }
      return profile
    }
    const first = profileOf(['click', 'click', 'buy'])
    first.merge(profileOf(['click', 'view']))
    expect(first.result('all').eventTypes).toEqual([
      { type: 'click', count: 3 },
      { type: 'buy', count: 1 },
      { type: 'view', count: 1 },
    ])
  })
})

describe('training readiness', () => {
  test('fewer than 25 users with 2 or more interactions is a shortfall, when all the data was read', () => {
    const profile = { records: 1200, usersWithTwo: { value: 18, exact: true } }
    expect(trainingShortfalls({ scope: 'all', ...profile })).toEqual([
      '18 users have 2 or more interactions, 25 are needed',
    ])
    expect(trainingShortfalls({ scope: 'sample', ...profile })).toEqual([])
    expect(trainingShortfalls({ scope: 'all', records: 9, usersWithTwo: { value: 25, exact: true } })).toEqual([])
  })

  test('an estimate earns the warning only when even its upper bound is below 25', () => {
    const estimate = (value: number, high: number) => ({ value, exact: false, low: 0, high })
    const shortfall = (count: ReturnType<typeof estimate>) =>
      trainingShortfalls({ scope: 'all', records: 5_000_000, usersWithTwo: count })
    expect(shortfall(estimate(0, 22))).toEqual(['~0 users have 2 or more interactions, 25 are needed'])
    expect(shortfall(estimate(0, 2_800))).toEqual([])
  })
})

/** Interactions of `records` records whose user is `userOf(i)`, profiled, beside the exact counts of the same. */
function profiled(records: number, userOf: (i: number) => number, itemOf = (i: number) => (i * 7) % 99_991) {
  const profile = new ProfileCollector('interactions')
  profile.header(['USER_ID', 'ITEM_ID', 'TIMESTAMP', 'EVENT_TYPE'], [])
  const users = new Map<number, number>()
  const items = new Set<number>()
  const bytes = Buffer.alloc(64)
  const starts = new Int32Array(4)
  const ends = new Int32Array(4)
  for (let i = 0; i < records; i++) {
    const user = userOf(i)
    users.set(user, (users.get(user) ?? 0) + 1)
    items.add(itemOf(i))
    const cells = [`u${user}`, `i${itemOf(i)}`, String(1_700_000_000 + i), i % 2 ? 'click' : 'view']
    let at = 0
    cells.forEach((cell, c) => {
      starts[c] = at
      at += bytes.write(cell, at)
      ends[c] = at
      at += 1
    })
    profile.onRecord(bytes, starts, ends)
  }
  const exact = {
    users: users.size,
    usersWithTwo: [...users.values()].filter(count => count >= 2).length,
    items: items.size,
  }
  return { result: profile.result('all'), exact }
}

const within = (count: Count | undefined, truth: number, share: number) => {
  expect(count).toBeDefined()
  expect(Math.abs((count?.value ?? 0) - truth) / truth).toBeLessThan(share)
  if (count && !count.exact) {
    expect(count.low).toBeLessThanOrEqual(truth)
    expect(count.high).toBeGreaterThanOrEqual(truth)
  }
}

describe('the profile past the exact bound, against exact counts of the same records', () => {
  test.each([
    ['uniform: 160,000 records of 80,000 users', 160_000, (i: number) => (i * 7_919) % 80_000],
    [
      'alternating: one-time users, then users with 2 records',
      160_000,
      (i: number) => (i % 2 === 0 ? 100_000 + i : (i >> 1) % 40_000),
    ],
    [
      'Zipf-skewed: 160,000 records of ranks 1 to 150,000',
      160_000,
      (i: number) => Math.floor(Math.exp(((((i + 1) * 2_654_435_761) >>> 0) / 2 ** 32) * Math.log(150_000))),
    ],
  ])('%s: users, items and users with 2+ within 2% (5%), each inside its bounds', (_, records, userOf) => {
    const { result, exact } = profiled(records, userOf)
    expect(result.records).toBe(records)
    within(result.users, exact.users, 0.02)
    within(result.items, exact.items, 0.02)
    within(result.usersWithTwo, exact.usersWithTwo, 0.05)
    // Every record counts for the event types, whatever their phase.
    expect(result.eventTypes).toEqual([
      { type: 'view', count: records / 2 },
      { type: 'click', count: records / 2 },
    ])
  })

  test('users with 2 records after 70,000 one-time users: no training warning', () => {
    const { result, exact } = profiled(130_000, i => (i < 70_000 ? i : 70_000 + ((i - 70_000) >> 1)))
    expect(exact.usersWithTwo).toBe(30_000)
    within(result.usersWithTwo, 30_000, 0.05)
    expect(trainingShortfalls(result)).toEqual([])
  })

  test("event types are copies: the reader's buffer, reused for the next chunk, never shows in them", () => {
    const profile = new ProfileCollector('interactions')
    profile.header(['USER_ID', 'EVENT_TYPE'], [])
    const chunk = Buffer.from('u1,view\nu2,click\n')
    profile.onRecord(chunk, Int32Array.of(0, 3), Int32Array.of(2, 7))
    profile.onRecord(chunk, Int32Array.of(8, 11), Int32Array.of(10, 16))
    chunk.write('u9,1895\n17068838,9\n')
    expect(profile.result('all').eventTypes).toEqual([
      { type: 'view', count: 1 },
      { type: 'click', count: 1 },
    ])
  })
})

describe('the retraining gate on doubt', () => {
  const request: ImportRequest = {
    jobName: 'j',
    datasetArn: DATASET,
    dataSource: { dataLocation: 's3://b/p/' },
    importMode: 'FULL',
  }
  const data = { fingerprint: 'f'.repeat(64), bytes: 100, objects: 1 }
  const active = {
    jobName: 'earlier',
    datasetImportJobArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/earlier',
    status: 'ACTIVE',
    creationDateTime: new Date(0),
  }
  const gate = async (facts: GateFacts, tags: Record<string, string> = {}) => {
    const runner = recordingRunner()
    const context = {
      api: fakeApi({ listTags: async () => tags }),
      runner,
      pacing: simulatedTime({ timeoutMs: 60_000, maxPauseMs: 30_000 }).pacing,
      region: 'us-east-1',
    }
    const decision = await new RetrainingGate(context, request, { skipUnchanged: true }, facts.data).decide(facts)
    return { decision, notices: runner.annotations.filter(a => a.kind === 'notice').map(a => a.message) }
  }

  test('the same fingerprint on the newest ACTIVE import: unchanged; another one: import, with the tags', async () => {
    const same = await gate({ jobs: [active], data }, { [FINGERPRINT_TAG]: data.fingerprint })
    expect(same.decision).toEqual({ kind: 'unchanged', job: active })
    const other = await gate({ jobs: [active], data }, { [FINGERPRINT_TAG]: 'other' })
    expect(other.decision).toEqual({
      kind: 'import',
      tags: [
        { tagKey: FINGERPRINT_TAG, tagValue: data.fingerprint },
        { tagKey: BYTES_TAG, tagValue: '100' },
      ],
    })
  })

  test.each([
    ['the listing cut short', { jobs: [active], jobsIncomplete: 'a repeated page token', data }, 'stopped early'],
    ['the imports not listed', { jobs: undefined, data }, 'could not be listed'],
    ['the data not listed whole', { jobs: [active], data: undefined }, 'could not be listed whole'],
  ])('%s: import, with a notice', async (_, facts, says) => {
    const result = await gate(facts, { [FINGERPRINT_TAG]: data.fingerprint })
    expect(result.decision.kind).toBe('import')
    expect(result.notices.join('\n')).toContain(says)
  })
})

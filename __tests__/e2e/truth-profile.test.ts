// The profile's figures are true, through dist/index.js: every figure against an exact count of the same file,
// large files profiled in the worker thread, no warning beside an error.
import { describe, expect, test } from 'vitest'
import { runAction } from '../../__fixtures__/harness.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'

const SCHEMA = schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE)
const ITEMS_SCHEMA = schemaWith('ITEMS', FIELDS.DESCRIPTION)
const HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'
const NO_AWS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_REGION: undefined }
const rows = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `user-${(from + i) % 100},item-${(from + i) % 97},${1_700_000_000 + i},click`)
const csv = (lines: string[]) => `${lines.join('\n')}\n`

function checkOnly(files: Record<string, string | Uint8Array>, schema: object = SCHEMA) {
  return runAction({
    inputs: { 'check-only': 'true', 'local-data': 'data/*', 'schema-file': 'schema.json' },
    env: NO_AWS,
    workspaceFiles: { 'schema.json': JSON.stringify(schema), ...files },
  })
}

type Run = Awaited<ReturnType<typeof runAction>>
const checks = (run: Run) => JSON.parse(run.outputs.checks ?? '{}')
const findings = (run: Run) => (checks(run).findings ?? []) as Array<Record<string, unknown>>
const shown = (run: Run) => [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')

/** A file written by code beside the exact counts of what it holds. */
function interactionsFile(records: number, userOf: (i: number) => number) {
  const types = ['view', 'click', 'purchase']
  const users = new Map<number, number>()
  const items = new Set<number>()
  const typeCounts: Record<string, number> = { view: 0, click: 0, purchase: 0 }
  const lines = [`${HEADER},EVENT_VALUE`]
  for (let i = 0; i < records; i++) {
    const user = userOf(i)
    const item = (i * 7) % 49_999
    const type = types[i % 3] ?? 'view'
    users.set(user, (users.get(user) ?? 0) + 1)
    items.add(item)
    typeCounts[type] = (typeCounts[type] ?? 0) + 1
    lines.push(`user-${user},B0${item}X,${1_700_000_000 + i * 3},${type},${(i % 50) / 10}`)
  }
  const exact = {
    users: users.size,
    usersWithTwo: [...users.values()].filter(count => count >= 2).length,
    items: items.size,
    typeCounts,
    first: new Date(1_700_000_000 * 1000).toISOString().slice(0, 10),
    last: new Date((1_700_000_000 + (records - 1) * 3) * 1000).toISOString().slice(0, 10),
  }
  return { text: csv(lines), exact }
}

const near = (count: { value: number; exact: boolean; low?: number; high?: number }, truth: number, share: number) => {
  expect(Math.abs(count.value - truth) / truth).toBeLessThan(share)
  if (!count.exact) expect([count.low, count.high]).toEqual([expect.any(Number), expect.any(Number)])
  if (!count.exact) expect((count.low ?? 0) <= truth && truth <= (count.high ?? 0)).toBe(true)
}

describe.concurrent('the profile', () => {
  test('a 36 MB file (profiled in the worker thread): every figure against an exact count, event types only from EVENT_TYPE', async () => {
    const { text, exact } = interactionsFile(860_000, i => (i * 7_919) % 300_000)
    expect(text.length).toBeGreaterThan(33 * 1024 * 1024)
    const run = await checkOnly({ 'data/interactions.csv': text })
    expect(run.code).toBe(0)
    const profile = checks(run).profile
    expect(profile.records).toBe(860_000)
    near(profile.users, exact.users, 0.02)
    near(profile.usersWithTwo, exact.usersWithTwo, 0.05)
    near(profile.items, exact.items, 0.02)
    expect([profile.firstEvent, profile.lastEvent]).toEqual([exact.first, exact.last])
    expect(profile.eventTypes).toEqual(
      Object.entries(exact.typeCounts)
        .map(([type, count]) => ({ type, count }))
        .sort((a, b) => b.count - a.count),
    )
    expect(run.summary).toContain('| event types | view 286,667, click 286,667, purchase 286,666 |')
  })

  test('262,144 one-time users then 100,000 users with 2 records: ~100,000 with 2+, no training warning', async () => {
    const { text, exact } = interactionsFile(462_144, i => (i < 262_144 ? i : 262_144 + ((i - 262_144) >> 1)))
    const run = await checkOnly({ 'data/interactions.csv': text })
    expect(run.code).toBe(0)
    const profile = checks(run).profile
    near(profile.users, exact.users, 0.02)
    near(profile.usersWithTwo, 100_000, 0.05)
    expect(findings(run).map(f => f.rule)).not.toContain('training-minimum')
  })

  test('no warning beside an error, and every count of records agrees', async () => {
    const trailing = await checkOnly({ 'data/i.csv': csv([HEADER, ...rows(1200).map(row => `${row},`)]) })
    expect(findings(trailing).map(f => f.rule)).toEqual(['cell-count'])
    const headerOnly = await checkOnly({ 'data/i.csv': `${HEADER}\n` })
    expect(shown(headerOnly)).not.toContain('The import can succeed')
    const lines = [
      'ITEM_ID,DESCRIPTION',
      ...Array.from({ length: 2000 }, (_, i) => (i % 20 ? `i${i},plain` : `i${i},"two\nlines"`)),
    ]
    const broken = await checkOnly({ 'data/items.csv': csv(lines) }, ITEMS_SCHEMA)
    const breaks = findings(broken).find(f => f.rule === 'line-break-in-value')
    expect([breaks?.count, breaks?.of]).toEqual([100, 2000])
    expect(checks(broken).profile).toMatchObject({ records: 2000, profiledRecords: 1900 })
    expect(broken.summary).toContain('| records | 2,000 (1,900 read cleanly: the figures below are theirs) |')
  })
})

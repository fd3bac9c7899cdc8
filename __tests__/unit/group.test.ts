// A dataset group's parts by themselves: the datasets input, the checks across datasets (exact, then estimated
// from a hash sample on both sides), and the one wait loop over several jobs.
import { describe, expect, test } from 'vitest'
import { simulatedTime } from '../../__fixtures__/pacing.js'
import type { ImportJob } from '../../src/aws/personalize.js'
import type { Config } from '../../src/config.js'
import { CrossCheck, CrossFeed, IdSet } from '../../src/data/cross-check.js'
import { readConfig } from '../../src/inputs/read.js'
import { InputError } from '../../src/inputs/source.js'
import { waitForJobs } from '../../src/wait/jobs.js'

const GROUP = 'arn:aws:personalize:us-east-1:123456789012:dataset-group/retail'

function config(inputs: Record<string, string>, files: Record<string, string> = {}): Promise<Config> {
  return readConfig({
    getInput: name => inputs[name] ?? '',
    env: { GITHUB_REPOSITORY: 'acme/reco', GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1', AWS_REGION: 'us-east-1' },
    readWorkspaceFile: path => {
      const text = files[path]
      if (text === undefined) throw new Error('no such file in the workspace')
      return text
    },
  })
}

async function inputError(inputs: Record<string, string>): Promise<string> {
  try {
    await config(inputs)
  } catch (error) {
    if (error instanceof InputError) return `Input ${error.input} ${error.message}`
    throw error
  }
  throw new Error('expected an input error')
}

describe('datasets', () => {
  test("each dataset of the group: its ARN from the group, its inputs or the group's, its job name", async () => {
    const { target, region } = await config({
      'dataset-group-arn': GROUP,
      'job-name': 'nightly',
      'import-mode': 'FULL',
      'role-arn': 'arn:aws:iam::123456789012:role/Reader',
      datasets: [
        'Interactions: s3://data/interactions/',
        'ITEMS:',
        '  data-location: s3://data/items.csv',
        '  import-mode: incremental',
        '  job-name: items-by-hand',
        'action-interactions: s3://data/actions/',
      ].join('\n'),
    })
    expect(region).toBe('us-east-1')
    if (target.kind !== 'create') throw new Error(target.kind)
    expect(target.group).toEqual({ arn: GROUP, name: 'retail' })
    expect(
      target.entries.map(entry => [
        entry.type,
        entry.request.datasetArn,
        entry.request.jobName,
        entry.request.importMode,
      ]),
    ).toEqual([
      [
        'INTERACTIONS',
        'arn:aws:personalize:us-east-1:123456789012:dataset/retail/INTERACTIONS',
        'nightly-interactions',
        'FULL',
      ],
      ['ITEMS', 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/ITEMS', 'items-by-hand', 'INCREMENTAL'],
      [
        'ACTION_INTERACTIONS',
        'arn:aws:personalize:us-east-1:123456789012:dataset/retail/ACTION_INTERACTIONS',
        'nightly-action-interactions',
        'FULL',
      ],
    ])
    expect(target.entries.every(entry => entry.request.roleArn === 'arn:aws:iam::123456789012:role/Reader')).toBe(true)
    expect(target.entries[0]?.jobArn).toBe(
      'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/nightly-interactions',
    )
  })

  test('default job names end with the dataset type and stay within 63 characters', async () => {
    const { target } = await config({
      'dataset-group-arn': GROUP,
      datasets: 'action-interactions: s3://data/a/\nitems: s3://data/i/',
    })
    if (target.kind !== 'create') throw new Error(target.kind)
    for (const entry of target.entries) {
      expect(entry.request.jobName).toMatch(/^reco-7-1-[0-9a-f]{8}-(action-interactions|items)$/)
      expect(entry.request.jobName.length).toBeLessThanOrEqual(63)
    }
  })

  test.each([
    [{ datasets: 'items: s3://d/i/' }, 'Input datasets needs dataset-group-arn (the group it names datasets of)'],
    [
      { 'dataset-group-arn': GROUP },
      "Input datasets is required with dataset-group-arn (or give job-names to wait for an earlier step's jobs)",
    ],
    [
      { 'dataset-group-arn': GROUP, datasets: 'items: s3://d/i/', 'dataset-arn': 'x' },
      'Input dataset-group-arn cannot be combined with dataset-arn',
    ],
    [
      { 'dataset-group-arn': GROUP, datasets: 'things: s3://d/i/' },
      'Input datasets has the key "things", which is not a dataset type',
    ],
    [
      { 'dataset-group-arn': GROUP, datasets: 'items: s3://d/i/\nITEMS: s3://d/j/' },
      'Input datasets names the dataset items twice ("items" and "ITEMS")',
    ],
    [
      { 'dataset-group-arn': GROUP, datasets: 'items:\n  tags: a=b' },
      'Input datasets "items": has the input "tags", which a dataset cannot set',
    ],
    [
      { 'dataset-group-arn': GROUP, datasets: 'items:\n  import-mode: FULL' },
      'Input datasets "items": data-location is required',
    ],
    [
      { 'dataset-group-arn': GROUP, datasets: 'items: s3:///nothing' },
      'Input datasets "items" data-location must name a bucket',
    ],
    [{ 'dataset-group-arn': GROUP, datasets: 'items: [' }, 'Input datasets is not valid YAML'],
    [
      {
        'dataset-group-arn': 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/ITEMS',
        datasets: 'items: s3://d/i/',
      },
      'Input dataset-group-arn must be a dataset group ARN',
    ],
    [
      { 'dataset-group-arn': GROUP, 'job-names': '{"items": "n"}', datasets: 'items: s3://d/i/' },
      'Input job-names waits for the jobs of an earlier step, so it cannot be combined with datasets',
    ],
    [
      { 'dataset-group-arn': GROUP, 'job-names': '["n"]' },
      'Input job-names must be a JSON object of dataset types to job names',
    ],
  ])('%j is refused before any request', async (inputs, message) => {
    expect(await inputError(inputs)).toContain(message)
  })

  test('job-names attaches to the jobs by name, their ARNs from the group; job-name without data-location to one', async () => {
    const group = await config({ 'dataset-group-arn': GROUP, 'job-names': '{"items":"n-items","users":"n-users"}' })
    expect(group.target).toEqual({
      kind: 'attach',
      group: { arn: GROUP, name: 'retail' },
      jobs: [
        {
          type: 'ITEMS',
          jobName: 'n-items',
          jobArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/n-items',
        },
        {
          type: 'USERS',
          jobName: 'n-users',
          jobArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/n-users',
        },
      ],
    })
    const single = await config({
      'dataset-arn': 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/ITEMS',
      'job-name': 'n1',
    })
    expect(single.target).toEqual({
      kind: 'attach',
      jobs: [{ jobName: 'n1', jobArn: 'arn:aws:personalize:us-east-1:123456789012:dataset-import-job/n1' }],
    })
    expect(
      await inputError({
        'dataset-arn': 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/ITEMS',
        'job-name': 'n1',
        'role-arn': 'arn:aws:iam::123456789012:role/R',
      }),
    ).toContain(
      'Input job-name without data-location attaches to that job of dataset-arn, so it cannot be combined with role-arn',
    )
  })

  test('check-only of a group: each dataset with its own local data and schema file', async () => {
    const schema = JSON.stringify({
      type: 'record',
      name: 'Items',
      fields: [
        { name: 'ITEM_ID', type: 'string' },
        { name: 'G', type: 'string' },
      ],
    })
    const { target } = await config(
      {
        'dataset-group-arn': GROUP,
        'check-only': 'true',
        datasets: 'items:\n  local-data: data/items/*.csv\n  schema-file: items.json\ninteractions: s3://data/i/',
      },
      { 'items.json': schema },
    )
    if (target.kind !== 'check') throw new Error(target.kind)
    expect(
      target.checks.map(check => [check.type, check.dataLocation, check.data.localData, check.data.schema?.name]),
    ).toEqual([
      ['ITEMS', undefined, ['data/items/*.csv'], 'Items'],
      ['INTERACTIONS', 's3://data/i/', [], undefined],
    ])
  })
})

describe('the checks across datasets', () => {
  const bytes = (text: string) => new TextEncoder().encode(text)
  /** Feeds one-cell records of `column` through a collector, as the reader would. */
  function feed(cross: CrossCheck, type: 'ITEMS' | 'INTERACTIONS' | 'USERS', column: string, values: string[]): void {
    const collector = cross.collector(type)
    if (!collector) throw new Error(`no collector for ${type}`)
    const file = new CrossFeed(collector)
    file.header([column, ...(type === 'INTERACTIONS' ? ['USER_ID'] : [])])
    for (const value of values) {
      const cells = type === 'INTERACTIONS' ? [value, 'u1'] : [value]
      const line = bytes(cells.join(','))
      const starts = Int32Array.from(cells.map((_, i) => cells.slice(0, i).join(',').length + (i > 0 ? 1 : 0)))
      const ends = Int32Array.from(cells.map((cell, i) => (starts[i] ?? 0) + cell.length))
      file.onRecord(line, starts, ends)
    }
    file.commit()
    cross.readInFull(type)
  }

  test('exact while few: unknown items and items without interactions, each with count and share', () => {
    const cross = new CrossCheck(['INTERACTIONS', 'ITEMS'])
    feed(cross, 'ITEMS', 'ITEM_ID', ['i1', 'i2', 'i3', 'i4'])
    feed(cross, 'INTERACTIONS', 'ITEM_ID', ['i1', 'i1', 'i2', 'x9', 'x8'])
    const { findings, notJudged } = cross.findings(type => type.toLowerCase())
    expect(notJudged).toEqual([])
    expect(findings).toEqual([
      {
        rule: 'unknown-items',
        file: 'interactions',
        what: '2 interactions records (40.0% of those read) name an ITEM_ID that the items dataset does not hold',
      },
      { rule: 'items-without-interactions', file: 'items', what: '2 of 4 items (50.0%) have no interactions' },
    ])
  })

  test('a dataset not read in full is not judged, and says so', () => {
    const cross = new CrossCheck(['INTERACTIONS', 'USERS'])
    feed(cross, 'USERS', 'USER_ID', ['u1'])
    const collector = cross.collector('INTERACTIONS')
    expect(collector?.refers.map(r => r.column)).toEqual(['USER_ID'])
    expect(cross.findings(type => type).notJudged).toEqual(['USER_ID of interactions against users'])
  })

  test('past the exact bound, a hash sample on both sides: the count within 5%, marked as an estimate', () => {
    const set = new IdSet()
    for (let i = 0; i < 600_000; i++) {
      const id = bytes(`item-${i}`)
      set.add(id, 0, id.length)
    }
    expect(set.scale).toBeGreaterThan(1)
    let checked = 0
    let missing = 0
    for (let i = 0; i < 200_000; i++) {
      const id = bytes(i % 4 === 0 ? `gone-${i}` : `item-${i}`)
      const found = set.find(id, 0, id.length)
      if (found === undefined) continue
      checked += 1
      if (!found) missing += 1
    }
    expect(Math.abs((missing * set.scale) / 50_000 - 1)).toBeLessThan(0.05)
    expect(Math.abs((checked * set.scale) / 200_000 - 1)).toBeLessThan(0.05)
  })
})

describe('one loop waits for several jobs', () => {
  test('each job read on its own schedule, as a single wait reads it; the loop ends with the last', async () => {
    const time = simulatedTime({ maxPauseMs: 30_000 })
    const reads: Array<[string, number]> = []
    const job = (name: string, readsUntilActive: number) => {
      let n = 0
      return {
        describe: async (): Promise<ImportJob> => {
          reads.push([name, time.elapsed()])
          n += 1
          return { status: n >= readsUntilActive ? 'ACTIVE' : 'CREATE IN_PROGRESS' }
        },
        observe: () => undefined,
        events: { statusChanged: () => undefined, stillWaiting: () => undefined, unexpectedStatus: () => undefined },
      }
    }
    const results = await waitForJobs(time.pacing, [job('short', 2), job('long', 5)])
    expect(results.map(result => result.outcome)).toEqual(['active', 'active'])
    expect(results.map(result => result.checks)).toEqual([2, 5])
    // The schedule of a single wait: 0, 2 s, 6 s, 14 s, 30 s (pauses of 2, 4, 8, 16 s with random 0.5 x 0.875).
    expect(reads.filter(([name]) => name === 'long').map(([, at]) => at)).toEqual([0, 1750, 5250, 12250, 26250])
    expect(time.elapsed()).toBe(26250)
  })
})

// The data profile against exact counts (for `npm run bench`): interactions files of 1 k, 300 k, 3 M and 22 M
// records whose users are uniform, Zipf-skewed, or one-time and repeated users on alternating lines, written by
// code that counts what it writes; each is checked by the bundle (check-only, local-data), and every figure of its
// profile is compared with the exact count. Memory is the child's peak RSS.
import { spawn } from 'node:child_process'
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const PROFILE_SIZES = (process.env.BENCH_PROFILE_RECORDS ?? '1000,300000,3000000,22000000')
  .split(',')
  .map(Number)
  .filter(n => n > 0)

/** How each distribution picks the user of record i of n (ids below n). */
const DISTRIBUTIONS = {
  uniform: n => {
    const users = Math.max(1, Math.floor(n / 2.2))
    return i => (Math.imul(i, 2_654_435_761) >>> 0) % users
  },
  zipf: n => {
    const users = Math.max(2, Math.floor(n / 2))
    const log = Math.log(users)
    // Log-uniform ranks: P(k) ~ 1/k, the heavy head and long tail of real traffic.
    return i => Math.min(users - 1, Math.floor(Math.exp(unit(i) * log)) - 1)
  },
  alternating: n => {
    const half = Math.floor(n / 2)
    // Even lines: a user seen once; odd lines: users seen twice, in turn.
    return i => (i % 2 === 0 ? half + i / 2 : ((i - 1) / 2) % Math.max(1, Math.floor(half / 2)))
  },
}

/** A well-spread number in [0, 1) for record i. */
function unit(i) {
  let t = (i + 0x6d2b79f5) | 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const TYPES = ['view', 'click', 'purchase']

/** Writes the file and returns the exact figures of what it wrote. */
async function writeFile(path, records, distribution) {
  const userOf = DISTRIBUTIONS[distribution](records)
  const userCounts = new Uint8Array(records + 1)
  const items = Math.max(1, Math.floor(records / 20))
  const itemSeen = new Uint8Array(items)
  const typeCounts = new Map(TYPES.map(type => [type, 0]))
  const out = createWriteStream(path)
  out.write('USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n')
  for (let i = 0; i < records; ) {
    let chunk = ''
    for (let k = 0; k < 20_000 && i < records; k++, i++) {
      const user = userOf(i)
      const item = (Math.imul(i, 40_503) >>> 0) % items
      // Alternating lines alternate their event types too: a stride would land on one phase.
      const type = distribution === 'alternating' ? TYPES[i % 2] : TYPES[i % 3]
      if (userCounts[user] < 2) userCounts[user] += 1
      itemSeen[item] = 1
      typeCounts.set(type, typeCounts.get(type) + 1)
      chunk += `u${user},item-${item},${1_700_000_000 + i},${type}\n`
    }
    if (!out.write(chunk)) await new Promise(resolve => out.once('drain', resolve))
  }
  await new Promise(resolve => out.end(resolve))
  let users = 0
  let usersWithTwo = 0
  for (const count of userCounts) {
    if (count > 0) users += 1
    if (count > 1) usersWithTwo += 1
  }
  return {
    records,
    users,
    usersWithTwo,
    items: itemSeen.reduce((sum, seen) => sum + seen, 0),
    eventTypes: [...typeCounts].filter(([, count]) => count > 0),
    firstEvent: new Date(1_700_000_000 * 1000).toISOString().slice(0, 10),
    lastEvent: new Date((1_700_000_000 + records - 1) * 1000).toISOString().slice(0, 10),
  }
}

/** Runs the bundle on the workspace; returns its checks output and peak RSS (from /proc, polled). */
function checkOnly(node, bundle, workspace, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [bundle], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: workspace,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: join(workspace, 'output'),
        'INPUT_CHECK-ONLY': 'true',
        'INPUT_LOCAL-DATA': 'data/*.csv',
        'INPUT_SCHEMA-FILE': 'schema.json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let peakKiB = 0
    const timer = setInterval(async () => {
      try {
        const { readFileSync } = await import('node:fs')
        const rss = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]
        peakKiB = Math.max(peakKiB, Number(rss ?? 0))
      } catch {
        // the process has ended
      }
    }, 20)
    child.stdout.resume()
    child.stderr.resume()
    child.on('error', reject)
    child.on('close', async () => {
      clearInterval(timer)
      const { readFileSync } = await import('node:fs')
      const output = readFileSync(join(workspace, 'output'), 'utf8')
      const block = /checks<<(.+)\n([\s\S]*?)\n\1/.exec(output)
      resolve({ checks: block ? JSON.parse(block[2]) : undefined, rssMiB: peakKiB / 1024 })
    })
  })
}

/** The relative error of a figure, or 0 when both are 0. */
const error = (value, truth) => (truth === 0 ? (value === 0 ? 0 : 1) : (value - truth) / truth)

export async function profileAccuracy({ node, bundle, work, schema, log }) {
  const rows = []
  for (const records of PROFILE_SIZES) {
    for (const distribution of Object.keys(DISTRIBUTIONS)) {
      const workspace = join(work, `profile-${records}-${distribution}`)
      mkdirSync(join(workspace, 'data'), { recursive: true })
      writeFileSync(join(workspace, 'schema.json'), schema)
      writeFileSync(join(workspace, 'output'), '')
      log(`Profile accuracy: ${records.toLocaleString('en-US')} records, ${distribution} users...`)
      const exact = await writeFile(join(workspace, 'data', 'interactions.csv'), records, distribution)
      const { checks, rssMiB } = await checkOnly(node, bundle, workspace, {})
      rmSync(workspace, { recursive: true, force: true })
      const profile = checks?.profile ?? {}
      const shown = new Map((profile.eventTypes ?? []).map(entry => [entry.type, entry.count]))
      rows.push({
        records,
        distribution,
        exact,
        profile,
        rssMiB,
        errors: {
          records: error(profile.records ?? 0, exact.records),
          users: error(profile.users?.value ?? 0, exact.users),
          items: error(profile.items?.value ?? 0, exact.items),
          usersWithTwo: error(profile.usersWithTwo?.value ?? 0, exact.usersWithTwo),
          eventTypes: Math.max(
            ...exact.eventTypes.map(([type, count]) => Math.abs(error(shown.get(type) ?? 0, count))),
          ),
          timeRange: profile.firstEvent === exact.firstEvent && profile.lastEvent === exact.lastEvent ? 0 : 1,
        },
        inBounds: ['users', 'items', 'usersWithTwo'].every(name => {
          const count = profile[name]
          const truth = exact[name]
          return count && (count.exact ? count.value === truth : count.low <= truth && truth <= count.high)
        }),
        trainingWarning: (checks?.findings ?? []).some(finding => finding.rule === 'training-minimum'),
      })
    }
  }
  return rows
}

import { thousands } from '../text.js'

// What the data holds, computed in the pass of the data checks: records, distinct users and items, users with at
// least 2 interactions, the time range, the event types, and the share of blank metadata. Personalize checks its
// training minimums only when training, so a dataset can import and still not train: the profile says so first.
// Memory stays flat whatever the data: distinct values are counted exactly up to a bound, then estimated from a
// sample of their hashes (marked ~).

/** Personalize's training minimum (checked when training, not at import): users with 2 or more interactions. */
const MIN_TRAINING_USERS = 25

/** A count that is exact, or an estimate from a sample. */
export interface Count {
  value: number
  exact: boolean
}

export interface DataProfile {
  /** What was read: all of the data, or a sample (the first MiB of S3 objects). */
  scope: 'all' | 'sample'
  records: number
  users?: Count
  /** Users with at least 2 interactions. */
  usersWithTwo?: Count
  items?: Count
  /** The first and last TIMESTAMP, as ISO dates. */
  firstEvent?: string
  lastEvent?: string
  /** The most frequent event types, with their counts (at most 10). */
  eventTypes?: Array<{ type: string; count: number }>
  /** Items and users: the share of blank values per metadata field (0 to 1), where any is blank. */
  blankShare?: Record<string, number>
  /**
   * Past EXACT_RECORDS records, every k-th record is profiled (k doubling as the records do): the counts of
   * distinct values and the time range are then lower bounds and estimates (marked ~), the event counts scaled.
   */
  profiledRecords?: number
}

/** Records profiled one by one; past them, every k-th (k doubling with the records), so large files cost little. */
const EXACT_RECORDS = 1 << 18

/** Slots of a sampler's table (a power of two); it holds at most half as many values before it samples. */
const TABLE_SLOTS = 1 << 16
const MAX_EXACT = TABLE_SLOTS >> 1
const MAX_EVENT_TYPES = 50

/**
 * Distinct values and how often each occurs, by a 64-bit hash: exact up to MAX_EXACT values, then a sample of
 * the hashes whose top `level` bits are 0 (an adaptive sample: each halving keeps every occurrence of the values it
 * keeps), scaled up by 2^level. One Int32Array holds [high, low, count] per slot (count 0: empty), so a probe
 * touches one cache line.
 */
export class DistinctCounter {
  private table = new Int32Array(TABLE_SLOTS * 3)
  private size = 0
  private level = 0

  /**
   * A cell's value. Its first hash decides whether it is in the sample, so a value out of it (most, once the
   * distinct values are many) costs one pass of multiplies; only a sampled value pays for the second hash.
   */
  addCell(bytes: Uint8Array, start: number, end: number): void {
    const high = hashHigh(bytes, start, end)
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return
    this.add(high, hashLow(bytes, start, end))
  }

  add(high: number, low: number, times = 1): void {
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return
    const table = this.table
    const mask = TABLE_SLOTS - 1
    let slot = (low & mask) * 3
    for (;;) {
      const count = table[slot + 2] ?? 0
      if (count === 0) break
      if (table[slot] === high && table[slot + 1] === low) {
        table[slot + 2] = count + times
        return
      }
      slot = slot + 3 === TABLE_SLOTS * 3 ? 0 : slot + 3
    }
    table[slot] = high
    table[slot + 1] = low
    table[slot + 2] = times
    this.size += 1
    if (this.size > MAX_EXACT) this.halve()
  }

  /** Distinct values, and how many occur at least twice. */
  distinct(): { all: Count; atLeastTwo: Count } {
    let twice = 0
    for (let slot = 2; slot < this.table.length; slot += 3) if ((this.table[slot] ?? 0) >= 2) twice += 1
    const scale = 2 ** this.level
    const exact = this.level === 0
    return { all: { value: this.size * scale, exact }, atLeastTwo: { value: twice * scale, exact } }
  }

  merge(other: DistinctCounter): void {
    while (this.level < other.level) this.halve()
    const table = other.table
    for (let slot = 0; slot < table.length; slot += 3) {
      const count = table[slot + 2] ?? 0
      if (count > 0) this.add(table[slot] ?? 0, table[slot + 1] ?? 0, count)
    }
  }

  /** Keeps half the sample: the values whose next top bit is 0. */
  private halve(): void {
    const old = this.table
    this.table = new Int32Array(TABLE_SLOTS * 3)
    this.size = 0
    this.level += 1
    for (let slot = 0; slot < old.length; slot += 3) {
      const count = old[slot + 2] ?? 0
      if (count > 0) this.add(old[slot] ?? 0, old[slot + 1] ?? 0, count)
    }
    if (this.size > MAX_EXACT) this.halve()
  }
}

/** The first 32 bits of a cell's 64-bit hash: four bytes a step, multiply-xorshift, then a final mix. */
function hashHigh(bytes: Uint8Array, start: number, end: number): number {
  let a = 0x811c9dc5 ^ (end - start)
  let i = start
  for (; i + 4 <= end; i += 4) {
    a = Math.imul(a ^ word(bytes, i), 0x01000193)
    a ^= a >>> 15
  }
  for (; i < end; i++) a = Math.imul(a ^ (bytes[i] ?? 0), 0x01000193)
  return Math.imul(a ^ (a >>> 16), 0x85ebca6b)
}

/** The other 32 bits, from another multiplier and seed. */
function hashLow(bytes: Uint8Array, start: number, end: number): number {
  let b = 0x27d4eb2f + (end - start)
  let i = start
  for (; i + 4 <= end; i += 4) {
    b = Math.imul(b + word(bytes, i), 0x5bd1e995)
    b ^= b >>> 13
  }
  for (; i < end; i++) b = Math.imul(b + (bytes[i] ?? 0), 0x5bd1e995)
  return Math.imul(b ^ (b >>> 16), 0xc2b2ae35)
}

function word(bytes: Uint8Array, i: number): number {
  return (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24)
}

/** The event types seen, by their bytes: few in any real file, so a short list beats a map. */
class EventTypes {
  private readonly seen: Array<{ bytes: Uint8Array; count: number }> = []
  private other = 0

  add(bytes: Uint8Array, start: number, end: number, times = 1): void {
    const length = end - start
    const first = bytes[start]
    for (const entry of this.seen) {
      if (entry.bytes.length === length && entry.bytes[0] === first && sameBytes(entry.bytes, bytes, start)) {
        entry.count += times
        return
      }
    }
    if (this.seen.length < MAX_EVENT_TYPES) this.seen.push({ bytes: bytes.slice(start, end), count: times })
    else this.other += times
  }

  merge(other: EventTypes): void {
    for (const entry of other.seen) this.add(entry.bytes, 0, entry.bytes.length, entry.count)
    this.other += other.other
  }

  /** The most frequent, at most 10: their names are shown only when they look like names (data may be personal). */
  top(): Array<{ type: string; count: number }> {
    const decoder = new TextDecoder()
    const list = this.seen
      .map(entry => ({ type: shownType(decoder.decode(entry.bytes)), count: entry.count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, 10)
    return this.other > 0 ? [...list, { type: '(other types)', count: this.other }] : list
  }
}

function sameBytes(known: Uint8Array, bytes: Uint8Array, start: number): boolean {
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[start + i]) return false
  return true
}

function shownType(text: string): string {
  return /^[\w .:/-]{1,64}$/.test(text) ? text : `(a type of ${text.length} characters)`
}

/** "18 users", "~1,200,000 users": a count as the profile table and the warnings show it. */
export function formatCount(count: Count): string {
  return `${count.exact ? '' : '~'}${thousands(Math.round(count.value))}`
}

/**
 * The warnings a profile earns when the whole data was read: the import can succeed while training fails. Never
 * errors: earlier and incremental imports add data.
 */
export function trainingShortfalls(profile: DataProfile): string[] {
  if (profile.scope !== 'all' || profile.usersWithTwo === undefined) return []
  // Fewer than 1,000 interactions fails the import itself (too-few-records); the users' minimum only training.
  const shortfalls: string[] = []
  if (profile.usersWithTwo.value < MIN_TRAINING_USERS) {
    shortfalls.push(
      `${formatCount(profile.usersWithTwo)} users have 2 or more interactions, ${MIN_TRAINING_USERS} are needed`,
    )
  }
  return shortfalls
}

/** What a profile counts: interactions (users, items, time, event types), or metadata (blank shares). */
export type ProfileKind = 'interactions' | 'metadata'

/** The profile of one file (or, merged, of an import), fed record by record from the reader. */
export class ProfileCollector {
  records = 0
  /** Records profiled (all of them up to EXACT_RECORDS, then every `stride`-th). */
  private profiled = 0
  private stride = 1
  private nextDoubling = EXACT_RECORDS
  private users: DistinctCounter | undefined
  private items: DistinctCounter | undefined
  private readonly events = new EventTypes()
  private minTime = Number.POSITIVE_INFINITY
  private maxTime = Number.NEGATIVE_INFINITY
  private userCol = -1
  private itemCol = -1
  private timeCol = -1
  private eventCol = -1
  private metadata: Array<{ cell: number; name: string }> = []
  private readonly blanks = new Map<string, number>()

  constructor(readonly kind: ProfileKind) {}

  /** The columns the profile reads, by name (any case); metadata columns are the non-reserved ones given. */
  header(names: string[], metadata: Array<{ cell: number; name: string }>): void {
    const find = (name: string) => names.findIndex(candidate => candidate.toUpperCase() === name)
    if (this.kind === 'interactions') {
      this.userCol = find('USER_ID')
      this.itemCol = find('ITEM_ID')
      this.timeCol = find('TIMESTAMP')
      this.eventCol = find('EVENT_TYPE')
      if (this.userCol >= 0) this.users = new DistinctCounter()
      if (this.itemCol >= 0) this.items = new DistinctCounter()
    } else {
      this.metadata = metadata
    }
  }

  /** A record whose cells the reader split cleanly. */
  onRecord(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    this.records += 1
    if (this.records > this.nextDoubling) {
      this.stride *= 2
      this.nextDoubling *= 2
    }
    if (this.stride > 1 && this.records % this.stride !== 0) return
    this.profiled += 1
    if (this.kind === 'metadata') this.blankCells(starts, ends)
    else this.interaction(bytes, starts, ends)
  }

  private blankCells(starts: Int32Array, ends: Int32Array): void {
    for (const { cell, name } of this.metadata) {
      if (starts[cell] === ends[cell]) this.blanks.set(name, (this.blanks.get(name) ?? 0) + 1)
    }
  }

  private interaction(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    this.users?.addCell(bytes, starts[this.userCol] ?? 0, ends[this.userCol] ?? 0)
    this.items?.addCell(bytes, starts[this.itemCol] ?? 0, ends[this.itemCol] ?? 0)
    if (this.timeCol >= 0) this.time(bytes, starts[this.timeCol] ?? 0, ends[this.timeCol] ?? 0)
    if (this.eventCol >= 0) {
      const start = starts[this.eventCol] ?? 0
      const end = ends[this.eventCol] ?? 0
      if (end > start) this.events.add(bytes, start, end)
    }
  }

  merge(other: ProfileCollector): void {
    this.records += other.records
    this.profiled += other.profiled
    if (other.users) {
      this.users ??= new DistinctCounter()
      this.users.merge(other.users)
    }
    if (other.items) {
      this.items ??= new DistinctCounter()
      this.items.merge(other.items)
    }
    this.events.merge(other.events)
    this.minTime = Math.min(this.minTime, other.minTime)
    this.maxTime = Math.max(this.maxTime, other.maxTime)
    for (const [name, count] of other.blanks) this.blanks.set(name, (this.blanks.get(name) ?? 0) + count)
    if (this.metadata.length === 0) this.metadata = other.metadata
  }

  result(scope: DataProfile['scope']): DataProfile {
    const sampled = this.profiled < this.records
    const profile: DataProfile = {
      scope,
      records: this.records,
      ...(sampled ? { profiledRecords: this.profiled } : {}),
    }
    if (this.kind === 'metadata') {
      const shares: Record<string, number> = {}
      for (const { name } of this.metadata) {
        const blank = this.blanks.get(name) ?? 0
        if (blank > 0 && this.profiled > 0) shares[name] = Math.round((blank / this.profiled) * 1000) / 1000
      }
      return Object.keys(shares).length > 0 ? { ...profile, blankShare: shares } : profile
    }
    const estimate = (count: Count): Count => (sampled ? { ...count, exact: false } : count)
    if (this.users) {
      const { all, atLeastTwo } = this.users.distinct()
      profile.users = estimate(all)
      profile.usersWithTwo = estimate(atLeastTwo)
    }
    if (this.items) profile.items = estimate(this.items.distinct().all)
    if (Number.isFinite(this.minTime)) {
      profile.firstEvent = new Date(this.minTime * 1000).toISOString().slice(0, 10)
      profile.lastEvent = new Date(this.maxTime * 1000).toISOString().slice(0, 10)
    }
    const scale = this.profiled > 0 ? this.records / this.profiled : 1
    const types = this.events.top().map(entry => ({ ...entry, count: Math.round(entry.count * scale) }))
    if (types.length > 0) profile.eventTypes = types
    return profile
  }

  /** A TIMESTAMP of seconds (up to 12 digits; the rules report the rest) joins the time range. */
  private time(bytes: Uint8Array, start: number, end: number): void {
    if (end - start > 12 || end === start) return
    let value = 0
    for (let i = start; i < end; i++) {
      const digit = (bytes[i] ?? 0) - 0x30
      if (digit < 0 || digit > 9) return
      value = value * 10 + digit
    }
    if (value < this.minTime) this.minTime = value
    if (value > this.maxTime) this.maxTime = value
  }
}

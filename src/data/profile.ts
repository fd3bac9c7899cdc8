import { thousands } from '../text.js'

// What the data holds, computed in the pass of the data checks: records, distinct users and items, users with at
// least 2 interactions, the time range, the event types, and the share of blank metadata. Personalize checks its
// training minimums only when training, so a dataset can import and still not train: the profile says so first.
// Memory stays flat whatever the data: distinct values are counted exactly up to a bound, then estimated from a
// sample of their hashes (marked ~).

/** Personalize's training minimum (checked when training, not at import): users with 2 or more interactions. */
export const MIN_TRAINING_USERS = 25

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
}

/** Slots of a sampler's table (a power of two); it holds at most half as many values before it samples. */
const TABLE_SLOTS = 1 << 17
const MAX_EXACT = TABLE_SLOTS >> 1
const MAX_EVENT_TYPES = 50

/**
 * Distinct values and how often each occurs, by a 64-bit hash: exact up to MAX_EXACT values, then a sample of
 * the hashes whose top `level` bits are 0 (an adaptive sample: each halving keeps every occurrence of the values it
 * keeps), scaled up by 2^level.
 */
export class DistinctCounter {
  private high = new Int32Array(TABLE_SLOTS)
  private low = new Int32Array(TABLE_SLOTS)
  private counts = new Uint32Array(TABLE_SLOTS)
  private used = new Uint8Array(TABLE_SLOTS)
  private size = 0
  private level = 0

  add(high: number, low: number, times = 1): void {
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return
    const mask = TABLE_SLOTS - 1
    let slot = low & mask
    while (this.used[slot]) {
      if (this.high[slot] === high && this.low[slot] === low) {
        this.counts[slot] = (this.counts[slot] ?? 0) + times
        return
      }
      slot = (slot + 1) & mask
    }
    this.used[slot] = 1
    this.high[slot] = high
    this.low[slot] = low
    this.counts[slot] = times
    this.size += 1
    if (this.size > MAX_EXACT) this.halve()
  }

  /** Distinct values, and how many occur at least twice. */
  distinct(): { all: Count; atLeastTwo: Count } {
    let twice = 0
    for (let slot = 0; slot < TABLE_SLOTS; slot++) if (this.used[slot] && (this.counts[slot] ?? 0) >= 2) twice += 1
    const scale = 2 ** this.level
    const exact = this.level === 0
    return { all: { value: this.size * scale, exact }, atLeastTwo: { value: twice * scale, exact } }
  }

  merge(other: DistinctCounter): void {
    while (this.level < other.level) this.halve()
    for (let slot = 0; slot < TABLE_SLOTS; slot++) {
      if (other.used[slot]) this.add(other.high[slot] ?? 0, other.low[slot] ?? 0, other.counts[slot] ?? 0)
    }
  }

  /** Keeps half the sample: the values whose next top bit is 0. */
  private halve(): void {
    const { high, low, counts, used } = this
    this.high = new Int32Array(TABLE_SLOTS)
    this.low = new Int32Array(TABLE_SLOTS)
    this.counts = new Uint32Array(TABLE_SLOTS)
    this.used = new Uint8Array(TABLE_SLOTS)
    this.size = 0
    this.level += 1
    for (let slot = 0; slot < TABLE_SLOTS; slot++) {
      if (used[slot]) this.add(high[slot] ?? 0, low[slot] ?? 0, counts[slot] ?? 0)
    }
    if (this.size > MAX_EXACT) this.halve()
  }
}

/** Two 32-bit hashes of a cell's bytes (FNV-1a and a multiplicative one), as one 64-bit key. */
export function hashCell(bytes: Uint8Array, start: number, end: number, into: Int32Array): void {
  let a = 0x811c9dc5
  let b = end - start
  for (let i = start; i < end; i++) {
    const byte = bytes[i] ?? 0
    a = Math.imul(a ^ byte, 0x01000193)
    b = Math.imul(b ^ byte, 0x5bd1e995) ^ (b >>> 15)
  }
  into[0] = a
  into[1] = b
}

/** The event types seen, by their bytes: few in any real file, so a short list beats a map. */
export class EventTypes {
  private readonly seen: Array<{ bytes: Uint8Array; count: number }> = []
  private other = 0

  add(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start
    for (const entry of this.seen) {
      if (entry.bytes.length === length && sameBytes(entry.bytes, bytes, start)) {
        entry.count += 1
        return
      }
    }
    if (this.seen.length < MAX_EVENT_TYPES) this.seen.push({ bytes: bytes.slice(start, end), count: 1 })
    else this.other += 1
  }

  merge(other: EventTypes): void {
    for (const entry of other.seen) {
      for (let i = 0; i < entry.count; i++) this.add(entry.bytes, 0, entry.bytes.length)
    }
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
  private readonly hash = new Int32Array(2)

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
    if (this.kind === 'metadata') this.blankCells(starts, ends)
    else this.interaction(bytes, starts, ends)
  }

  private blankCells(starts: Int32Array, ends: Int32Array): void {
    for (const { cell, name } of this.metadata) {
      if (starts[cell] === ends[cell]) this.blanks.set(name, (this.blanks.get(name) ?? 0) + 1)
    }
  }

  private interaction(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    const hash = this.hash
    if (this.users) {
      hashCell(bytes, starts[this.userCol] ?? 0, ends[this.userCol] ?? 0, hash)
      this.users.add(hash[0] ?? 0, hash[1] ?? 0)
    }
    if (this.items) {
      hashCell(bytes, starts[this.itemCol] ?? 0, ends[this.itemCol] ?? 0, hash)
      this.items.add(hash[0] ?? 0, hash[1] ?? 0)
    }
    if (this.timeCol >= 0) this.time(bytes, starts[this.timeCol] ?? 0, ends[this.timeCol] ?? 0)
    if (this.eventCol >= 0) {
      const start = starts[this.eventCol] ?? 0
      const end = ends[this.eventCol] ?? 0
      if (end > start) this.events.add(bytes, start, end)
    }
  }

  merge(other: ProfileCollector): void {
    this.records += other.records
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
    const profile: DataProfile = { scope, records: this.records }
    if (this.kind === 'metadata') {
      const shares: Record<string, number> = {}
      for (const { name } of this.metadata) {
        const blank = this.blanks.get(name) ?? 0
        if (blank > 0 && this.records > 0) shares[name] = Math.round((blank / this.records) * 1000) / 1000
      }
      return Object.keys(shares).length > 0 ? { ...profile, blankShare: shares } : profile
    }
    if (this.users) {
      const { all, atLeastTwo } = this.users.distinct()
      profile.users = all
      profile.usersWithTwo = atLeastTwo
    }
    if (this.items) profile.items = this.items.distinct().all
    if (Number.isFinite(this.minTime)) {
      profile.firstEvent = new Date(this.minTime * 1000).toISOString().slice(0, 10)
      profile.lastEvent = new Date(this.maxTime * 1000).toISOString().slice(0, 10)
    }
    const types = this.events.top()
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

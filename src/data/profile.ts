import { thousands } from '../text.js'

// What the data holds, computed in the pass of the data checks: records, distinct users and items, users with at
// least 2 interactions, the time range, the event types, and the share of blank metadata. Personalize checks its
// training minimums only when training, so a dataset can import and still not train: the profile says so first.
// Every record read cleanly is profiled. Memory stays flat whatever the data: distinct values are counted exactly
// up to a bound, then from a sample of the values chosen by their hash, in which every occurrence of a sampled
// value counts (so "seen twice" stays true of it); such counts are estimates, marked ~, with a known error.

/** Personalize's training minimum (checked when training, not at import): users with 2 or more interactions. */
const MIN_TRAINING_USERS = 25

/** A count that is exact, or an estimate from a hash sample with its bounds (at about 3.3 standard errors). */
export interface Count {
  value: number
  exact: boolean
  /** Estimates only: the range the true count lies in but for odds of about one in a thousand. */
  low?: number
  high?: number
}

export interface DataProfile {
  /** What was read: all of the data, or a sample (the first MiB of S3 objects). */
  scope: 'all' | 'sample'
  /** Records read, as the findings count them. */
  records: number
  /** Records read cleanly, when fewer than `records`: the figures below are theirs (a broken record is not split). */
  profiledRecords?: number
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

/**
 * Slots of a counter's table: it starts small and doubles while its values are counted exactly; at the largest
 * size it holds at most half as many values (MAX_EXACT), then samples.
 */
const FIRST_SLOTS = 1 << 10
const MAX_SLOTS = 1 << 17
export const MAX_EXACT = MAX_SLOTS >> 1
const MAX_EVENT_TYPES = 50
/** The mark of a value seen at least twice: the top bit of a slot's second word. */
const TWICE = 1 << 31
/** Standard errors on either side of an estimate in its bounds: about 1 in 1,000 falls outside. */
const BOUND_ERRORS = 3.3

/**
 * Distinct values, and which occur at least twice, by a 63-bit hash: exact up to MAX_EXACT values, then a sample of
 * the hashes whose top `level` bits are 0 (each halving keeps every occurrence of the values it keeps), scaled up
 * by 2^level. One Int32Array holds [high, low] per slot, the top bit of `low` marking a value seen twice (both 0:
 * empty): 8 bytes a value, so the table stays in the cache the probes need.
 */
export class DistinctCounter {
  private slots = FIRST_SLOTS
  private table: Int32Array<ArrayBuffer> = new Int32Array(FIRST_SLOTS * 2)
  private size = 0
  private level = 0

  /**
   * A cell's value. Its first hash decides whether it is in the sample, so a value out of it (most, once the
   * distinct values are many) costs one pass of multiplies; only a sampled value pays for the second hash.
   */
  addCell(bytes: Uint8Array, start: number, end: number): void {
    const high = hashHigh(bytes, start, end)
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return
    this.add(high, hashLow(bytes, start, end), false)
  }

  /** A value by its hash; `twice` when it is known to occur at least twice already. */
  add(high: number, low: number, twice: boolean): void {
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return
    // The top bit of `low` is the mark; a hash of all zeros would read as an empty slot.
    const key = (low & 0x7fffffff) | (high === 0 && (low & 0x7fffffff) === 0 ? 1 : 0)
    const table = this.table
    const end = table.length
    let slot = (key & (this.slots - 1)) << 1
    for (;;) {
      const stored = table[slot + 1] ?? 0
      const hi = table[slot] ?? 0
      if (stored === 0 && hi === 0) break
      if (hi === high && (stored & 0x7fffffff) === key) {
        table[slot + 1] = stored | TWICE
        return
      }
      slot += 2
      if (slot === end) slot = 0
    }
    table[slot] = high
    table[slot + 1] = twice ? key | TWICE : key
    this.size += 1
    if (this.size > this.slots >> 1) this.makeRoom()
  }

  /** What a worker thread hands back: the table (transferable) and where the sample stands. */
  toState(): CounterState {
    return { slots: this.slots, table: this.table, size: this.size, level: this.level }
  }

  static fromState(state: CounterState): DistinctCounter {
    const counter = new DistinctCounter()
    counter.slots = state.slots
    counter.table = state.table
    counter.size = state.size
    counter.level = state.level
    return counter
  }

  /** Distinct values, and how many occur at least twice. */
  distinct(): { all: Count; atLeastTwo: Count } {
    let twice = 0
    for (let slot = 1; slot < this.table.length; slot += 2) if ((this.table[slot] ?? 0) < 0) twice += 1
    return { all: this.count(this.size), atLeastTwo: this.count(twice) }
  }

  merge(other: DistinctCounter): void {
    while (this.level < other.level) this.halve()
    this.addAll(other.table)
  }

  /**
   * `sampled` values of the sample as a count of all: exact at level 0, else scaled by 2^level, with bounds from
   * the binomial spread of a sample that keeps each value with probability 2^-level (Poisson when few).
   */
  private count(sampled: number): Count {
    if (this.level === 0) return { value: sampled, exact: true }
    const scale = 2 ** this.level
    const spread = BOUND_ERRORS * Math.sqrt(sampled * (1 - 1 / scale))
    // With few values in the sample, the upper bound must still allow for those it missed (Poisson: 0 seen).
    const low = Math.max(0, Math.floor((sampled - spread) * scale))
    const high = Math.ceil((sampled + spread + BOUND_ERRORS * BOUND_ERRORS) * scale)
    return { value: sampled * scale, exact: false, low, high }
  }

  /** A full table doubles while it may, then keeps half its values (the sample). */
  private makeRoom(): void {
    if (this.slots < MAX_SLOTS) this.rebuild(this.slots * 2, this.level)
    else this.halve()
  }

  /** Keeps half the sample: the values whose next top bit is 0. */
  private halve(): void {
    this.rebuild(this.slots, this.level + 1)
    if (this.size > this.slots >> 1) this.halve()
  }

  private rebuild(slots: number, level: number): void {
    const old = this.table
    this.slots = slots
    this.table = new Int32Array(slots * 2)
    this.size = 0
    this.level = level
    this.addAll(old)
  }

  /** Every value of another table, with its mark. */
  private addAll(table: Int32Array): void {
    for (let slot = 0; slot < table.length; slot += 2) {
      const high = table[slot] ?? 0
      const low = table[slot + 1] ?? 0
      if (high !== 0 || low !== 0) this.add(high, low, low < 0)
    }
  }
}

export interface CounterState {
  slots: number
  table: Int32Array<ArrayBuffer>
  size: number
  level: number
}

/** The first 32 bits of a cell's 64-bit hash: four bytes a step, multiply-xorshift, then murmur3's final mix. */
export function hashHigh(bytes: Uint8Array, start: number, end: number): number {
  let a = 0x811c9dc5 ^ (end - start)
  let i = start
  for (; i + 4 <= end; i += 4) {
    a = Math.imul(a ^ word(bytes, i), 0x01000193)
    a ^= a >>> 15
  }
  for (; i < end; i++) a = Math.imul(a ^ (bytes[i] ?? 0), 0x01000193)
  return mix(a)
}

/** The other 32 bits, from another multiplier and seed. */
export function hashLow(bytes: Uint8Array, start: number, end: number): number {
  let b = 0x27d4eb2f + (end - start)
  let i = start
  for (; i + 4 <= end; i += 4) {
    b = Math.imul(b + word(bytes, i), 0x5bd1e995)
    b ^= b >>> 13
  }
  for (; i < end; i++) b = Math.imul(b + (bytes[i] ?? 0), 0x5bd1e995)
  return mix(b)
}

/** murmur3's fmix32: every input bit reaches the top bits, which decide the sample. */
function mix(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
  return x ^ (x >>> 16)
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
    // A copy: `bytes` is the reader's buffer, which the next chunk overwrites (a Buffer's slice is only a view).
    if (this.seen.length < MAX_EVENT_TYPES)
      this.seen.push({ bytes: new Uint8Array(bytes.subarray(start, end)), count: times })
    else this.other += times
  }

  merge(other: EventTypes): void {
    for (const entry of other.seen) this.add(entry.bytes, 0, entry.bytes.length, entry.count)
    this.other += other.other
  }

  toState(): EventState {
    return { seen: this.seen, other: this.other }
  }

  static fromState(state: EventState): EventTypes {
    const events = new EventTypes()
    for (const entry of state.seen) events.add(entry.bytes, 0, entry.bytes.length, entry.count)
    events.other = state.other
    return events
  }

  /** The most frequent, at most 10: their names are shown only when they look like names (data may be personal). */
  top(): Array<{ type: string; count: number }> {
    const decoder = new TextDecoder()
    return topEventTypes(
      this.seen.map(entry => ({ type: decoder.decode(entry.bytes), count: entry.count })),
      this.other,
    )
  }
}

/** The 10 most frequent event types as the profile shows them, the rest (and `other`) as "(other types)". */
export function topEventTypes(
  counted: Array<{ type: string; count: number }>,
  other = 0,
): Array<{ type: string; count: number }> {
  const list = counted
    .map(entry => ({ type: shownType(entry.type), count: entry.count }))
    .sort((a, b) => b.count - a.count)
  const shown = list.slice(0, 10)
  const rest = list.slice(10).reduce((sum, entry) => sum + entry.count, 0) + other
  return rest > 0 ? [...shown, { type: '(other types)', count: rest }] : shown
}

interface EventState {
  seen: Array<{ bytes: Uint8Array; count: number }>
  other: number
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
 * The warnings a profile earns when the whole data was read cleanly: the import can succeed while training fails.
 * Never errors: earlier and incremental imports add data. An estimate earns one only when even its upper bound is
 * below the minimum.
 */
export function trainingShortfalls(profile: DataProfile): string[] {
  const users = profile.usersWithTwo
  if (profile.scope !== 'all' || users === undefined) return []
  // Fewer than 1,000 interactions fails the import itself (too-few-records); the users' minimum only training.
  const shortfalls: string[] = []
  if ((users.exact ? users.value : (users.high ?? Number.POSITIVE_INFINITY)) < MIN_TRAINING_USERS) {
    shortfalls.push(`${formatCount(users)} users have 2 or more interactions, ${MIN_TRAINING_USERS} are needed`)
  }
  return shortfalls
}

/** What a profile counts: interactions (users, items, time, event types), or metadata (blank shares). */
export type ProfileKind = 'interactions' | 'metadata'

/** The columns an interactions profile reads. */
export const INTERACTION_COLUMNS = ['USER_ID', 'ITEM_ID', 'TIMESTAMP', 'EVENT_TYPE'] as const

/**
 * Where the checker sends the header and each record it split cleanly (cells as offsets into `bytes`, valid only
 * during the call): a collector in this thread, or one in a worker thread (profile-thread.ts).
 */
export interface ProfileSink {
  header(names: string[], metadata: Array<{ cell: number; name: string }>): void
  onRecord(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void
}

/** A collector as a worker thread hands it back (its tables transferred, not copied). */
export interface CollectorState {
  records: number
  users?: CounterState
  items?: CounterState
  events: EventState
  minTime: number
  maxTime: number
}

/** The cell of a column, by name in any case; -1 when the header lacks it. */
export function columnOf(names: readonly string[], column: string): number {
  return names.findIndex(name => name.toUpperCase() === column)
}

/** The profile of one file (or, merged, of an import), fed each record the reader split cleanly. */
export class ProfileCollector implements ProfileSink {
  /** Records profiled: those read cleanly. */
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

  constructor(readonly kind: ProfileKind) {}

  /** The columns the profile reads, by name (any case); metadata columns are the non-reserved ones given. */
  header(names: string[], metadata: Array<{ cell: number; name: string }>): void {
    if (this.kind === 'interactions') {
      const [user, item, time, event] = INTERACTION_COLUMNS.map(column => columnOf(names, column))
      this.userCol = user ?? -1
      this.itemCol = item ?? -1
      this.timeCol = time ?? -1
      this.eventCol = event ?? -1
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
    this.users?.addCell(bytes, starts[this.userCol] ?? 0, ends[this.userCol] ?? 0)
    this.items?.addCell(bytes, starts[this.itemCol] ?? 0, ends[this.itemCol] ?? 0)
    if (this.timeCol >= 0) this.time(bytes, starts[this.timeCol] ?? 0, ends[this.timeCol] ?? 0)
    if (this.eventCol >= 0) {
      const start = starts[this.eventCol] ?? 0
      const end = ends[this.eventCol] ?? 0
      if (end > start) this.events.add(bytes, start, end)
    }
  }

  /** An interactions collector's counts, for a worker thread to hand back. */
  toState(): CollectorState {
    return {
      records: this.records,
      ...(this.users ? { users: this.users.toState() } : {}),
      ...(this.items ? { items: this.items.toState() } : {}),
      events: this.events.toState(),
      minTime: this.minTime,
      maxTime: this.maxTime,
    }
  }

  static fromState(state: CollectorState): ProfileCollector {
    const collector = new ProfileCollector('interactions')
    collector.records = state.records
    if (state.users) collector.users = DistinctCounter.fromState(state.users)
    if (state.items) collector.items = DistinctCounter.fromState(state.items)
    collector.events.merge(EventTypes.fromState(state.events))
    collector.minTime = state.minTime
    collector.maxTime = state.maxTime
    return collector
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

  /** The profile of what was fed, for `records` read in all (the findings' count). */
  result(scope: DataProfile['scope'], records = this.records): DataProfile {
    const profile: DataProfile = {
      scope,
      records,
      ...(this.records < records ? { profiledRecords: this.records } : {}),
    }
    if (this.kind === 'metadata') {
      const shares: Record<string, number> = {}
      for (const { name } of this.metadata) {
        const blank = this.blanks.get(name) ?? 0
        if (blank > 0) shares[name] = Math.round((blank / this.records) * 1000) / 1000
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

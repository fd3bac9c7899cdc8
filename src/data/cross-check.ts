import type { DatasetType } from '../config.js'
import type { Occurrence } from './findings.js'
import { type Count, formatCount, hashHigh, hashLow } from './profile.js'

// The datasets of a group against each other, as no other tool checks them before an import: interactions whose
// ITEM_ID is not in Items or whose USER_ID is not in Users, items with no interactions, action interactions whose
// ACTION_ID is not in Actions. Personalize imports such data, so each is a warning with its count and share.
// Memory stays flat: the IDs of a dataset are kept exactly up to MAX_EXACT_IDS, then as a sample chosen by hash
// (the same sample on both sides), and counts from the sample are scaled and marked as estimates.

/** IDs kept exactly at most; past them a hash sample, 8 bytes an ID (4 MiB of table). */
const MAX_EXACT_IDS = 1 << 18
const MAX_SLOTS = MAX_EXACT_IDS << 1
/** The mark of an ID that a reference found. */
const SEEN = 1 << 31

/** The IDs of one dataset (its ITEM_ID, USER_ID or ACTION_ID), and which of them a reference found. */
export class IdSet {
  private slots = 1 << 10
  private table = new Int32Array(this.slots * 2)
  private size = 0
  private level = 0

  add(bytes: Uint8Array, start: number, end: number): void {
    const high = hashHigh(bytes, start, end)
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return
    this.insert(high, key(hashLow(bytes, start, end), high), false)
  }

  /** Whether the set holds the ID (marking it found); undefined when the ID is outside the sample. */
  find(bytes: Uint8Array, start: number, end: number): boolean | undefined {
    const high = hashHigh(bytes, start, end)
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return undefined
    const low = key(hashLow(bytes, start, end), high)
    const table = this.table
    let slot = (low & (this.slots - 1)) << 1
    for (;;) {
      const stored = table[slot + 1] ?? 0
      const hi = table[slot] ?? 0
      if (stored === 0 && hi === 0) return false
      if (hi === high && (stored & 0x7fffffff) === low) {
        table[slot + 1] = stored | SEEN
        return true
      }
      slot = slot + 2 === table.length ? 0 : slot + 2
    }
  }

  /** The sampling's scale (2^level): 1 while every ID is kept. */
  get scale(): number {
    return 2 ** this.level
  }

  /** IDs held, and of them those a reference found, in the sample. */
  counts(): { held: number; found: number } {
    let found = 0
    for (let slot = 1; slot < this.table.length; slot += 2) if ((this.table[slot] ?? 0) < 0) found += 1
    return { held: this.size, found }
  }

  private insert(high: number, low: number, seen: boolean): void {
    if (this.level > 0 && high >>> (32 - this.level) !== 0) return
    const table = this.table
    let slot = (low & (this.slots - 1)) << 1
    for (;;) {
      const stored = table[slot + 1] ?? 0
      const hi = table[slot] ?? 0
      if (stored === 0 && hi === 0) break
      if (hi === high && (stored & 0x7fffffff) === low) return
      slot = slot + 2 === table.length ? 0 : slot + 2
    }
    table[slot] = high
    table[slot + 1] = seen ? low | SEEN : low
    this.size += 1
    if (this.size > this.slots >> 1) this.rebuild(this.slots < MAX_SLOTS ? this.slots * 2 : this.slots)
  }

  /** A larger table while IDs are kept exactly; at the largest, half the sample (the next hash bit). */
  private rebuild(slots: number): void {
    const old = this.table
    if (slots === this.slots) this.level += 1
    this.slots = slots
    this.table = new Int32Array(slots * 2)
    this.size = 0
    for (let slot = 0; slot < old.length; slot += 2) {
      const high = old[slot] ?? 0
      const low = old[slot + 1] ?? 0
      if (high !== 0 || low !== 0) this.insert(high, low & 0x7fffffff, low < 0)
    }
    if (this.size > this.slots >> 1) this.rebuild(this.slots)
  }
}

/** A 31-bit key that, with `high`, is never the empty slot's (0, 0). */
function key(low: number, high: number): number {
  const masked = low & 0x7fffffff
  return high === 0 && masked === 0 ? 1 : masked
}

/** How a dataset's records refer to another's IDs: references checked (in the sample) and those not found. */
export interface References {
  column: string
  set: IdSet
  checked: number
  missing: number
}

/**
 * What one dataset's records give to the checks across datasets: the IDs it holds (Items: ITEM_ID), and the
 * references it makes (interactions: ITEM_ID into Items, USER_ID into Users). The reader feeds it each clean record.
 */
export interface IdCollector {
  provides?: { column: string; set: IdSet }
  refers: References[]
}

const RULE_OF: Record<string, 'unknown-items' | 'unknown-users' | 'unknown-actions'> = {
  ITEM_ID: 'unknown-items',
  USER_ID: 'unknown-users',
  ACTION_ID: 'unknown-actions',
}

/** Who provides which ID column, and who refers to it. */
const PROVIDERS: Partial<Record<DatasetType, string>> = { ITEMS: 'ITEM_ID', USERS: 'USER_ID', ACTIONS: 'ACTION_ID' }
const REFERENCES: Partial<Record<DatasetType, Array<{ column: string; to: DatasetType }>>> = {
  INTERACTIONS: [
    { column: 'ITEM_ID', to: 'ITEMS' },
    { column: 'USER_ID', to: 'USERS' },
  ],
  ACTION_INTERACTIONS: [
    { column: 'ACTION_ID', to: 'ACTIONS' },
    { column: 'USER_ID', to: 'USERS' },
  ],
}

/** The order the group's data is checked in: datasets that provide IDs before those that refer to them. */
export function checkOrder(type: DatasetType | undefined): number {
  return type && PROVIDERS[type] ? 0 : 1
}

/** The checks across a group's datasets: one collector per dataset, and the findings once all were read. */
export class CrossCheck {
  private readonly sets = new Map<DatasetType, IdSet>()
  private readonly collectors = new Map<DatasetType, IdCollector>()
  /** Which datasets were read in full, and so may be judged. */
  private readonly inFull = new Set<DatasetType>()

  constructor(private readonly types: readonly DatasetType[]) {}

  /** The collector of a dataset, when the group holds a dataset it provides IDs to or refers to. */
  collector(type: DatasetType): IdCollector | undefined {
    const column = PROVIDERS[type]
    const referrers = Object.entries(REFERENCES).filter(([, refs]) => refs.some(ref => ref.to === type))
    const provides =
      column && referrers.some(([referrer]) => this.types.includes(referrer as DatasetType))
        ? { column, set: this.set(type) }
        : undefined
    const refers = (REFERENCES[type] ?? [])
      .filter(ref => this.types.includes(ref.to))
      .map(ref => ({ column: ref.column, set: this.set(ref.to), checked: 0, missing: 0 }))
    if (!provides && refers.length === 0) return undefined
    const collector = { ...(provides ? { provides } : {}), refers }
    this.collectors.set(type, collector)
    return collector
  }

  /** The dataset's data was read in full (every record of every file or object). */
  readInFull(type: DatasetType): void {
    this.inFull.add(type)
  }

  /** The findings across datasets, and what could not be judged (a dataset not read in full), said once each. */
  findings(fileOf: (type: DatasetType) => string): { findings: Occurrence[]; notJudged: string[] } {
    const findings: Occurrence[] = []
    const notJudged: string[] = []
    for (const [type, collector] of this.collectors) {
      for (const reference of collector.refers) {
        const to = providerOf(reference.column)
        if (!this.inFull.has(type) || !this.inFull.has(to)) {
          notJudged.push(`${reference.column} of ${lower(type)} against ${lower(to)}`)
          continue
        }
        const finding = unknownReferences(type, to, reference, fileOf(type))
        if (finding) findings.push(finding)
      }
    }
    const unused = this.itemsWithoutInteractions()
    if (unused === 'not judged') notJudged.push('items against interactions')
    else if (unused) findings.push({ rule: 'items-without-interactions', file: fileOf('ITEMS'), what: unused })
    return { findings, notJudged }
  }

  /** The share of Items that no interaction names, when both were read in full. */
  private itemsWithoutInteractions(): string | 'not judged' | undefined {
    const items = this.sets.get('ITEMS')
    if (!items || !this.types.includes('INTERACTIONS')) return undefined
    if (!this.inFull.has('ITEMS') || !this.inFull.has('INTERACTIONS')) return 'not judged'
    const { held, found } = items.counts()
    const without = held - found
    if (held === 0 || without === 0) return undefined
    const count = estimate(without, items.scale)
    return `${formatCount(count)} of ${formatCount(estimate(held, items.scale))} items (${share(without, held)}) have no interactions`
  }

  private set(type: DatasetType): IdSet {
    let set = this.sets.get(type)
    if (!set) {
      set = new IdSet()
      this.sets.set(type, set)
    }
    return set
  }
}

/** The dataset that holds an ID column's IDs. */
function providerOf(column: string): DatasetType {
  return (Object.entries(PROVIDERS).find(([, provided]) => provided === column)?.[0] ?? 'ITEMS') as DatasetType
}

/** "12 interactions records (0.4% of those read) name an ITEM_ID that the items dataset does not hold". */
function unknownReferences(
  type: DatasetType,
  to: DatasetType,
  reference: References,
  file: string,
): Occurrence | undefined {
  const missing = estimate(reference.missing, reference.set.scale)
  if (missing.value === 0) return undefined
  const one = missing.exact && missing.value === 1
  return {
    rule: RULE_OF[reference.column] ?? 'unknown-items',
    file,
    what:
      `${formatCount(missing)} ${lower(type)} ${one ? 'record' : 'records'} ` +
      `(${share(reference.missing, reference.checked)} of those read) ${one ? 'names' : 'name'} ` +
      `${/^[AEIOU]/.test(reference.column) ? 'an' : 'a'} ${reference.column} that the ${lower(to)} dataset does not hold`,
  }
}

function estimate(sampled: number, scale: number): Count {
  return scale === 1 ? { value: sampled, exact: true } : { value: sampled * scale, exact: false }
}

function share(part: number, whole: number): string {
  if (whole === 0) return '0%'
  const percent = (part / whole) * 100
  return `${percent < 0.1 ? percent.toFixed(3) : percent.toFixed(1)}%`
}

function lower(type: DatasetType): string {
  return type.toLowerCase().replaceAll('_', ' ')
}

/**
 * Feeds one file's clean records to a collector; the columns are resolved from the file's header. Its reference
 * counts join the collector's only when the file does (`commit`): a read of an S3 object that failed and was
 * read again counts once.
 */
export class CrossFeed {
  private provideCell = -1
  private referCells: number[] = []
  private readonly checked: number[]
  private readonly missing: number[]

  constructor(private readonly collector: IdCollector) {
    this.checked = collector.refers.map(() => 0)
    this.missing = collector.refers.map(() => 0)
  }

  header(names: readonly string[]): void {
    const cell = (column: string) => names.findIndex(name => name.toUpperCase() === column)
    this.provideCell = this.collector.provides ? cell(this.collector.provides.column) : -1
    this.referCells = this.collector.refers.map(reference => cell(reference.column))
  }

  /** The file counts for the import: its references join the collector's. */
  commit(): void {
    this.collector.refers.forEach((reference, i) => {
      reference.checked += this.checked[i] ?? 0
      reference.missing += this.missing[i] ?? 0
    })
  }

  onRecord(bytes: Uint8Array, starts: Int32Array, ends: Int32Array): void {
    const provides = this.collector.provides
    if (provides && this.provideCell >= 0) {
      provides.set.add(bytes, starts[this.provideCell] ?? 0, ends[this.provideCell] ?? 0)
    }
    const refers = this.collector.refers
    for (let i = 0; i < refers.length; i++) {
      const cell = this.referCells[i] ?? -1
      const reference = refers[i]
      if (cell < 0 || !reference) continue
      const start = starts[cell] ?? 0
      const end = ends[cell] ?? 0
      if (start === end) continue
      const found = reference.set.find(bytes, start, end)
      if (found === undefined) continue
      this.checked[i] = (this.checked[i] ?? 0) + 1
      if (!found) this.missing[i] = (this.missing[i] ?? 0) + 1
    }
  }
}

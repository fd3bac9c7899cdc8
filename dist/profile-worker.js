import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/data/profile.ts

// What the data holds, computed in the pass of the data checks: records, distinct users and items, users with at
// least 2 interactions, the time range, the event types, and the share of blank metadata. Personalize checks its
// training minimums only when training, so a dataset can import and still not train: the profile says so first.
// Every record read cleanly is profiled. Memory stays flat whatever the data: distinct values are counted exactly
// up to a bound, then from a sample of the values chosen by their hash, in which every occurrence of a sampled
// value counts (so "seen twice" stays true of it); such counts are estimates, marked ~, with a known error.
/** Personalize's training minimum (checked when training, not at import): users with 2 or more interactions. */
const MIN_TRAINING_USERS = 25;
/**
 * Slots of a counter's table: it starts small and doubles while its values are counted exactly; at the largest
 * size it holds at most half as many values (MAX_EXACT), then samples.
 */
const FIRST_SLOTS = 1 << 10;
const MAX_SLOTS = 1 << 17;
const MAX_EXACT = MAX_SLOTS >> 1;
const MAX_EVENT_TYPES = 50;
/** The mark of a value seen at least twice: the top bit of a slot's second word. */
const TWICE = 1 << 31;
/** Standard errors on either side of an estimate in its bounds: about 1 in 1,000 falls outside. */
const BOUND_ERRORS = 3.3;
/**
 * Distinct values, and which occur at least twice, by a 63-bit hash: exact up to MAX_EXACT values, then a sample of
 * the hashes whose top `level` bits are 0 (each halving keeps every occurrence of the values it keeps), scaled up
 * by 2^level. One Int32Array holds [high, low] per slot, the top bit of `low` marking a value seen twice (both 0:
 * empty): 8 bytes a value, so the table stays in the cache the probes need.
 */
class DistinctCounter {
    slots = FIRST_SLOTS;
    table = new Int32Array(FIRST_SLOTS * 2);
    size = 0;
    level = 0;
    /**
     * A cell's value. Its first hash decides whether it is in the sample, so a value out of it (most, once the
     * distinct values are many) costs one pass of multiplies; only a sampled value pays for the second hash.
     */
    addCell(bytes, start, end) {
        const high = hashHigh(bytes, start, end);
        if (this.level > 0 && high >>> (32 - this.level) !== 0)
            return;
        this.add(high, hashLow(bytes, start, end), false);
    }
    /** A value by its hash; `twice` when it is known to occur at least twice already. */
    add(high, low, twice) {
        if (this.level > 0 && high >>> (32 - this.level) !== 0)
            return;
        // The top bit of `low` is the mark; a hash of all zeros would read as an empty slot.
        const key = (low & 0x7fffffff) | (high === 0 && (low & 0x7fffffff) === 0 ? 1 : 0);
        const table = this.table;
        const end = table.length;
        let slot = (key & (this.slots - 1)) << 1;
        for (;;) {
            const stored = table[slot + 1] ?? 0;
            const hi = table[slot] ?? 0;
            if (stored === 0 && hi === 0)
                break;
            if (hi === high && (stored & 0x7fffffff) === key) {
                table[slot + 1] = stored | TWICE;
                return;
            }
            slot += 2;
            if (slot === end)
                slot = 0;
        }
        table[slot] = high;
        table[slot + 1] = twice ? key | TWICE : key;
        this.size += 1;
        if (this.size > this.slots >> 1)
            this.makeRoom();
    }
    /** What a worker thread hands back: the table (transferable) and where the sample stands. */
    toState() {
        return { slots: this.slots, table: this.table, size: this.size, level: this.level };
    }
    static fromState(state) {
        const counter = new DistinctCounter();
        counter.slots = state.slots;
        counter.table = state.table;
        counter.size = state.size;
        counter.level = state.level;
        return counter;
    }
    /** Distinct values, and how many occur at least twice. */
    distinct() {
        let twice = 0;
        for (let slot = 1; slot < this.table.length; slot += 2)
            if ((this.table[slot] ?? 0) < 0)
                twice += 1;
        return { all: this.count(this.size), atLeastTwo: this.count(twice) };
    }
    merge(other) {
        while (this.level < other.level)
            this.halve();
        this.addAll(other.table);
    }
    /**
     * `sampled` values of the sample as a count of all: exact at level 0, else scaled by 2^level, with bounds from
     * the binomial spread of a sample that keeps each value with probability 2^-level (Poisson when few).
     */
    count(sampled) {
        if (this.level === 0)
            return { value: sampled, exact: true };
        const scale = 2 ** this.level;
        const spread = BOUND_ERRORS * Math.sqrt(sampled * (1 - 1 / scale));
        // With few values in the sample, the upper bound must still allow for those it missed (Poisson: 0 seen).
        const low = Math.max(0, Math.floor((sampled - spread) * scale));
        const high = Math.ceil((sampled + spread + BOUND_ERRORS * BOUND_ERRORS) * scale);
        return { value: sampled * scale, exact: false, low, high };
    }
    /** A full table doubles while it may, then keeps half its values (the sample). */
    makeRoom() {
        if (this.slots < MAX_SLOTS)
            this.rebuild(this.slots * 2, this.level);
        else
            this.halve();
    }
    /** Keeps half the sample: the values whose next top bit is 0. */
    halve() {
        this.rebuild(this.slots, this.level + 1);
        if (this.size > this.slots >> 1)
            this.halve();
    }
    rebuild(slots, level) {
        const old = this.table;
        this.slots = slots;
        this.table = new Int32Array(slots * 2);
        this.size = 0;
        this.level = level;
        this.addAll(old);
    }
    /** Every value of another table, with its mark. */
    addAll(table) {
        for (let slot = 0; slot < table.length; slot += 2) {
            const high = table[slot] ?? 0;
            const low = table[slot + 1] ?? 0;
            if (high !== 0 || low !== 0)
                this.add(high, low, low < 0);
        }
    }
}
/** The first 32 bits of a cell's 64-bit hash: four bytes a step, multiply-xorshift, then murmur3's final mix. */
function hashHigh(bytes, start, end) {
    let a = 0x811c9dc5 ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) {
        a = Math.imul(a ^ word(bytes, i), 0x01000193);
        a ^= a >>> 15;
    }
    for (; i < end; i++)
        a = Math.imul(a ^ (bytes[i] ?? 0), 0x01000193);
    return mix(a);
}
/** The other 32 bits, from another multiplier and seed. */
function hashLow(bytes, start, end) {
    let b = 0x27d4eb2f + (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) {
        b = Math.imul(b + word(bytes, i), 0x5bd1e995);
        b ^= b >>> 13;
    }
    for (; i < end; i++)
        b = Math.imul(b + (bytes[i] ?? 0), 0x5bd1e995);
    return mix(b);
}
/** murmur3's fmix32: every input bit reaches the top bits, which decide the sample. */
function mix(h) {
    let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return x ^ (x >>> 16);
}
function word(bytes, i) {
    return (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) | ((bytes[i + 2] ?? 0) << 16) | ((bytes[i + 3] ?? 0) << 24);
}
/** The event types seen, by their bytes: few in any real file, so a short list beats a map. */
class EventTypes {
    seen = [];
    other = 0;
    add(bytes, start, end, times = 1) {
        const length = end - start;
        const first = bytes[start];
        for (const entry of this.seen) {
            if (entry.bytes.length === length && entry.bytes[0] === first && sameBytes(entry.bytes, bytes, start)) {
                entry.count += times;
                return;
            }
        }
        // A copy: `bytes` is the reader's buffer, which the next chunk overwrites (a Buffer's slice is only a view).
        if (this.seen.length < MAX_EVENT_TYPES)
            this.seen.push({ bytes: new Uint8Array(bytes.subarray(start, end)), count: times });
        else
            this.other += times;
    }
    merge(other) {
        for (const entry of other.seen)
            this.add(entry.bytes, 0, entry.bytes.length, entry.count);
        this.other += other.other;
    }
    toState() {
        return { seen: this.seen, other: this.other };
    }
    static fromState(state) {
        const events = new EventTypes();
        for (const entry of state.seen)
            events.add(entry.bytes, 0, entry.bytes.length, entry.count);
        events.other = state.other;
        return events;
    }
    /** The most frequent, at most 10: their names are shown only when they look like names (data may be personal). */
    top() {
        const decoder = new TextDecoder();
        return topEventTypes(this.seen.map(entry => ({ type: decoder.decode(entry.bytes), count: entry.count })), this.other);
    }
}
/** The 10 most frequent event types as the profile shows them, the rest (and `other`) as "(other types)". */
function topEventTypes(counted, other = 0) {
    const list = counted
        .map(entry => ({ type: shownType(entry.type), count: entry.count }))
        .sort((a, b) => b.count - a.count);
    const shown = list.slice(0, 10);
    const rest = list.slice(10).reduce((sum, entry) => sum + entry.count, 0) + other;
    return rest > 0 ? [...shown, { type: '(other types)', count: rest }] : shown;
}
function sameBytes(known, bytes, start) {
    for (let i = 0; i < known.length; i++)
        if (known[i] !== bytes[start + i])
            return false;
    return true;
}
function shownType(text) {
    return /^[\w .:/-]{1,64}$/.test(text) ? text : `(a type of ${text.length} characters)`;
}
/** "18 users", "~1,200,000 users": a count as the profile table and the warnings show it. */
function formatCount(count) {
    return `${count.exact ? '' : '~'}${thousands(Math.round(count.value))}`;
}
/**
 * The warnings a profile earns when the whole data was read cleanly: the import can succeed while training fails.
 * Never errors: earlier and incremental imports add data. An estimate earns one only when even its upper bound is
 * below the minimum.
 */
function trainingShortfalls(profile) {
    const users = profile.usersWithTwo;
    if (profile.scope !== 'all' || users === undefined)
        return [];
    // Fewer than 1,000 interactions fails the import itself (too-few-records); the users' minimum only training.
    const shortfalls = [];
    if ((users.exact ? users.value : (users.high ?? Number.POSITIVE_INFINITY)) < MIN_TRAINING_USERS) {
        shortfalls.push(`${formatCount(users)} users have 2 or more interactions, ${MIN_TRAINING_USERS} are needed`);
    }
    return shortfalls;
}
/** The columns an interactions profile reads. */
const profile_INTERACTION_COLUMNS = ['USER_ID', 'ITEM_ID', 'TIMESTAMP', 'EVENT_TYPE'];
/** The cell of a column, by name in any case; -1 when the header lacks it. */
function profile_columnOf(names, column) {
    return names.findIndex(name => name.toUpperCase() === column);
}
/** The profile of one file (or, merged, of an import), fed each record the reader split cleanly. */
class profile_ProfileCollector {
    kind;
    /** Records profiled: those read cleanly. */
    records = 0;
    users;
    items;
    events = new EventTypes();
    minTime = Number.POSITIVE_INFINITY;
    maxTime = Number.NEGATIVE_INFINITY;
    userCol = -1;
    itemCol = -1;
    timeCol = -1;
    eventCol = -1;
    metadata = [];
    blanks = new Map();
    constructor(kind) {
        this.kind = kind;
    }
    /** The columns the profile reads, by name (any case); metadata columns are the non-reserved ones given. */
    header(names, metadata) {
        if (this.kind === 'interactions') {
            const [user, item, time, event] = profile_INTERACTION_COLUMNS.map(column => profile_columnOf(names, column));
            this.userCol = user ?? -1;
            this.itemCol = item ?? -1;
            this.timeCol = time ?? -1;
            this.eventCol = event ?? -1;
            if (this.userCol >= 0)
                this.users = new DistinctCounter();
            if (this.itemCol >= 0)
                this.items = new DistinctCounter();
        }
        else {
            this.metadata = metadata;
        }
    }
    /** A record whose cells the reader split cleanly. */
    onRecord(bytes, starts, ends) {
        this.records += 1;
        if (this.kind === 'metadata')
            this.blankCells(starts, ends);
        else
            this.interaction(bytes, starts, ends);
    }
    blankCells(starts, ends) {
        for (const { cell, name } of this.metadata) {
            if (starts[cell] === ends[cell])
                this.blanks.set(name, (this.blanks.get(name) ?? 0) + 1);
        }
    }
    interaction(bytes, starts, ends) {
        this.users?.addCell(bytes, starts[this.userCol] ?? 0, ends[this.userCol] ?? 0);
        this.items?.addCell(bytes, starts[this.itemCol] ?? 0, ends[this.itemCol] ?? 0);
        if (this.timeCol >= 0)
            this.time(bytes, starts[this.timeCol] ?? 0, ends[this.timeCol] ?? 0);
        if (this.eventCol >= 0) {
            const start = starts[this.eventCol] ?? 0;
            const end = ends[this.eventCol] ?? 0;
            if (end > start)
                this.events.add(bytes, start, end);
        }
    }
    /** An interactions collector's counts, for a worker thread to hand back. */
    toState() {
        return {
            records: this.records,
            ...(this.users ? { users: this.users.toState() } : {}),
            ...(this.items ? { items: this.items.toState() } : {}),
            events: this.events.toState(),
            minTime: this.minTime,
            maxTime: this.maxTime,
        };
    }
    static fromState(state) {
        const collector = new profile_ProfileCollector('interactions');
        collector.records = state.records;
        if (state.users)
            collector.users = DistinctCounter.fromState(state.users);
        if (state.items)
            collector.items = DistinctCounter.fromState(state.items);
        collector.events.merge(EventTypes.fromState(state.events));
        collector.minTime = state.minTime;
        collector.maxTime = state.maxTime;
        return collector;
    }
    merge(other) {
        this.records += other.records;
        if (other.users) {
            this.users ??= new DistinctCounter();
            this.users.merge(other.users);
        }
        if (other.items) {
            this.items ??= new DistinctCounter();
            this.items.merge(other.items);
        }
        this.events.merge(other.events);
        this.minTime = Math.min(this.minTime, other.minTime);
        this.maxTime = Math.max(this.maxTime, other.maxTime);
        for (const [name, count] of other.blanks)
            this.blanks.set(name, (this.blanks.get(name) ?? 0) + count);
        if (this.metadata.length === 0)
            this.metadata = other.metadata;
    }
    /** The profile of what was fed, for `records` read in all (the findings' count). */
    result(scope, records = this.records) {
        const profile = {
            scope,
            records,
            ...(this.records < records ? { profiledRecords: this.records } : {}),
        };
        if (this.kind === 'metadata') {
            const shares = {};
            for (const { name } of this.metadata) {
                const blank = this.blanks.get(name) ?? 0;
                if (blank > 0)
                    shares[name] = Math.round((blank / this.records) * 1000) / 1000;
            }
            return Object.keys(shares).length > 0 ? { ...profile, blankShare: shares } : profile;
        }
        if (this.users) {
            const { all, atLeastTwo } = this.users.distinct();
            profile.users = all;
            profile.usersWithTwo = atLeastTwo;
        }
        if (this.items)
            profile.items = this.items.distinct().all;
        if (Number.isFinite(this.minTime)) {
            profile.firstEvent = new Date(this.minTime * 1000).toISOString().slice(0, 10);
            profile.lastEvent = new Date(this.maxTime * 1000).toISOString().slice(0, 10);
        }
        const types = this.events.top();
        if (types.length > 0)
            profile.eventTypes = types;
        return profile;
    }
    /** A TIMESTAMP of seconds (up to 12 digits; the rules report the rest) joins the time range. */
    time(bytes, start, end) {
        if (end - start > 12 || end === start)
            return;
        let value = 0;
        for (let i = start; i < end; i++) {
            const digit = (bytes[i] ?? 0) - 0x30;
            if (digit < 0 || digit > 9)
                return;
            value = value * 10 + digit;
        }
        if (value < this.minTime)
            this.minTime = value;
        if (value > this.maxTime)
            this.maxTime = value;
    }
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/data/profile-thread.ts



// Hashing every user and item costs as much as reading the file (two hashes and a table probe a record, against
// ~140 ns for reading and checking it), so for large files the interactions profile runs in a worker thread: the
// main thread only notes where each clean record's profiled cells are, and hands over a copy of the chunk they
// are in. The counts are the same as in this thread (the same collector, fed the same cells).
/** Files at least this large are profiled in the worker: below it, starting a thread costs more than it saves. */
const THREAD_MIN_BYTES = (/* unused pure expression or super */ null && (32 * 1024 * 1024));
/** Chunks in the worker's queue at most: the reader waits beyond it, so memory stays flat on a slow machine. */
const MAX_IN_FLIGHT = 8;
/** The start offset of a record the reader put together (not in the chunk): its cells are in the side bytes. */
const SIDE_BIT = 1 << 30;
/**
 * Worker threads: one per core beside the reader's, at most two (a worker hashes about as fast as the main thread
 * reads and checks, so two keep pace with it; more than the cores only take time from the reader).
 */
const WORKER_THREADS = Math.min(2, Math.max(1, (0,external_node_os_namespaceObject.availableParallelism)() - 1));
/** The worker file beside this bundle's files (`scripts/build.mjs` bundles it on its own). */
const WORKER_FILE = 'profile-worker.js';
/**
 * The profile's worker threads for the run's data checks, started on first use: packets go to them in turn, and a
 * file's counts are theirs merged. A failed worker leaves profiles undone (a warning, never the outcome).
 */
class ProfileThread {
    threads;
    workerUrl;
    workers = [];
    turn = 0;
    failure;
    inFlight = 0;
    waiting = [];
    free = [];
    states = [];
    finishing;
    constructor(threads = WORKER_THREADS, workerUrl = new URL(WORKER_FILE, import.meta.url)) {
        this.threads = threads;
        this.workerUrl = workerUrl;
    }
    /** A sink for one file's interactions profile, fed by the reader, finished with `collector()`. */
    file() {
        return new ThreadedProfile(this);
    }
    get failed() {
        return this.failure;
    }
    /** A packet a worker handed back, or a new one. */
    packet() {
        return this.free.pop() ?? { bytes: Buffer.allocUnsafeSlow(1 << 20), offsets: nodeInt32Array(1 << 16) };
    }
    /** Records go to the next worker in turn; the start of a file to all of them. */
    send(message, transfer = []) {
        if (this.failure)
            return;
        const workers = this.start();
        if (message.kind !== 'records') {
            for (const worker of workers)
                worker.postMessage(message);
            return;
        }
        workers[this.turn++ % workers.length]?.postMessage(message, transfer);
        this.inFlight += 1;
    }
    /** Resolves once the workers' queues have room (at once when they have, or when a worker failed). */
    async room() {
        while (this.inFlight >= MAX_IN_FLIGHT * this.threads && !this.failure) {
            await new Promise(done => this.waiting.push(done));
        }
    }
    /** The counts of the file just sent, one per worker; undefined when a worker failed. */
    async finish() {
        if (this.failure)
            return undefined;
        const answers = new Promise(done => {
            this.finishing = done;
        });
        this.states = [];
        this.send({ kind: 'finish' });
        const states = await answers;
        return states.every(state => state !== undefined) ? states : undefined;
    }
    async close() {
        const workers = this.workers;
        this.workers = [];
        await Promise.all(workers.map(worker => worker.terminate()));
    }
    start() {
        if (this.workers.length > 0)
            return this.workers;
        for (let i = 0; i < this.threads; i++) {
            const worker = new Worker(this.workerUrl);
            // The workers never keep the step alive: once the checks are done they are not waited for.
            worker.unref();
            worker.on('message', (answer) => this.answer(answer));
            worker.on('error', error => this.fail(error));
            worker.on('exit', code => {
                if (this.workers.includes(worker))
                    this.fail(new Error(`a worker thread of the profile exited (${code})`));
            });
            this.workers.push(worker);
        }
        return this.workers;
    }
    answer(answer) {
        if (answer.kind === 'done') {
            this.inFlight -= 1;
            this.free.push({ bytes: Buffer.from(answer.bytes), offsets: new Int32Array(answer.offsets) });
            this.waiting.shift()?.();
            return;
        }
        this.states.push(answer.state);
        if (this.states.length < this.workers.length)
            return;
        const finishing = this.finishing;
        this.finishing = undefined;
        finishing?.(this.states);
    }
    fail(error) {
        this.failure ??= error;
        const workers = this.workers;
        this.workers = [];
        for (const worker of workers)
            void worker.terminate();
        for (const resume of this.waiting.splice(0))
            resume();
        this.finishing?.([undefined]);
        this.finishing = undefined;
    }
}
function nodeInt32Array(length) {
    return new Int32Array(Buffer.allocUnsafeSlow(length * 4).buffer, 0, length);
}
/**
 * One file's interactions profile, counted in the worker. The reader calls `chunk` before the scanner reads a
 * chunk and `chunkDone` after it: the clean records' cells found in between go to the worker with a copy of it.
 */
class ThreadedProfile {
    thread;
    columns = new Int32Array(0);
    current;
    packet;
    offsets = new Int32Array(0);
    used = 0;
    records = 0;
    side = Buffer.allocUnsafe(1 << 12);
    sideUsed = 0;
    constructor(thread) {
        this.thread = thread;
    }
    header(names) {
        const cells = INTERACTION_COLUMNS.map(column => columnOf(names, column)).filter(cell => cell >= 0);
        this.columns = Int32Array.from(cells);
        this.thread.send({ kind: 'start', columns: cells.map(cell => names[cell] ?? '') });
    }
    onRecord(bytes, starts, ends) {
        const columns = this.columns;
        const count = columns.length;
        if (this.used + count * 2 > this.offsets.length)
            this.room(count * 2);
        const offsets = this.offsets;
        let used = this.used;
        if (bytes === this.current) {
            for (let i = 0; i < count; i++) {
                const cell = columns[i] ?? 0;
                offsets[used++] = starts[cell] ?? 0;
                offsets[used++] = ends[cell] ?? 0;
            }
        }
        else {
            for (let i = 0; i < count; i++) {
                const cell = columns[i] ?? 0;
                const at = this.copyToSide(bytes, starts[cell] ?? 0, ends[cell] ?? 0);
                offsets[used++] = (i === 0 ? SIDE_BIT : 0) | at;
                offsets[used++] = this.sideUsed;
            }
        }
        this.used = used;
        this.records += 1;
    }
    /** The chunk the scanner reads next: records found in it are noted by offset. */
    chunk(chunk) {
        this.current = chunk;
    }
    /** The chunk was read: its records go to the worker with a copy of it, once the worker has room. */
    async chunkDone() {
        const chunk = this.current ?? EMPTY;
        this.current = undefined;
        const packet = this.packet;
        if (this.records === 0 || !packet)
            return;
        let bytes = packet.bytes;
        if (bytes.length < chunk.length + this.sideUsed)
            bytes = Buffer.allocUnsafeSlow(chunk.length + this.sideUsed);
        bytes.set(chunk, 0);
        bytes.set(this.side.subarray(0, this.sideUsed), chunk.length);
        const message = {
            kind: 'records',
            bytes: bytes.buffer,
            offsets: this.offsets.buffer,
            chunkLength: chunk.length,
            records: this.records,
            columns: this.columns.length,
        };
        this.thread.send(message, [bytes.buffer, this.offsets.buffer]);
        this.packet = undefined;
        this.offsets = new Int32Array(0);
        this.used = 0;
        this.records = 0;
        this.sideUsed = 0;
        await this.thread.room();
    }
    /** The file's counts as a collector; undefined when the worker failed. */
    async collector() {
        const states = await this.thread.finish();
        if (!states)
            return undefined;
        const [first, ...rest] = states.map(state => ProfileCollector.fromState(state));
        for (const other of rest)
            first?.merge(other);
        return first;
    }
    /** Room for `more` offsets: a packet to write into, or a larger array for it. */
    room(more) {
        if (!this.packet) {
            this.packet = this.thread.packet();
            this.offsets = this.packet.offsets;
        }
        if (this.used + more <= this.offsets.length)
            return;
        const bigger = nodeInt32Array(Math.max(this.offsets.length * 2, this.used + more));
        bigger.set(this.offsets.subarray(0, this.used));
        this.offsets = bigger;
        this.packet.offsets = bigger;
    }
    copyToSide(bytes, start, end) {
        const length = end - start;
        if (this.sideUsed + length > this.side.length) {
            const bigger = Buffer.allocUnsafe(Math.max(this.side.length * 2, this.sideUsed + length));
            this.side.copy(bigger, 0, 0, this.sideUsed);
            this.side = bigger;
        }
        const at = this.sideUsed;
        this.side.set(bytes.subarray(start, end), at);
        this.sideUsed += length;
        return at;
    }
}
const EMPTY = new Uint8Array(0);

;// CONCATENATED MODULE: ./src/data/profile-worker.ts



// The profile's worker thread (its own bundle, dist/profile-worker.js): it hashes the users and items of a large
// file while the main thread reads and checks it. The main thread sends a copy of each chunk it read with the
// offsets of the profiled cells of every clean record (both handed back for reuse), and, at the end of a file,
// asks for the collector's counts.
const port = external_node_worker_threads_namespaceObject.parentPort;
let collector;
port?.on('message', (message) => {
    switch (message.kind) {
        case 'start':
            collector = new profile_ProfileCollector('interactions');
            collector.header(message.columns, []);
            return;
        case 'records': {
            if (collector)
                feed(collector, message);
            const done = { kind: 'done', bytes: message.bytes, offsets: message.offsets };
            port.postMessage(done, [message.bytes, message.offsets]);
            return;
        }
        case 'finish': {
            // A file that never had a header (not CSV text) has an empty profile.
            const state = (collector ?? new profile_ProfileCollector('interactions')).toState();
            collector = undefined;
            const tables = [state.users?.table.buffer, state.items?.table.buffer].filter((buffer) => buffer instanceof ArrayBuffer);
            const answer = { kind: 'state', state };
            port.postMessage(answer, tables);
        }
    }
});
/** Each record's cells, from the chunk or (a record the reader put together) from the side bytes after it. */
function feed(collector, message) {
    const chunk = new Uint8Array(message.bytes, 0, message.chunkLength);
    const side = new Uint8Array(message.bytes, message.chunkLength);
    const offsets = new Int32Array(message.offsets);
    const { records, columns } = message;
    const starts = new Int32Array(columns);
    const ends = new Int32Array(columns);
    for (let record = 0, at = 0; record < records; record++) {
        const bytes = (offsets[at] ?? 0) & SIDE_BIT ? side : chunk;
        for (let cell = 0; cell < columns; cell++, at += 2) {
            starts[cell] = (offsets[at] ?? 0) & ~SIDE_BIT;
            ends[cell] = offsets[at + 1] ?? 0;
        }
        collector.onRecord(bytes, starts, ends);
    }
}


export const id = 801;
export const ids = [801];
export const modules = {

/***/ 801:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  S3Location: () => (/* binding */ S3Location),
  checkS3Data: () => (/* binding */ checkS3Data)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/aws/http.ts
var http = __webpack_require__(5421);
// EXTERNAL MODULE: ./src/aws/personalize.ts
var personalize = __webpack_require__(7831);
// EXTERNAL MODULE: ./src/aws/retry.ts
var retry = __webpack_require__(2495);
// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/json.ts
var json = __webpack_require__(8301);
;// CONCATENATED MODULE: ./src/data/bucket-policy.ts

// Whether a bucket policy lets Personalize read the data: the service principal personalize.amazonaws.com needs
// s3:GetObject on the objects and s3:ListBucket on the bucket (granting-personalize-s3-access), besides the role.
// Statements are evaluated as IAM does for the parts that decide it here: Principal, Action / NotAction, Resource /
// NotResource, and an explicit Deny before any Allow. What cannot be judged from the policy alone (a Condition,
// NotPrincipal) makes the answer unknown, never a false warning.
const PERSONALIZE_PRINCIPAL = 'personalize.amazonaws.com';
/** The verdict for each access, in order; undefined when the policy is not a JSON policy document. */
function evaluatePolicy(policyText, accesses) {
    let policy;
    try {
        policy = JSON.parse(policyText);
    }
    catch {
        return undefined;
    }
    if (!(0,json/* isObject */.G)(policy))
        return undefined;
    const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]).filter(json/* isObject */.G);
    return accesses.map(access => verdict(statements, access));
}
function verdict(statements, access) {
    const applying = statements.map(statement => ({ effect: statement.Effect, applies: applies(statement, access) }));
    if (applying.some(s => s.effect === 'Deny' && s.applies === 'yes'))
        return 'denied';
    if (applying.some(s => s.effect === 'Deny' && s.applies === 'maybe'))
        return 'unknown';
    if (applying.some(s => s.effect === 'Allow' && s.applies === 'yes'))
        return 'allowed';
    if (applying.some(s => s.effect === 'Allow' && s.applies === 'maybe'))
        return 'unknown';
    return 'missing';
}
function applies(statement, access) {
    const principal = 'NotPrincipal' in statement ? 'maybe' : namesPersonalize(statement.Principal) ? 'yes' : 'no';
    if (principal === 'no')
        return 'no';
    if (!matchesEither(statement.Action, statement.NotAction, access.action, false))
        return 'no';
    if (!matchesEither(statement.Resource, statement.NotResource, access.resource, true))
        return 'no';
    return principal === 'maybe' || 'Condition' in statement ? 'maybe' : 'yes';
}
/** `Action` (or `Resource`) lists it, or `NotAction` (`NotResource`) is given and does not. */
function matchesEither(listed, excluded, value, resource) {
    const match = (pattern) => wildcardMatches(resource ? anyPartition(pattern) : pattern, value, !resource);
    if (listed !== undefined)
        return (0,json/* stringList */.Y)(listed).some(match);
    if (excluded !== undefined)
        return !(0,json/* stringList */.Y)(excluded).some(match);
    return resource; // a statement without Resource (not valid in a bucket policy) is taken to name every resource
}
/** The statement to add, for a message: the bucket's ARNs in its partition, nothing else. */
function personalizeStatement(bucket, actions, partition = 'aws') {
    return JSON.stringify({
        Sid: 'PersonalizeS3BucketAccess',
        Effect: 'Allow',
        Principal: { Service: PERSONALIZE_PRINCIPAL },
        Action: actions,
        Resource: [`arn:${partition}:s3:::${bucket}`, `arn:${partition}:s3:::${bucket}/*`],
    });
}
/** The partition of a region: aws-cn for China, aws-us-gov for GovCloud, aws elsewhere. */
function partitionOf(region) {
    if (region.startsWith('cn-'))
        return 'aws-cn';
    if (region.startsWith('us-gov-'))
        return 'aws-us-gov';
    return 'aws';
}
function namesPersonalize(principal) {
    if (principal === '*')
        return true;
    if (!(0,json/* isObject */.G)(principal))
        return false;
    if ((0,json/* stringList */.Y)(principal.AWS).includes('*'))
        return true;
    return (0,json/* stringList */.Y)(principal.Service).includes(PERSONALIZE_PRINCIPAL);
}
/** ARNs are compared whatever their partition: a policy names its own bucket's. */
function anyPartition(arn) {
    return arn.replace(/^arn:[^:]*:/, 'arn:aws:');
}
function wildcardMatches(pattern, value, ignoreCase) {
    const source = pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.');
    return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(resourceOrAction(value));
}
function resourceOrAction(value) {
    return value.startsWith('arn:') ? anyPartition(value) : value;
}

// EXTERNAL MODULE: ./src/data/import-checker.ts + 3 modules
var import_checker = __webpack_require__(6923);
// EXTERNAL MODULE: ./src/data/profile-thread.ts
var profile_thread = __webpack_require__(5894);
// EXTERNAL MODULE: external "node:v8"
var external_node_v8_ = __webpack_require__(8877);
// EXTERNAL MODULE: external "node:vm"
var external_node_vm_ = __webpack_require__(714);
;// CONCATENATED MODULE: ./src/data/s3-objects.ts






/** Objects read at most by the sample, first by key. */
const MAX_OBJECTS_SAMPLED = 20;
/** Bytes the sample reads per object: one ranged GET. */
const SAMPLE_BYTES = 1024 * 1024;
/** An answer that is not the object (a proxy's page, a cut answer) is asked for again, this often in all. */
const MISMATCH_ATTEMPTS = 3;
/**
 * A full read asks for parts of this size, PARTS_IN_FLIGHT at a time (S3 serves parallel ranged GETs of one object
 * faster than one stream, and the next object's first parts arrive while this one's last are read), and hands
 * the reader CHUNK_BYTES at a time, so the profile's worker gets packets of the size local files give it. Parts are
 * small because every byte in flight is held twice (the socket's buffers, then the part): on a 1 GiB object the
 * peak RSS measured ~215 MiB with 8 MiB x 3 and ~158 MiB with 2 MiB x 4, at the same throughput.
 */
const PART_BYTES = 2 * 1024 * 1024;
const PARTS_IN_FLIGHT = 4;
const CHUNK_BYTES = 1024 * 1024;
/** The progress of a full read is logged this often. */
const PROGRESS_EVERY_MS = 10_000;
/**
 * S3's price for data transfer out to the internet (us-east-1, the first 10 TB a month, after 100 GB free), which
 * a runner outside AWS (GitHub-hosted) pays for every byte it reads.
 */
const EGRESS_USD_PER_GB = 0.09;
/** The first MiB of each of the first 20 objects, read by the import's rules. */
async function checkSample(location, settings, objects, checker, report) {
    const sample = objects.slice(0, MAX_OBJECTS_SAMPLED);
    settings.info(`Data checks: checking the first ${(0,src_text/* formatBytes */.z3)(SAMPLE_BYTES)} of ${(0,src_text/* plural */.LS)(sample.length, 'object')} at ` +
        `${location.location}`);
    let complete = objects.length === sample.length;
    for (const object of sample) {
        const uri = objectUri(location, object);
        const file = await checkObjectStart(location, settings, object, checker);
        if (!file) {
            complete = false;
            continue;
        }
        checker.join(file);
        report.bytesRead += file.bytes;
        report.objectsChecked += 1;
        if (object.size > SAMPLE_BYTES)
            complete = false;
        if (!/\.csv$/i.test(object.key))
            notCsv(settings, uri);
    }
    return complete && report.objectsChecked === objects.length;
}
/** Every byte of every object (data-checks: full): true when all of them were read to their end. */
async function checkEveryByte(location, settings, objects, checker, report) {
    const pacing = location.policy.pacing;
    const total = objects.reduce((sum, object) => sum + object.size, 0);
    settings.info(`Data checks: reading ${objects.length === 1 ? 'the object' : `all ${objects.length} objects`} at ` +
        `${location.location} in full (${(0,src_text/* formatBytes */.z3)(total)}). A runner outside AWS (GitHub-hosted ones) pays S3 data ` +
        'transfer out for it: about ' +
        `$${((total / 1e9) * EGRESS_USD_PER_GB).toFixed(2)} at $${EGRESS_USD_PER_GB} per GB (us-east-1, after the ` +
        `first 100 GB a month); a runner in the bucket's region pays nothing.`);
    const progress = new Progress(total, pacing, () => checker.records + (checker.reading?.records ?? 0), settings.info);
    const parts = new PartReader(location, objects);
    let complete = true;
    try {
        for (const [index, object] of objects.entries()) {
            const uri = objectUri(location, object);
            if (!/\.csv$/i.test(object.key))
                notCsv(settings, uri);
            let file;
            try {
                file = await checker.read(uri, parts.chunks(index, progress), true, object.size);
            }
            catch (error) {
                skipObject(settings, uri, error);
                parts.drop(index);
                complete = false;
                continue;
            }
            checker.join(file);
            report.bytesRead += file.bytes;
            report.objectsChecked += 1;
        }
    }
    finally {
        parts.close();
    }
    progress.done();
    return complete;
}
/** The progress of a full read, every 10 s: bytes, records, throughput and (an estimate) the time left. */
class Progress {
    total;
    pacing;
    records;
    info;
    bytes = 0;
    startedAt;
    lastAt;
    constructor(total, pacing, records, info) {
        this.total = total;
        this.pacing = pacing;
        this.records = records;
        this.info = info;
        this.startedAt = pacing.clock.now();
        this.lastAt = this.startedAt;
    }
    add(bytes) {
        this.bytes += bytes;
        const now = this.pacing.clock.now();
        if (now - this.lastAt < PROGRESS_EVERY_MS)
            return;
        this.lastAt = now;
        const seconds = (now - this.startedAt) / 1000;
        const rate = this.bytes / Math.max(seconds, 0.001);
        const left = ((this.total - this.bytes) / rate) * 1000;
        this.info(`Data checks: ${(0,src_text/* formatBytes */.z3)(this.bytes)} of ${(0,src_text/* formatBytes */.z3)(this.total)} read ` +
            `(${Math.floor((this.bytes / this.total) * 100)}%), ${(0,src_text/* thousands */.oh)(this.records())} records, ` +
            `${(rate / 1024 / 1024).toFixed(1)} MiB/s, about ${(0,src_text/* formatDuration */.a3)(left)} left`);
    }
    done() {
        const seconds = (this.pacing.clock.now() - this.startedAt) / 1000;
        if (seconds < PROGRESS_EVERY_MS / 1000)
            return;
        this.info(`Data checks: read ${(0,src_text/* formatBytes */.z3)(this.bytes)} and ${(0,src_text/* thousands */.oh)(this.records())} records in ` +
            `${(0,src_text/* formatDuration */.a3)(seconds * 1000)} (${(this.bytes / 1024 / 1024 / seconds).toFixed(1)} MiB/s)`);
    }
}
/**
 * The parts of every object in order, PARTS_IN_FLIGHT requested ahead of the reader (across objects), each read
 * whole into a buffer within the request's time bound, so a cut or stalled answer is a transient fault that the
 * retry policy asks again for that part alone. Memory: at most PARTS_IN_FLIGHT + 1 buffers of PART_BYTES.
 */
class PartReader {
    location;
    objects;
    parts = [];
    next = 0;
    inFlight = new Map();
    stop = new AbortController();
    /** Buffers the reader is done with, used again: fresh memory for every part would grow the heap's garbage. */
    free = [];
    constructor(location, objects) {
        this.location = location;
        this.objects = objects;
        for (const [index, object] of objects.entries()) {
            for (let start = 0; start < object.size; start += PART_BYTES) {
                this.parts.push({ object: index, start, end: Math.min(object.size, start + PART_BYTES) });
            }
        }
    }
    /** The bytes of object `index`, CHUNK_BYTES at a time; the step's deadline and cancellation between chunks. */
    async *chunks(index, progress) {
        const pacing = this.location.policy.pacing;
        for (;;) {
            const part = this.parts[this.next];
            if (!part || part.object !== index)
                return;
            const { buffer, length } = await this.take(this.next);
            this.next += 1;
            for (let offset = 0; offset < length; offset += CHUNK_BYTES) {
                (0,retry/* checkTime */.AK)(pacing, 'reading the data at data-location');
                const chunk = buffer.subarray(offset, Math.min(length, offset + CHUNK_BYTES));
                progress.add(chunk.length);
                yield chunk;
            }
            // The reader keeps no reference to a chunk once it asks for the next.
            this.free.push(buffer);
            collectSocketBuffers();
        }
    }
    /** The object `index` could not be read: its parts still to come are forgotten. */
    drop(index) {
        while (this.parts[this.next]?.object === index) {
            this.inFlight.delete(this.next);
            this.next += 1;
        }
    }
    /** Ends the requests still in flight (the read stopped early: an error, the deadline, cancellation). */
    close() {
        this.inFlight.clear();
        this.stop.abort();
    }
    take(position) {
        for (let ahead = position; ahead < Math.min(this.parts.length, position + PARTS_IN_FLIGHT); ahead++) {
            if (this.inFlight.has(ahead))
                continue;
            const fetching = this.fetch(this.parts[ahead]);
            // A part that fails before the reader reaches it is the reader's to judge then, not an unhandled rejection.
            fetching.catch(() => undefined);
            this.inFlight.set(ahead, fetching);
        }
        const pending = this.inFlight.get(position);
        this.inFlight.delete(position);
        return pending;
    }
    async fetch(part) {
        const { client, caller, bucket } = this.location;
        const object = this.objects[part.object];
        const length = part.end - part.start;
        const buffer = this.free.pop() ?? Buffer.allocUnsafeSlow(PART_BYTES);
        for (let attempt = 1;; attempt++) {
            try {
                return await caller.call('GetObject', async (signal) => {
                    const abortSignal = AbortSignal.any([signal, this.stop.signal]);
                    const output = await client.send(new dist_cjs/* GetObjectCommand */.jLs({
                        Bucket: bucket,
                        Key: object.key,
                        Range: `bytes=${part.start}-${part.end - 1}`,
                        // An object replaced while it is read would mix two files: S3 answers 412 instead.
                        ...(object.etag ? { IfMatch: object.etag } : {}),
                    }), { abortSignal });
                    if (output.ContentLength !== undefined && output.ContentLength !== length) {
                        throw partMismatch(output.ContentLength, length, object);
                    }
                    const body = output.Body ?? EMPTY;
                    await readWhole(body, buffer, length, object);
                    return { buffer, length };
                });
            }
            catch (error) {
                if (error instanceof errors/* AwsError */.Gy && error.code === LENGTH_MISMATCH && attempt < MISMATCH_ATTEMPTS)
                    continue;
                throw error;
            }
        }
    }
}
/**
 * Frees the buffers the network reads of a part left behind. Node allocates each socket read (64 KiB) outside the
 * JavaScript heap, and V8 collects them only after 64 MiB more of such memory, or when its young generation fills,
 * which takes gigabytes of reads: a full read would hold ~70 MiB of dead buffers. A young-generation collection
 * after each part (about a millisecond: the young generation holds little else) keeps memory flat (measured: a
 * 1 GiB read peaks at 137 MiB against 197 MiB without). The collector is reached through V8's own flag; where it
 * cannot be, memory is merely higher.
 */
const collectSocketBuffers = (() => {
    try {
        (0,external_node_v8_.setFlagsFromString)('--expose-gc');
        const gc = (0,external_node_vm_.runInNewContext)('gc');
        return () => gc({ type: 'minor' });
    }
    catch {
        return () => undefined;
    }
})();
/** A part's body into `buffer`; an answer of another length than the part's is not the part. */
async function readWhole(body, buffer, length, object) {
    let filled = 0;
    for await (const chunk of body) {
        if (filled + chunk.length > length)
            throw partMismatch(filled + chunk.length, length, object);
        buffer.set(chunk, filled);
        filled += chunk.length;
    }
    if (filled !== length)
        throw partMismatch(filled, length, object);
}
/** One ranged GET of the object's first MiB, read by the import's rules; undefined when it could not be read. */
async function checkObjectStart(location, settings, object, checker) {
    const { client, caller, bucket } = location;
    const uri = objectUri(location, object);
    const expected = Math.min(object.size, SAMPLE_BYTES);
    for (let attempt = 1;; attempt++) {
        try {
            return await caller.call('GetObject', async (signal) => {
                const output = await client.send(new dist_cjs/* GetObjectCommand */.jLs({ Bucket: bucket, Key: object.key, Range: `bytes=0-${SAMPLE_BYTES - 1}` }), { abortSignal: signal });
                const announced = output.ContentLength;
                if (announced !== undefined && announced !== expected)
                    throw mismatch(announced, object);
                // The rules see the bytes as they arrive; an attempt cut short is forgotten, and the next starts over.
                const body = output.Body ?? EMPTY;
                const read = await checker.read(uri, body, object.size <= SAMPLE_BYTES);
                if (read.bytes !== expected)
                    throw mismatch(read.bytes, object);
                return read;
            });
        }
        catch (error) {
            if (error instanceof errors/* AwsError */.Gy && error.code === LENGTH_MISMATCH && attempt < MISMATCH_ATTEMPTS)
                continue;
            skipObject(settings, uri, error);
            return undefined;
        }
    }
}
function objectUri(location, object) {
    return `s3://${location.bucket}/${object.key}`;
}
function notCsv(settings, uri) {
    settings.findings.add({ rule: 'not-csv', file: uri, what: `${uri} does not end in .csv` });
}
/** An object that cannot be read as it is (a permission, a key, an answer that is not the object): not checked. */
function skipObject(settings, uri, error) {
    if (!(error instanceof errors/* AwsError */.Gy))
        throw error;
    if (error.code === LENGTH_MISMATCH) {
        // Not the object (a proxy's page, a cut answer): its bytes are not the data, so nothing of them is reported.
        settings.skip(`the data check of ${uri}`, `${error.message}, ${MISMATCH_ATTEMPTS} times (a proxy in the way?)`);
        return;
    }
    if (error.code === 'PreconditionFailed' || error.httpStatus === 412) {
        settings.skip(`the data check of ${uri}`, 'the object was replaced while it was read');
        return;
    }
    if ((0,errors/* isAccessDenied */.w7)(error) || error.httpStatus === 403) {
        const kms = /kms/i.test(error.message) || /kms/i.test(error.code);
        const permission = kms ? 'kms:Decrypt on the bucket key' : 's3:GetObject';
        settings.skip(`the data check of ${uri}`, `the credentials lack ${permission} (${error.code})`);
        return;
    }
    throw error;
}
/** An answer whose length is not the object's (or the range's): read again, then the object is not checked. */
const LENGTH_MISMATCH = 'LengthMismatch';
function mismatch(bytes, object) {
    const what = `S3 answered ${(0,src_text/* formatBytes */.z3)(bytes)} for the first ${(0,src_text/* formatBytes */.z3)(Math.min(object.size, SAMPLE_BYTES))} of an object of ${(0,src_text/* formatBytes */.z3)(object.size)}`;
    return new errors/* AwsError */.Gy('GetObject', LENGTH_MISMATCH, 'permanent', what, 200);
}
function partMismatch(bytes, length, object) {
    const what = `S3 answered ${(0,src_text/* formatBytes */.z3)(bytes)} for a part of ${(0,src_text/* formatBytes */.z3)(length)} of an object of ${(0,src_text/* formatBytes */.z3)(object.size)}`;
    return new errors/* AwsError */.Gy('GetObject', LENGTH_MISMATCH, 'permanent', what, 200);
}
const EMPTY = {
    async *[Symbol.asyncIterator]() { },
};

;// CONCATENATED MODULE: ./src/data/s3.ts











// The data in S3, checked before the import: the objects exist, the first MiB of each (never more, whatever the
// object's size) follows the schema, and the bucket policy lets Personalize read them. Loaded on demand (its own
// bundle chunk): runs without data checks never load the S3 client.
/**
 * S3 that has not answered at all (no HTTP response: DNS, refused or timed-out connections, a silent socket) within
 * this time of the first request is unreachable from the runner, and the checks step aside. Once it has answered,
 * a slow S3 is retried like any AWS call, until the step's deadline.
 */
const S3_ANSWER_WITHIN_MS = 10_000;
/** Import size limits (import-data): FULL up to 100 GB, INCREMENTAL up to 1 GB. */
const MAX_IMPORT_BYTES = { FULL: 100e9, INCREMENTAL: 1e9 };
/**
 * The data at an s3:// location, listed once (a key: HeadObject; a folder: ListObjectsV2, every page), for the data
 * checks and the retraining gate's fingerprint alike. Loaded on demand with the S3 client.
 */
class S3Location {
    location;
    region;
    bucket;
    key;
    /** A folder's location ends with / (or is the bucket itself). */
    folder;
    client;
    caller;
    policy;
    listed;
    constructor(settings) {
        const { bucket, key } = parseLocation(settings.location);
        this.location = settings.location;
        this.region = settings.region;
        this.bucket = bucket;
        this.key = key;
        this.folder = key === '' || key.endsWith('/');
        this.client = s3Client(settings);
        this.policy = settings.policy;
        this.caller = new retry/* RetryingCaller */.OI(settings.policy, S3_ANSWER_WITHIN_MS);
    }
    /** The objects Personalize would import; throws AwsError when they cannot be listed. */
    listing() {
        this.listed ??= listLocation(this.client, this.caller, this.bucket, this.key);
        return this.listed;
    }
    /** What an import of the location would read, fingerprinted; undefined when it cannot be listed whole. */
    async fingerprint(importMode) {
        try {
            const listing = await this.listing();
            return listing.complete ? fingerprintOf(listing.objects, importMode) : undefined;
        }
        catch (error) {
            if (error instanceof errors/* AwsError */.Gy)
                return undefined; // the gate imports on doubt, and says so
            throw error;
        }
    }
}
/** Undefined when an object has no ETag to tell its content by. */
function fingerprintOf(objects, importMode) {
    if (objects.some(object => object.etag === undefined))
        return undefined;
    const lines = objects.map(object => `${object.size} ${object.etag}`).sort();
    const hash = (0,external_node_crypto_.createHash)('sha256')
        .update(`${importMode}\n${lines.join('\n')}`)
        .digest('hex');
    const bytes = objects.reduce((sum, object) => sum + object.size, 0);
    return { fingerprint: hash, bytes, objects: objects.length };
}
function s3Client(settings) {
    // The SDK's own reading of AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, from the step's environment.
    const endpoint = settings.env?.AWS_ENDPOINT_URL_S3 ?? settings.env?.AWS_ENDPOINT_URL;
    return new dist_cjs/* S3Client */.YxF({
        region: settings.region,
        ...(endpoint ? { endpoint } : {}),
        followRegionRedirects: true,
        maxAttempts: 1,
        requestHandler: (0,http/* requestHandler */.OX)(settings),
        ...(settings.debugLog ? { logger: (0,http/* sdkLogger */.DA)(settings.debugLog) } : {}),
    });
}
async function checkS3Data(location, settings) {
    const report = {
        location: location.location,
        objectsFound: 0,
        objectsChecked: 0,
        bytesRead: 0,
        records: 0,
        complete: false,
    };
    let objects;
    try {
        const listing = await findObjects(location, settings);
        objects = listing?.objects;
        if (listing) {
            report.objectsFound = listing.objects.length;
            const fingerprint = listing.complete ? fingerprintOf(listing.objects, settings.importMode) : undefined;
            if (fingerprint)
                report.fingerprint = fingerprint;
            await checkObjects(location, settings, listing.objects, report);
        }
        const objectKey = objects?.[0]?.key ?? (location.folder ? `${location.key}data.csv` : location.key);
        await checkBucketPolicy(location, settings, objectKey);
    }
    catch (error) {
        // A runner that cannot reach S3 (a private network, a proxy that refuses it) says nothing of whether
        // Personalize, which reads the data itself, can: the checks step aside.
        if (!(error instanceof errors/* AwsError */.Gy && stepsAside(error)))
            throw error;
        const why = error.code === retry/* NO_ANSWER */.Dn
            ? `S3 gave ${error.message}`
            : error.code === NOT_S3
                ? `${error.operation} got ${error.message} (a proxy in the way?)`
                : `S3 cannot be reached from the runner (${error.code})`;
        settings.skip('the data checks', `${why}; set preflight: dataset to skip them`);
    }
    return report;
}
/** Faults after which the checks step aside: S3 out of reach, silent, or answering with what is not S3's. */
function stepsAside(error) {
    return errors/* UNREACHABLE_CODES */.E5.has(error.code) || error.code === retry/* NO_ANSWER */.Dn || error.code === NOT_S3;
}
function parseLocation(location) {
    const rest = location.slice('s3://'.length);
    const slash = rest.indexOf('/');
    return slash < 0 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}
/** The objects Personalize would import (a key, or the first level of a folder), or undefined if not listable. */
async function findObjects(location, settings) {
    const where = location.location;
    try {
        const listing = await location.listing();
        if (listing.subfolders > 0) {
            settings.findings.add({
                rule: 'subfolders',
                file: where,
                what: `${where} has ${(0,src_text/* plural */.LS)(listing.subfolders, 'subfolder')}: Personalize imports only the files at the first level of a folder`,
            });
        }
        return listing;
    }
    catch (error) {
        if (!(error instanceof errors/* AwsError */.Gy))
            throw error;
        if (error.httpStatus === 404 || error.code === 'NotFound' || error.code === 'NoSuchKey') {
            const { bucket, key } = location;
            if (error.code === 'NoSuchBucket')
                noData(settings, where, `the bucket ${bucket} does not exist`);
            else if (!location.folder && (await isFolder(location.client, location.caller, bucket, key))) {
                noData(settings, where, `no object ${key}; did you mean the folder ${key}/? A folder's location ends with /`);
            }
            else
                noData(settings, where, 'no such object');
            // One finding for one problem: nothing more is checked at a location without data.
            return undefined;
        }
        if ((0,errors/* isAccessDenied */.w7)(error) || error.httpStatus === 403) {
            const permission = location.folder ? 's3:ListBucket' : 's3:GetObject (HeadObject)';
            settings.skip('the data checks', `the credentials lack ${permission} (${where}: ${error.code})`);
            return undefined;
        }
        throw error;
    }
}
/** A key (HeadObject) or the first level of a folder (ListObjectsV2, every page within MAX_LIST_PAGES). */
async function listLocation(client, caller, bucket, key) {
    if (key !== '' && !key.endsWith('/')) {
        const head = await s3Answer(() => caller.call('HeadObject', signal => client.send(new dist_cjs/* HeadObjectCommand */.l81({ Bucket: bucket, Key: key }), { abortSignal: signal })), 
        // Every S3 object has an ETag and a modification time; a proxy's page in its place may have neither.
        answer => typeof answer.ETag === 'string' && answer.LastModified instanceof Date, 'HeadObject');
        return { objects: [{ key, size: head.ContentLength ?? 0, etag: head.ETag ?? '' }], subfolders: 0, complete: true };
    }
    return listFolder(client, caller, bucket, key);
}
/**
 * An answer that is S3's by its shape (a proxy or captive portal can answer 200 with a page of its own), asked
 * again while it is not, MISMATCH_ATTEMPTS times in all; then the checks step aside (NOT_S3), never judge.
 */
async function s3Answer(ask, isS3, operation) {
    for (let attempt = 1;; attempt++) {
        const answer = await ask();
        if (isS3(answer))
            return answer;
        if (attempt >= MISMATCH_ATTEMPTS) {
            throw new errors/* AwsError */.Gy(operation, NOT_S3, 'permanent', `an answer that is not S3's, ${MISMATCH_ATTEMPTS} times`, 200);
        }
    }
}
const NOT_S3 = 'NotS3Answer';
/** Whether objects lie under `key/`: a folder named without its trailing slash. */
async function isFolder(client, caller, bucket, key) {
    try {
        const output = await caller.call('ListObjectsV2', signal => client.send(new dist_cjs/* ListObjectsV2Command */.u6x({ Bucket: bucket, Prefix: `${key}/`, MaxKeys: 1 }), { abortSignal: signal }));
        return (output.Contents?.length ?? 0) > 0;
    }
    catch (error) {
        if (error instanceof errors/* AwsError */.Gy)
            return false;
        throw error;
    }
}
async function listFolder(client, caller, bucket, prefix) {
    const objects = [];
    let subfolders = 0;
    let token;
    for (let page = 1; page <= personalize/* MAX_LIST_PAGES */.rt; page++) {
        const from = token;
        const output = await s3Answer(() => caller.call('ListObjectsV2', signal => client.send(new dist_cjs/* ListObjectsV2Command */.u6x({
            Bucket: bucket,
            Prefix: prefix,
            Delimiter: '/',
            ...(from ? { ContinuationToken: from } : {}),
        }), { abortSignal: signal })), 
        // S3's listing names its bucket; a page that is not S3's parses to nothing at all.
        answer => answer.Name === bucket, 'ListObjectsV2');
        for (const item of output.Contents ?? []) {
            if (typeof item.Key !== 'string' || item.Key === prefix)
                continue;
            objects.push({
                key: item.Key,
                size: item.Size ?? 0,
                ...(typeof item.ETag === 'string' ? { etag: item.ETag } : {}),
            });
        }
        subfolders += output.CommonPrefixes?.length ?? 0;
        token = output.IsTruncated ? output.NextContinuationToken : undefined;
        if (!token)
            break;
    }
    objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { objects, subfolders, complete: token === undefined };
}
function noData(settings, where, why) {
    settings.findings.add({
        rule: 'no-data',
        file: where,
        what: `No data at ${where} (${why}): Personalize would find nothing to import`,
    });
}
async function checkObjects(location, settings, objects, report) {
    const { findings } = settings;
    const where = location.location;
    const withData = objects.filter(object => object.size > 0);
    if (objects.length > 0 && withData.length === 0)
        noData(settings, where, `${(0,src_text/* plural */.LS)(objects.length, 'object')}, all empty`);
    else if (objects.length === 0)
        noData(settings, where, 'no objects');
    if (withData.length === 0)
        return;
    const totalBytes = withData.reduce((sum, object) => sum + object.size, 0);
    const limit = MAX_IMPORT_BYTES[settings.importMode];
    if (totalBytes > limit) {
        findings.add({
            rule: 'import-size',
            file: where,
            what: `${where} holds ${(0,src_text/* formatBytes */.z3)(totalBytes)}; a ${settings.importMode} import takes at most ${(0,src_text/* formatBytes */.z3)(limit)}`,
        });
    }
    settings.info(`Data checks: ${(0,src_text/* plural */.LS)(withData.length, 'object')} with data at ${where} (${(0,src_text/* formatBytes */.z3)(totalBytes)})`);
    const full = settings.mode.kind === 'full';
    // A full read profiles large files of interactions in a worker thread, as local-data does.
    const thread = full ? new profile_thread/* ProfileThread */.c6() : undefined;
    const checker = new import_checker/* ImportChecker */.l(settings.schema, settings.datasetType, findings, thread, settings.collect);
    let complete;
    try {
        complete = full
            ? await checkEveryByte(location, settings, withData, checker, report)
            : await checkSample(location, settings, withData, checker, report);
    }
    finally {
        await thread?.close();
    }
    if (checker.profileLost)
        settings.warn(`The data profile was not made: ${checker.profileLost.message}`, 'Data profile not made');
    // A first line that is really data must not reach the outputs: names are kept only from a header.
    if (checker.shownHeader)
        report.header = checker.shownHeader;
    const counted = settings.mode.kind === 'athena' ? await countInAthena(location, settings, withData, checker) : undefined;
    if (counted) {
        report.objectsChecked = counted.objectsChecked;
        report.scannedBytes = counted.scannedBytes;
        checker.records = counted.records;
    }
    report.records = checker.records;
    report.complete = counted ? true : complete;
    const profile = counted ? checker.finishWith(where, true, counted.profile) : checker.finish(where, report.complete);
    if (profile)
        report.profile = profile;
}
/** data-checks: athena, after the sample: Athena's counts of every record, or undefined (the sample decides). */
async function countInAthena(location, settings, objects, checker) {
    if (settings.mode.kind !== 'athena')
        return undefined;
    // Athena's client is loaded only here: other runs never pay for it.
    const { checkInAthena } = await Promise.all(/* import() */[__webpack_require__.e(204), __webpack_require__.e(172)]).then(__webpack_require__.bind(__webpack_require__, 1172));
    const folder = location.folder ? location.key : location.key.slice(0, location.key.lastIndexOf('/') + 1);
    return checkInAthena({
        athena: settings.mode.athena,
        connection: settings.connection,
        findings: settings.findings,
        info: settings.info,
        warn: settings.warn,
    }, { bucket: location.bucket, folder, location: location.location }, objects, checker, (0,import_checker/* profileKind */.K)(settings.datasetType));
}
async function checkBucketPolicy(location, settings, objectKey) {
    const { client, caller, bucket } = location;
    const needed = location.folder ? ['s3:GetObject', 's3:ListBucket'] : ['s3:GetObject'];
    const text = await readBucketPolicy(client, caller, settings, bucket, needed, location.region);
    if (text === undefined)
        return;
    const partition = partitionOf(location.region);
    const accesses = needed.map(action => ({
        action,
        resource: `arn:${partition}:s3:::${bucket}${action === 's3:ListBucket' ? '' : `/${objectKey}`}`,
    }));
    const verdicts = evaluatePolicy(text, accesses);
    if (verdicts === undefined) {
        settings.skip('the bucket policy check', 'the bucket policy is not JSON');
        return;
    }
    reportVerdicts(settings, bucket, needed, verdicts, location.region);
}
/** The bucket's policy; undefined when there is none (a finding) or it may not be read (skipped, with why). */
async function readBucketPolicy(client, caller, settings, bucket, needed, region) {
    try {
        const output = await caller.call('GetBucketPolicy', signal => client.send(new dist_cjs/* GetBucketPolicyCommand */.mCJ({ Bucket: bucket }), { abortSignal: signal }));
        return output.Policy ?? '';
    }
    catch (error) {
        if (!(error instanceof errors/* AwsError */.Gy))
            throw error;
        if (error.code === 'NoSuchBucketPolicy') {
            warnPolicy(settings, bucket, `the bucket ${bucket} has no policy`, needed, region);
            return undefined;
        }
        if ((0,errors/* isAccessDenied */.w7)(error) || error.httpStatus === 403 || error.httpStatus === 405 || error.httpStatus === 501) {
            const other = error.httpStatus === 405 ? ' (the bucket may belong to another account)' : '';
            settings.skip('the bucket policy check', `the credentials lack s3:GetBucketPolicy (${error.code}${other})`);
            return undefined;
        }
        if (error.code === 'NoSuchBucket')
            return undefined; // said already, by the object checks
        throw error;
    }
}
/** A Deny or a missing grant is a finding; a grant under a Condition (which only AWS can judge) a notice. */
function reportVerdicts(settings, bucket, needed, verdicts, region) {
    const actions = (verdict) => needed.filter((_, i) => verdicts[i] === verdict).join(' and ');
    const principal = 'personalize.amazonaws.com';
    if (actions('denied')) {
        const what = `the policy of ${bucket} denies ${principal} ${actions('denied')}: Personalize cannot read the data`;
        warnPolicy(settings, bucket, what, needed, region);
    }
    else if (actions('missing')) {
        warnPolicy(settings, bucket, `the policy of ${bucket} does not allow ${principal} ${actions('missing')} on the data`, needed, region);
    }
    else if (actions('unknown')) {
        settings.notice(`The policy of ${bucket} grants or denies ${actions('unknown')} under a Condition or NotPrincipal, ` +
            'which this check cannot judge: whether Personalize may read the data is not known here.');
    }
}
function warnPolicy(settings, bucket, what, actions, region) {
    settings.findings.add({
        rule: 'bucket-policy',
        what: `${what}; Personalize reads the data as the service principal personalize.amazonaws.com, besides role-arn ` +
            `("Insufficient privileges for accessing data in S3"). Add the statement ` +
            personalizeStatement(bucket, actions, partitionOf(region)),
        file: `s3://${bucket}`,
    });
}


/***/ })

};

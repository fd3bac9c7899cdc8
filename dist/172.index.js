export const id = 172;
export const ids = [172];
export const modules = {

/***/ 1172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  checkInAthena: () => (/* binding */ checkInAthena)
});

// UNUSED EXPORTS: athenaRefusal, countsLine

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-athena/dist-cjs/index.js
var dist_cjs = __webpack_require__(2204);
// EXTERNAL MODULE: ./src/failure.ts
var failure = __webpack_require__(1633);
// EXTERNAL MODULE: ./src/aws/errors.ts
var errors = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/aws/http.ts
var http = __webpack_require__(5421);
// EXTERNAL MODULE: ./src/aws/retry.ts
var retry = __webpack_require__(2495);
;// CONCATENATED MODULE: ./src/aws/athena.ts






/** Status reads of a running query: at once, then 0.5 s doubling to 5 s (DDL takes about a second, the query minutes). */
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5000;
/** Stopping a query and dropping the table after cancellation or the deadline: this long at most. */
const CLEANUP_MS = 15_000;
class AthenaQueries {
    connection;
    settings;
    client;
    calls;
    constructor(connection, settings) {
        this.connection = connection;
        this.settings = settings;
        // The SDK's own reading of AWS_ENDPOINT_URL_ATHENA / AWS_ENDPOINT_URL, from the step's environment.
        const endpoint = connection.env?.AWS_ENDPOINT_URL_ATHENA ?? connection.env?.AWS_ENDPOINT_URL;
        this.client = new dist_cjs/* AthenaClient */.T7g({
            region: connection.region,
            ...(endpoint ? { endpoint } : {}),
            maxAttempts: 1,
            requestHandler: (0,http/* requestHandler */.OX)(connection),
            ...(connection.debugLog ? { logger: (0,http/* sdkLogger */.DA)(connection.debugLog) } : {}),
        });
        this.calls = { caller: new retry/* RetryingCaller */.OI(connection.policy), pacing: connection.policy.pacing };
    }
    /** Runs `sql` to its end; on cancellation or the deadline the query is stopped, then the error thrown. */
    async run(sql, calls = this.calls) {
        // The same token makes a second Start return the first one's query: one cut short by cancellation can be
        // found, and stopped.
        const token = (0,external_node_crypto_.randomUUID)();
        let id;
        try {
            id = await this.start(sql, token, calls);
        }
        catch (error) {
            if (error instanceof failure/* Cancelled */.cJ || error instanceof retry/* DeadlineReached */.h_)
                await this.stopStarted(sql, token);
            throw error;
        }
        try {
            return await this.waitFor(id, calls);
        }
        catch (error) {
            if (error instanceof failure/* Cancelled */.cJ || error instanceof retry/* DeadlineReached */.h_)
                await this.stop(id);
            throw error;
        }
    }
    async start(sql, token, calls) {
        const started = await calls.caller.call('StartQueryExecution', signal => this.client.send(new dist_cjs/* StartQueryExecutionCommand */.Wjk({
            QueryString: sql,
            ClientRequestToken: token,
            WorkGroup: this.settings.workgroup,
            ...(this.settings.outputLocation
                ? { ResultConfiguration: { OutputLocation: this.settings.outputLocation } }
                : {}),
        }), { abortSignal: signal }));
        if (!started.QueryExecutionId) {
            throw new errors/* AwsError */.Gy('StartQueryExecution', 'NoQueryExecutionId', 'permanent', 'Athena gave no query ID');
        }
        return started.QueryExecutionId;
    }
    /** Every row of a finished query's result, by column name (the first row of the first page names them). */
    async rows(id) {
        const rows = [];
        let names;
        let token;
        do {
            const page = await this.calls.caller.call('GetQueryResults', signal => this.client.send(new dist_cjs/* GetQueryResultsCommand */.sAK({
                QueryExecutionId: id,
                MaxResults: 1000,
                ...(token ? { NextToken: token } : {}),
            }), { abortSignal: signal }));
            for (const row of page.ResultSet?.Rows ?? []) {
                const values = (row.Data ?? []).map(datum => datum.VarCharValue);
                if (!names) {
                    names = values.map(value => value ?? '');
                    continue;
                }
                rows.push(Object.fromEntries(names.map((name, index) => [name, values[index]])));
            }
            token = page.NextToken;
        } while (token);
        return rows;
    }
    /** The calls of the clean-up after cancellation or the deadline: their own short time, not the step's. */
    cleanupCalls() {
        const { pacing } = this.connection.policy;
        const cleanup = { ...pacing, cancel: new AbortController().signal, deadline: pacing.clock.now() + CLEANUP_MS };
        return { caller: new retry/* RetryingCaller */.OI({ ...this.connection.policy, pacing: cleanup }), pacing: cleanup };
    }
    async waitFor(id, { caller, pacing }) {
        for (let reads = 0;; reads++) {
            const answer = await caller.call('GetQueryExecution', signal => this.client.send(new dist_cjs/* GetQueryExecutionCommand */.mRu({ QueryExecutionId: id }), { abortSignal: signal }));
            const execution = answer.QueryExecution;
            const state = execution?.Status?.State;
            if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') {
                const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage;
                return {
                    id,
                    state,
                    ...(reason ? { reason } : {}),
                    scannedBytes: execution?.Statistics?.DataScannedInBytes ?? 0,
                };
            }
            (0,retry/* checkTime */.AK)(pacing, 'the Athena query');
            await pacing.sleep(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** reads), pacing.cancel);
            (0,retry/* checkTime */.AK)(pacing, 'the Athena query');
        }
    }
    /** A Start cut short may have started the query: the same token finds it (or starts it), and it is stopped. */
    async stopStarted(sql, token) {
        try {
            await this.stop(await this.start(sql, token, this.cleanupCalls()));
        }
        catch {
            // Athena could not be asked in the clean-up's time: a query, if any, ends on its own.
        }
    }
    /** Stops a query cut short by cancellation or the deadline; a failure to stop it is not the step's outcome. */
    async stop(id) {
        try {
            await this.cleanupCalls().caller.call('StopQueryExecution', signal => this.client.send(new dist_cjs/* StopQueryExecutionCommand */.aaO({ QueryExecutionId: id }), { abortSignal: signal }));
        }
        catch {
            // The query ends on its own; the report says it was stopped only as far as this call went.
        }
    }
}

// EXTERNAL MODULE: ./src/text.ts
var src_text = __webpack_require__(8992);
// EXTERNAL MODULE: ./src/data/profile.ts
var data_profile = __webpack_require__(7641);
// EXTERNAL MODULE: ./src/data/rules.ts
var rules = __webpack_require__(8951);
;// CONCATENATED MODULE: ./src/data/athena-sql.ts


const ASTRAL = "'[\\x{10000}-\\x{10FFFF}]'";
const INTEGER = "'^-?[0-9]+$'";
const DECIMAL = "'^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?$'";
const SECONDS = "'^[0-9]{1,12}$'";
function athenaStatements(spec) {
    const width = spec.header.length + 1;
    const cells = Array.from({ length: width }, (_, i) => `c${i + 1}`);
    const table = `"${spec.database}"."${spec.table}"`;
    const createTable = `CREATE EXTERNAL TABLE \`${spec.database}\`.\`${spec.table}\` (${cells.map(c => `\`${c}\` string`).join(', ')})\n` +
        "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.OpenCSVSerde'\n" +
        "WITH SERDEPROPERTIES ('separatorChar' = ',', 'quoteChar' = '\"', 'escapeChar' = '\\\\')\n" +
        `STORED AS TEXTFILE\nLOCATION ${literal(spec.folder)}`;
    const counted = countedRules(spec.columns);
    const dims = dimensions(spec);
    const query = selectStatement(spec, table, cells, counted, dims);
    const sets = groupingSets(dims);
    return {
        createDatabase: `CREATE DATABASE IF NOT EXISTS \`${spec.database}\``,
        createTable,
        dropTable: `DROP TABLE IF EXISTS \`${spec.database}\`.\`${spec.table}\``,
        query,
        counted,
        sets,
    };
}
/** The profile's grouping columns: the object always, then users, items and event types of interactions. */
function dimensions(spec) {
    if (spec.profile !== 'interactions')
        return [];
    const upper = spec.header.map(name => name.toUpperCase());
    const [user, item, , event] = data_profile/* INTERACTION_COLUMNS */.ZJ.map(column => upper.indexOf(column));
    const dims = [];
    if ((user ?? -1) >= 0)
        dims.push({ name: 'u', cell: user ?? 0 });
    if ((item ?? -1) >= 0)
        dims.push({ name: 'i', cell: item ?? 0 });
    if ((event ?? -1) >= 0)
        dims.push({ name: 'e', cell: event ?? 0 });
    return dims;
}
/** grouping(path, u, i, e): a bit per argument, set when the row's set leaves it out (the last is bit 0). */
function groupingSets(dims) {
    const all = (1 << (dims.length + 1)) - 1;
    const bit = (index) => 1 << (dims.length - index);
    const sets = { path: all & ~bit(0) };
    dims.forEach((dim, index) => {
        const value = all & ~bit(index + 1);
        if (dim.name === 'u')
            sets.users = value;
        else if (dim.name === 'i')
            sets.items = value;
        else
            sets.events = value;
    });
    return sets;
}
function countedRules(columns) {
    const counted = [];
    for (const column of columns) {
        if (!column)
            continue;
        const add = (rule) => counted.push({ rule, column, name: `r${counted.length}` });
        if (!column.field.nullable)
            add(column.reserved ? 'empty-value' : 'metadata-empty');
        if (column.kind === rules/* Kind */.b8.Text)
            add(column.lengthRule);
        else
            add(column.reserved ? 'type' : 'metadata-type');
        if (column.kind === rules/* Kind */.b8.Integer && column.timestamp && column.field.type === 'long')
            add('timestamp-unit');
    }
    return counted;
}
/** The condition under which a well-formed record breaks `rule` in its column. */
function condition({ rule, column }) {
    const c = `c${column.position}`;
    switch (rule) {
        case 'empty-value':
        case 'metadata-empty':
            return `${c} = ''`;
        case 'type':
        case 'metadata-type':
            return `${c} <> '' AND ${typeBroken(c, column)}`;
        case 'timestamp-unit':
            return (`regexp_like(${c}, ${INTEGER}) AND try_cast(${c} AS bigint) IS NOT NULL AND ` +
                `abs(try_cast(${c} AS bigint)) > ${rules/* MAX_EPOCH_SECONDS */.D1}`);
        default: {
            // Characters as Personalize counts them: UTF-16 units, two for a character beyond the BMP.
            const max = column.maxLength;
            return `length(${c}) > ${Math.floor(max / 2)} AND length(${c}) + regexp_count(${c}, ${ASTRAL}) > ${max}`;
        }
    }
}
function typeBroken(c, column) {
    switch (column.kind) {
        case rules/* Kind */.b8.Integer: {
            const type = column.field.type === 'int' ? 'integer' : 'bigint';
            return `(NOT regexp_like(${c}, ${INTEGER}) OR try_cast(${c} AS ${type}) IS NULL)`;
        }
        case rules/* Kind */.b8.Decimal:
            return `NOT regexp_like(${c}, ${DECIMAL})`;
        default:
            return `${c} NOT IN ('true', 'false')`;
    }
}
function selectStatement(spec, table, cells, counted, dims) {
    const kind = rowKind(spec.header, cells.length);
    const paths = spec.paths.map(literal).join(', ');
    const read = `SELECT "$path" AS path, ${kind} AS kind, ${cells.slice(0, -1).join(', ')}\n` +
        `  FROM ${table} WHERE "$path" IN (${paths})`;
    const classified = `SELECT *${dims.map(dim => `, CASE WHEN kind = 'g' THEN c${dim.cell + 1} END AS ${dim.name}`).join('')} FROM parsed`;
    const time = timeCell(spec.header);
    const keys = ['path', ...dims.map(dim => dim.name)];
    const groups = `SELECT grouping(${keys.join(', ')}) AS set_id, ${keys.join(', ')}, ${measures(spec, counted, time).join(', ')}\n` +
        `  FROM classified GROUP BY GROUPING SETS (${keys.map(key => `(${key})`).join(', ')})`;
    // Rows of the user and item sets fold into one each; the object and event-type sets keep a row per value.
    return (`WITH parsed AS (\n  ${read}\n), classified AS (\n  ${classified}\n), grouped AS (\n  ${groups}\n)\n` +
        `SELECT ${folded(spec, counted, time, dims).join(', ')}\n` +
        `FROM (SELECT *, ${foldKey(dims)} AS fold FROM grouped) AS folded GROUP BY set_id, fold`);
}
/** h: the header line (recognised, not skipped), b: a blank line, x: another number of cells, g: a record to check. */
function rowKind(header, width) {
    const headerRow = header.map((name, i) => `c${i + 1} = ${literal(name)}`).join(' AND ');
    const blank = width > 2 ? `c1 = '' AND c2 IS NULL` : `c1 = ''`;
    return (`CASE WHEN ${headerRow} AND c${width} IS NULL THEN 'h' WHEN ${blank} THEN 'b' ` +
        `WHEN c${width - 1} IS NULL OR c${width} IS NOT NULL THEN 'x' ELSE 'g' END`);
}
/** What each group counts: rows by kind, every rule's breaks, the time range, blank metadata. */
function measures(spec, counted, time) {
    const seconds = (fn) => `${fn}(CASE WHEN kind = 'g' AND regexp_like(${time}, ${SECONDS}) THEN CAST(${time} AS bigint) END) AS t${fn}`;
    return [
        'count(*) AS n',
        "count_if(kind = 'h') AS headers",
        "count_if(kind = 'b') AS blanks",
        "count_if(kind = 'x') AS cells",
        "count_if(kind = 'g') AS good",
        ...counted.map(entry => `count_if(kind = 'g' AND ${condition(entry)}) AS ${entry.name}`),
        ...(time === undefined ? [] : [seconds('min'), seconds('max')]),
        ...spec.metadata.map(({ cell }, index) => `count_if(kind = 'g' AND c${cell + 1} = '') AS b${index}`),
    ];
}
/** The result's columns: the groups' counts summed, users and items counted as groups. */
function folded(spec, counted, time, dims) {
    const has = (name) => dims.some(dim => dim.name === name);
    const sums = ['n', 'headers', 'blanks', 'cells', 'good', ...counted.map(entry => entry.name)];
    sums.push(...spec.metadata.map((_, index) => `b${index}`));
    return [
        'set_id',
        'max(path) AS path',
        ...(has('e') ? ['max(e) AS e'] : []),
        ...sums.map(name => `sum(${name}) AS ${name}`),
        ...(time === undefined ? [] : ['min(tmin) AS tmin', 'max(tmax) AS tmax']),
        ...(has('u') ? ['count_if(u IS NOT NULL) AS users', 'count_if(u IS NOT NULL AND good >= 2) AS users_two'] : []),
        ...(has('i') ? ['count_if(i IS NOT NULL) AS items'] : []),
    ];
}
/** The key rows fold by: the object, or the event type; the user and item sets fold into one row each. */
function foldKey(dims) {
    return dims.some(dim => dim.name === 'e') ? 'coalesce(path, e)' : 'path';
}
/** The cell of TIMESTAMP, when the header has one: the time range's. */
function timeCell(header) {
    const cell = header.findIndex(name => name.toUpperCase() === 'TIMESTAMP');
    return cell < 0 ? undefined : `c${cell + 1}`;
}
/** A string literal of Athena's SQL: single quotes doubled. */
function literal(text) {
    return `'${text.replaceAll("'", "''")}'`;
}

// EXTERNAL MODULE: ./src/data/findings.ts + 1 modules
var data_findings = __webpack_require__(8043);
;// CONCATENATED MODULE: ./src/data/athena-check.ts










// data-checks: athena. The sample (the first MiB of up to 20 objects) has run: it gave the header, its rules per
// column, and example lines. Athena then counts every record of every object where the data is, and its counts
// replace the sample's for the rules it counts (records with another number of cells, blank lines, and every value
// rule), with the sample's example lines where the sample saw them; the profile becomes every record's. Any way
// the query cannot run (refused by max-scan-gb, a permission, a FAILED query) leaves the sample's verdict, with a
// warning; cancellation and the deadline stop the query and drop the table.
/** Athena's price: $5 per TB scanned (us-east-1; 10 MB at least per query). */
const USD_PER_TB = 5;
/** Where the checks may run on Athena: a header the schema's rules apply to, objects that are CSV text. */
function athenaRefusal(checker, findings) {
    if (!checker.shownHeader || !checker.columns.some(Boolean)) {
        return 'the first object has no header naming fields of the schema, so no column can be checked';
    }
    if (findings.list.some(finding => finding.rule === 'file-format'))
        return 'some objects are not CSV text';
    return undefined;
}
async function checkInAthena(settings, where, objects, checker, profile) {
    const bytes = objects.reduce((sum, object) => sum + object.size, 0);
    const { athena } = settings;
    if (bytes > athena.maxScanBytes) {
        settings.warn(`The Athena check was not run: ${where.location} holds ${gigabytes(bytes)}, more than max-scan-gb ` +
            `(${gigabytes(athena.maxScanBytes)}). The sampled checks decide; raise max-scan-gb to check all of it.`, 'Athena check refused');
        return undefined;
    }
    const refusal = athenaRefusal(checker, settings.findings);
    if (refusal) {
        settings.warn(`The Athena check was not run: ${refusal}. The sampled checks decide.`, 'Athena check not run');
        return undefined;
    }
    const job = prepare(settings, where, objects, checker, profile);
    settings.info(`Data checks: Athena scans ${(0,src_text/* formatBytes */.z3)(bytes)} in ${(0,src_text/* plural */.LS)(objects.length, 'object')} ` +
        `(about $${((bytes / 1e12) * USD_PER_TB).toFixed(4)} at $${USD_PER_TB} per TB), in the table ` +
        `${athena.database}.${job.table} of workgroup ${athena.workgroup}`);
    const rows = await runJob(settings, job);
    if (!rows)
        return undefined;
    const split = settings.findings.list.filter(finding => finding.rule === 'line-break-in-value');
    if (split.length > 0) {
        settings.warn(`Athena reads a line at a time: in ${split.map(finding => finding.file).join(', ')}, a quoted value with a ` +
            'line break splits its record, so the counts of records with another number of cells include the pieces', 'Athena counts split records');
    }
    return applyCounts(settings.findings, job.statements, rows.rows, checker, rows.scannedBytes);
}
function prepare(settings, where, objects, checker, profile) {
    const header = checker.header ?? [];
    const table = `import_check_${Date.now().toString(36)}_${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    const statements = athenaStatements({
        database: settings.athena.database,
        table,
        folder: `s3://${where.bucket}/${where.folder}`,
        paths: objects.map(object => `s3://${where.bucket}/${object.key}`),
        header,
        columns: checker.columns,
        profile,
        metadata: profile === 'metadata' ? (0,rules/* metadataColumns */.R5)(header) : [],
    });
    return { queries: new AthenaQueries(settings.connection, settings.athena), statements, table };
}
/** The table made, the query run, the table dropped on every way out; undefined when Athena could not answer. */
async function runJob(settings, job) {
    const { queries, statements } = job;
    let made = false;
    let cut = false;
    try {
        await succeeded(queries.run(statements.createDatabase), 'creating the database');
        made = true;
        await succeeded(queries.run(statements.createTable), 'creating the table');
        const end = await succeeded(queries.run(statements.query), 'the query');
        settings.info(`Data checks: Athena scanned ${(0,src_text/* formatBytes */.z3)(end.scannedBytes)}`);
        return { rows: await queries.rows(end.id), scannedBytes: end.scannedBytes };
    }
    catch (error) {
        if (error instanceof failure/* Cancelled */.cJ || error instanceof retry/* DeadlineReached */.h_) {
            cut = true;
            throw error;
        }
        if (!(error instanceof AthenaFailed || error instanceof errors/* AwsError */.Gy))
            throw error;
        settings.warn(`The Athena check did not run: ${whyNot(error)}. The sampled checks decide.`, 'Athena check failed');
        return undefined;
    }
    finally {
        if (made)
            await dropTable(settings, job, cut ? queries.cleanupCalls() : undefined);
    }
}
class AthenaFailed extends Error {
}
/**
 * Athena's reason with what it quotes left out: a reason such as HIVE_BAD_DATA may quote a value of the data, which
 * never reaches a log.
 */
function withoutValues(reason) {
    return (0,src_text/* capText */.yA)(reason.replace(/'[^']*'|"[^"]*"/g, '(quoted)'), 300);
}
/** Why Athena could not answer, and what to do where that is known. */
function whyNot(error) {
    if (error instanceof AthenaFailed)
        return error.message;
    const said = `${error.operation} failed (${error.code}: ${withoutValues(error.message)})`;
    if (/output location/i.test(error.message))
        return `${said}; set athena-output-location`;
    if ((0,errors/* isAccessDenied */.w7)(error)) {
        return `${said}; the credentials need athena:${error.operation} on the workgroup and the Glue and S3 permissions of the README's IAM table`;
    }
    return said;
}
/** Sizes against max-scan-gb, in its unit. */
function gigabytes(bytes) {
    return `${Number((bytes / 1e9).toPrecision(3))} GB`;
}
async function succeeded(running, what) {
    const end = await running;
    if (end.state !== 'SUCCEEDED') {
        throw new AthenaFailed(`${what} ended ${end.state}${end.reason ? ` (${withoutValues(end.reason)})` : ''}`);
    }
    return end;
}
async function dropTable(settings, job, calls) {
    const name = `${settings.athena.database}.${job.table}`;
    try {
        const end = await job.queries.run(job.statements.dropTable, calls);
        if (end.state === 'SUCCEEDED')
            return;
        settings.warn(`The table ${name} was not dropped (${end.state}): drop it yourself`, 'Athena table left');
    }
    catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        settings.warn(`The table ${name} was not dropped (${why}): drop it yourself`, 'Athena table left');
    }
}
function applyCounts(findings, statements, rows, checker, scannedBytes) {
    const number = (row, name) => Number(row?.[name] ?? 0);
    const perObject = [];
    for (const row of rows.filter(row => number(row, 'set_id') === statements.sets.path)) {
        const path = row.path ?? '';
        if (number(row, 'headers') === 0) {
            unrecognised(findings, path, checker);
            continue;
        }
        const records = number(row, 'n') - number(row, 'headers') - number(row, 'blanks');
        perObject.push({ path, records, good: number(row, 'good'), row });
    }
    const checked = new Set(perObject.map(object => object.path));
    const sampled = findings.take(finding => checked.has(finding.file) && COUNTED.has(finding.rule));
    const examples = new Map(sampled.map(finding => [(0,data_findings/* keyOf */.TN)(finding), finding]));
    const width = checker.header?.length ?? 0;
    for (const object of perObject) {
        const put = (rule, count, counted) => {
            if (count === 0)
                return;
            const seen = examples.get((0,data_findings/* keyOf */.TN)({ file: object.path, rule, field: counted?.column.field.name }));
            const column = counted?.column;
            findings.put({
                rule,
                file: object.path,
                what: seen?.what ?? (0,rules/* countedWhat */.L8)(rule, column, width),
                ...(seen?.line === undefined ? {} : { line: seen.line }),
                ...(column ? { field: column.field.name, position: column.position, type: column.field.type } : {}),
            }, count, object.records, seen?.examples ?? []);
        };
        put('blank-line', number(object.row, 'blanks'));
        put('cell-count', number(object.row, 'cells'));
        for (const counted of statements.counted)
            put(counted.rule, number(object.row, counted.name), counted);
    }
    const records = perObject.reduce((sum, object) => sum + object.records, 0);
    const good = perObject.reduce((sum, object) => sum + object.good, 0);
    return {
        records,
        objectsChecked: perObject.length,
        scannedBytes,
        profile: profileOf(statements, rows, records, good, checker),
    };
}
/** The rules whose counts Athena gives: the sample's findings of them are replaced. */
const COUNTED = new Set(['blank-line', 'cell-count', ...rules/* VALUE_RULES */.mb]);
/** An object whose line 1 is not the first object's header: Athena's counts of it would be of other columns. */
function unrecognised(findings, path, checker) {
    if (findings.list.some((finding) => finding.file === path && finding.rule === 'header-mismatch'))
        return;
    findings.add({
        rule: 'header-mismatch',
        file: path,
        line: 1,
        what: `Line 1 differs from the header of the first object (${checker.header?.length ?? 0} columns), so its records were not counted`,
    });
}
function profileOf(statements, rows, records, good, checker) {
    const { sets } = statements;
    const bySet = (set) => set === undefined ? [] : rows.filter(row => Number(row.set_id ?? -1) === set);
    const objects = bySet(sets.path);
    if (objects.length === 0)
        return undefined;
    const profile = { scope: 'all', records, ...(good < records ? { profiledRecords: good } : {}) };
    const exact = (value) => ({ value: Number(value ?? 0), exact: true });
    const users = bySet(sets.users)[0];
    if (users) {
        profile.users = exact(users.users);
        profile.usersWithTwo = exact(users.users_two);
    }
    const items = bySet(sets.items)[0];
    if (items)
        profile.items = exact(items.items);
    const first = Math.min(...objects.map(row => (row.tmin ? Number(row.tmin) : Number.POSITIVE_INFINITY)));
    const last = Math.max(...objects.map(row => (row.tmax ? Number(row.tmax) : Number.NEGATIVE_INFINITY)));
    if (Number.isFinite(first)) {
        profile.firstEvent = new Date(first * 1000).toISOString().slice(0, 10);
        profile.lastEvent = new Date(last * 1000).toISOString().slice(0, 10);
    }
    const events = bySet(sets.events).filter(row => row.e);
    if (events.length > 0) {
        profile.eventTypes = (0,data_profile/* topEventTypes */.zD)(events.map(row => ({ type: row.e ?? '', count: Number(row.good ?? 0) })));
    }
    const blankShare = blankShares(objects, checker, good);
    if (blankShare)
        profile.blankShare = blankShare;
    return profile;
}
function blankShares(objects, checker, good) {
    const metadata = (0,rules/* metadataColumns */.R5)(checker.header ?? []);
    const shares = {};
    metadata.forEach(({ name }, index) => {
        const blank = objects.reduce((sum, row) => sum + Number(row[`b${index}`] ?? 0), 0);
        if (blank > 0)
            shares[name] = Math.round((blank / good) * 1000) / 1000;
    });
    return Object.keys(shares).length > 0 ? shares : undefined;
}
/** "1,234 records in 3 objects": Athena's count, for the log. */
function countsLine(counts) {
    return `Data checks: Athena counted ${thousands(counts.records)} records in ${plural(counts.objectsChecked, 'object')}`;
}


/***/ })

};

// @ts-check
// Amazon Athena for the tests and the demo, on loopback: the JSON protocol (AmazonAthena.*), a catalog of databases
// and external tables kept from the DDL it is sent, and SELECTs run by an embedded SQL engine (DuckDB) over the S3
// emulator's objects, read as Athena's OpenCSVSerde reads them: a line at a time, opencsv's quoting and escapes,
// missing cells NULL, extra cells dropped, "$path" per row. Query states move per status read (QUEUED, RUNNING,
// then the end), never by the clock; a test can hold queries RUNNING, make the next ones FAIL, and see the tables.
import { randomUUID } from 'node:crypto'
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { DuckDBInstance } from '@duckdb/node-api'
import { FaultPlan, faultError, LoopbackServer, readBody, ServiceError, send, sigV4Scope } from './http.mjs'

/**
 * @typedef {{ id: string, sql: string, workgroup: string, state: string, reason?: string, reads: number,
 *   scanned: number, columns: string[], rows: Array<Array<string | undefined>>,
 *   finished?: boolean, failedWith?: string }} Query
 * @typedef {{ database: string, table: string, location: string, columns: string[] }} Table
 */

/** Trino's names for what DuckDB calls otherwise, so the action's SQL runs as written. */
const TRINO_MACROS = [
  'CREATE MACRO regexp_like(s, p) AS regexp_matches(s, p)',
  'CREATE MACRO regexp_count(s, p) AS len(regexp_extract_all(s, p))',
]

export class AthenaEmulator {
  /** @param {{ s3: import('./s3.mjs').S3Emulator, workgroupsWithOutput?: string[] }} options */
  constructor(options) {
    this.s3 = options.s3
    /** Workgroups that set their own results location (Start without OutputLocation works only there). */
    this.workgroupsWithOutput = new Set(options.workgroupsWithOutput ?? ['primary'])
    /** @type {Map<string, Query>} */
    this.queries = new Map()
    /** @type {Map<string, Query>} by ClientRequestToken */
    this.tokens = new Map()
    /** @type {Set<string>} */
    this.databases = new Set(['default'])
    /** @type {Map<string, Table>} by database.table */
    this.tables = new Map()
    /** @type {Array<{ operation: string, body: any }>} */
    this.requests = []
    this.faults = new FaultPlan()
    /** @type {RegExp | undefined} queries whose SQL matches stay RUNNING (a test cancels them, or times out) */
    this.holdRunning = undefined
    /** @type {Array<{ match: RegExp, reason: string }>} the next query whose SQL matches ends FAILED */
    this.failures = []
    /** The queries' work, one after another. */
    this.running = Promise.resolve()
    /** @type {Array<() => void>} who waits for a query to start */
    this.onStart = []
    this.server = new LoopbackServer((req, res) => this.handle(req, res))
    /** @type {Promise<import('@duckdb/node-api').DuckDBConnection> | undefined} */
    this.engine = undefined
  }

  get url() {
    return this.server.url
  }

  async start() {
    await this.server.listen()
    return this
  }

  async close() {
    await this.server.close()
    await this.running
    const engine = await this.engine
    engine?.closeSync()
  }

  /** The next query whose SQL matches `match` ends FAILED with `reason`. @param {RegExp} match @param {string} reason */
  failNext(match, reason) {
    this.failures.push({ match, reason })
  }

  /** Resolves once a query whose SQL matches `match` has been started. @param {RegExp} match */
  whenStarted(match) {
    return new Promise(resolve => {
      const look = () => {
        if ([...this.queries.values()].some(query => match.test(query.sql))) resolve(undefined)
        else this.onStart.push(look)
      }
      look()
    })
  }

  /** @param {string} operation */
  requestsFor(operation) {
    return this.requests.filter(request => request.operation === operation)
  }

  /** The SQL of every query started, in order. */
  get statements() {
    return [...this.queries.values()].map(query => query.sql)
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async handle(req, res) {
    const target = String(req.headers['x-amz-target'] ?? '')
    const operation = target.replace(/^AmazonAthena\./, '')
    const text = await readBody(req)
    let status = 200
    /** @type {any} */
    let payload
    const fault = this.faults.take(operation)
    try {
      const scope = sigV4Scope(req.headers)
      if (scope.service !== 'athena')
        throw new ServiceError('InvalidSignatureException', `signed for ${scope.service}`, 403)
      const body = text ? JSON.parse(text) : {}
      this.requests.push({ operation, body })
      const error = fault ? faultError(fault) : undefined
      if (error) throw error
      payload = await this.answer(operation, body)
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error
      status = error.status
      payload = { __type: error.type, message: error.message }
    }
    const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': randomUUID() }
    await send(req, res, { status, headers, body: JSON.stringify(payload) }, fault)
  }

  /** @param {string} operation @param {any} body */
  async answer(operation, body) {
    switch (operation) {
      case 'StartQueryExecution':
        return this.startQuery(body)
      case 'GetQueryExecution':
        return { QueryExecution: this.readQuery(this.query(body.QueryExecutionId)) }
      case 'GetQueryResults':
        return this.results(this.query(body.QueryExecutionId), body)
      case 'StopQueryExecution': {
        const query = this.query(body.QueryExecutionId)
        if (query.state === 'QUEUED' || query.state === 'RUNNING') query.state = 'CANCELLED'
        return {}
      }
      default:
        throw new ServiceError('UnknownOperationException', `unknown operation ${operation}`)
    }
  }

  /** @param {any} body */
  startQuery(body) {
    const sql = String(body.QueryString ?? '')
    const workgroup = String(body.WorkGroup ?? 'primary')
    if (!body.ResultConfiguration?.OutputLocation && !this.workgroupsWithOutput.has(workgroup)) {
      throw new ServiceError(
        'InvalidRequestException',
        'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.',
      )
    }
    // A token seen before, with the same SQL, is the same query (Athena's idempotent Start).
    const token = body.ClientRequestToken ? String(body.ClientRequestToken) : undefined
    const earlier = token ? this.tokens.get(token) : undefined
    if (earlier && earlier.sql === sql) return { QueryExecutionId: earlier.id }
    const id = randomUUID()
    /** @type {Query} */
    const query = {
      id,
      sql,
      workgroup,
      state: 'QUEUED',
      reads: 0,
      scanned: 0,
      columns: [],
      rows: [],
    }
    const failure = this.failures.findIndex(entry => entry.match.test(sql))
    if (failure >= 0) {
      const [entry] = this.failures.splice(failure, 1)
      query.reason = entry?.reason ?? 'failed'
      query.state = 'FAILED'
    } else {
      // DDL only changes the catalog; SELECTs run one at a time, as DuckDB's one connection takes them.
      if (/^(WITH|SELECT)\b/.test(sql)) this.running = this.running.then(() => this.execute(query))
      else void this.execute(query)
    }
    this.queries.set(id, query)
    if (token) this.tokens.set(token, query)
    for (const look of this.onStart.splice(0)) look()
    return { QueryExecutionId: id }
  }

  /** @param {string} id */
  query(id) {
    const query = this.queries.get(String(id))
    if (!query) throw new ServiceError('InvalidRequestException', `QueryExecution ${id} was not found`)
    return query
  }

  /** A status read: QUEUED, then RUNNING, then the end once the work is done. @param {Query} query */
  readQuery(query) {
    query.reads += 1
    if (query.state === 'QUEUED') query.state = 'RUNNING'
    else if (query.state === 'RUNNING' && !this.holdRunning?.test(query.sql) && query.reads > 1 && query.finished) {
      query.state = query.failedWith === undefined ? 'SUCCEEDED' : 'FAILED'
      if (query.failedWith !== undefined) query.reason = query.failedWith
    }
    return {
      QueryExecutionId: query.id,
      Query: query.sql,
      WorkGroup: query.workgroup,
      Status: { State: query.state, ...(query.reason ? { StateChangeReason: query.reason } : {}) },
      Statistics: { DataScannedInBytes: query.scanned },
    }
  }

  /** @param {Query} query @param {any} body */
  results(query, body) {
    if (query.state !== 'SUCCEEDED') {
      throw new ServiceError('InvalidRequestException', `Query has not yet finished. Current state: ${query.state}`)
    }
    const max = Math.min(1000, Number(body.MaxResults ?? 1000))
    const offset = Number(body.NextToken ?? 0)
    // The first page starts with the column names, as Athena's does.
    const all = [query.columns, ...query.rows]
    const page = all.slice(offset, offset + max)
    const next = offset + max < all.length ? String(offset + max) : undefined
    return {
      ResultSet: {
        Rows: page.map(row => ({ Data: row.map(value => (value === undefined ? {} : { VarCharValue: value })) })),
        ResultSetMetadata: { ColumnInfo: query.columns.map(name => ({ Name: name, Type: 'varchar' })) },
      },
      ...(next ? { NextToken: next } : {}),
    }
  }

  /** DDL changes the catalog; a SELECT runs on DuckDB over the tables it names. @param {Query} query */
  async execute(query) {
    const sql = query.sql
    try {
      const database = /^CREATE DATABASE IF NOT EXISTS `(\w+)`$/.exec(sql)
      const table =
        /^CREATE EXTERNAL TABLE `(\w+)`\.`(\w+)` \((.*)\)\nROW FORMAT SERDE 'org\.apache\.hadoop\.hive\.serde2\.OpenCSVSerde'\nWITH SERDEPROPERTIES \('separatorChar' = ',', 'quoteChar' = '"', 'escapeChar' = '\\\\'\)\nSTORED AS TEXTFILE\nLOCATION '(s3:\/\/[^']+\/)'$/.exec(
          sql,
        )
      const drop = /^DROP TABLE IF EXISTS `(\w+)`\.`(\w+)`$/.exec(sql)
      if (database) this.databases.add(database[1] ?? '')
      else if (table) this.createTable(table)
      else if (drop) this.tables.delete(`${drop[1]}.${drop[2]}`)
      else if (/^(WITH|SELECT)\b/.test(sql)) await this.select(query)
      else throw new Error(`line 1:1: mismatched input: the emulator does not know this statement`)
    } catch (error) {
      query.failedWith = error instanceof Error ? error.message : String(error)
    }
    query.finished = true
  }

  /** @param {RegExpExecArray} match */
  createTable(match) {
    const [, database = '', name = '', columns = '', location = ''] = match
    if (!this.databases.has(database))
      throw new Error(`FAILED: SemanticException [Error 10072]: Database does not exist: ${database}`)
    if (this.tables.has(`${database}.${name}`))
      throw new Error(`FAILED: AlreadyExistsException: Table ${name} already exists`)
    const names = [...columns.matchAll(/`(\w+)` string/g)].map(m => m[1] ?? '')
    this.tables.set(`${database}.${name}`, { database, table: name, location, columns: names })
  }

  /** @param {Query} query */
  async select(query) {
    const engine = await this.connection()
    for (const [, database = '', name = ''] of query.sql.matchAll(/"(\w+)"\."(\w+)"/g)) {
      const table = this.tables.get(`${database}.${name}`)
      if (!table)
        throw new Error(`TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${database}.${name}' does not exist`)
      query.scanned += await this.load(engine, table)
    }
    const reader = await engine.runAndReadAll(query.sql)
    query.columns = reader.columnNames()
    query.rows = reader.getRows().map(row => row.map(value => (value === null ? undefined : String(value))))
  }

  /**
   * The table's rows in DuckDB, read from every object under its location; the bytes read.
   * @param {import('@duckdb/node-api').DuckDBConnection} engine @param {Table} table
   */
  async load(engine, table) {
    const columns = table.columns.map(name => `"${name}" VARCHAR`).join(', ')
    await engine.run(`CREATE SCHEMA IF NOT EXISTS "${table.database}"`)
    await engine.run(`CREATE OR REPLACE TABLE "${table.database}"."${table.table}" ("$path" VARCHAR, ${columns})`)
    const appender = await engine.createAppender(table.table, table.database)
    let scanned = 0
    for (const { key, body } of await this.objects(table.location)) {
      scanned += body.length
      const path = `s3://${table.location.slice(5).split('/')[0]}/${key}`
      for (const line of lines(body.toString('utf8'))) {
        const cells = openCsvCells(line)
        appender.appendVarchar(path)
        for (let i = 0; i < table.columns.length; i++) {
          const cell = cells[i]
          if (cell === undefined) appender.appendNull()
          else appender.appendVarchar(cell)
        }
        appender.endRow()
      }
    }
    appender.closeSync()
    return scanned
  }

  /** Every object under an s3:// folder, subfolders included (Athena reads them too). @param {string} location */
  async objects(location) {
    const [bucket = '', ...rest] = location.slice(5).split('/')
    const prefix = rest.join('/')
    const found = []
    /** @type {string | undefined} */
    let token
    do {
      /** @type {import('@aws-sdk/client-s3').ListObjectsV2CommandOutput} */
      const page = await this.s3.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      )
      for (const object of page.Contents ?? []) {
        const answer = await this.s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }))
        const bytes = await answer.Body?.transformToByteArray()
        found.push({ key: object.Key ?? '', body: Buffer.from(bytes ?? []) })
      }
      token = page.NextContinuationToken
    } while (token)
    return found
  }

  connection() {
    this.engine ??= (async () => {
      const instance = await DuckDBInstance.create(':memory:')
      const connection = await instance.connect()
      for (const macro of TRINO_MACROS) await connection.run(macro)
      return connection
    })()
    return this.engine
  }
}

/** Lines as Hadoop's line reader splits them: at \n, \r\n or \r; no line after a final break. @param {string} text */
function lines(text) {
  const all = text.split(/\r\n|\n|\r/)
  if (all.at(-1) === '') all.pop()
  return all
}

/**
 * One line's cells as opencsv 2.3 (OpenCSVSerde's reader) parses them: separator ',', quote '"', escape '\': a
 * quote or escape after the escape is taken as it is, and an escape before anything else is dropped; "" inside
 * quotes is a quote; a quote inside an unquoted value is kept; a value whose quote never closes is lost with the
 * rest of the line.
 * @param {string} line
 */
export function openCsvCells(line) {
  const state = { cells: /** @type {string[]} */ ([]), value: '', inQuotes: false, inField: false }
  for (let i = 0; i < line.length; i++) i += openCsvStep(line, i, state)
  if (!state.inQuotes) state.cells.push(state.value)
  return state.cells
}

/**
 * One character of opencsv's loop; returns 1 when it took the next character too.
 * @param {string} line @param {number} i
 * @param {{ cells: string[], value: string, inQuotes: boolean, inField: boolean }} state
 */
function openCsvStep(line, i, state) {
  const c = line[i]
  const next = line[i + 1]
  const escapable = (state.inQuotes || state.inField) && (next === '"' || (c === '\\' && next === '\\'))
  if (c === '\\' || (c === '"' && escapable)) {
    if (!escapable) return 0
    state.value += next
    return 1
  }
  if (c === '"') {
    state.inQuotes = !state.inQuotes
    if (i > 2 && line[i - 1] !== ',' && next !== undefined && next !== ',') state.value += c
    state.inField = !state.inField
  } else if (c === ',' && !state.inQuotes) {
    state.cells.push(state.value)
    state.value = ''
    state.inField = false
  } else {
    state.value += c
    state.inField = true
  }
  return 0
}

/** @param {{ s3: import('./s3.mjs').S3Emulator, workgroupsWithOutput?: string[] }} options */
export async function startAthena(options) {
  return new AthenaEmulator(options).start()
}

import { randomUUID } from 'node:crypto'
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena'
import { Cancelled } from '../failure.js'
import type { Pacing } from '../pacing.js'
import { AwsError } from './errors.js'
import { type HttpSettings, requestHandler, sdkLogger } from './http.js'
import { checkTime, DeadlineReached, RetryingCaller, type RetryPolicy } from './retry.js'

// Queries on Amazon Athena under the step's retry policy: start one, wait for its end (the step's deadline and
// cancellation between status reads, which stop the query), read its result rows page by page. Loaded only by
// `data-checks: athena` (its own bundle chunk).

export interface AthenaConnection extends HttpSettings {
  region: string
  policy: RetryPolicy
}

/** Where queries run: the workgroup, and the results location when the workgroup sets none. */
export interface AthenaPlace {
  workgroup: string
  outputLocation?: string
}

/** How a query ended. */
export interface QueryEnd {
  id: string
  state: 'SUCCEEDED' | 'FAILED' | 'CANCELLED'
  reason?: string
  scannedBytes: number
}

/** A result row by column name; Athena gives every value as text. */
export type ResultRow = Record<string, string | undefined>

/** Status reads of a running query: at once, then 0.5 s doubling to 5 s (DDL takes about a second, the query minutes). */
const FIRST_POLL_MS = 500
const MAX_POLL_MS = 5000
/** Stopping a query and dropping the table after cancellation or the deadline: this long at most. */
export const CLEANUP_MS = 15_000

/** The calls of a query and the time they have: the step's, or the clean-up's own. */
export interface QueryCalls {
  caller: RetryingCaller
  pacing: Pacing
}

export class AthenaQueries {
  private readonly client: AthenaClient
  private readonly calls: QueryCalls

  constructor(
    private readonly connection: AthenaConnection,
    private readonly settings: AthenaPlace,
  ) {
    // The SDK's own reading of AWS_ENDPOINT_URL_ATHENA / AWS_ENDPOINT_URL, from the step's environment.
    const endpoint = connection.env?.AWS_ENDPOINT_URL_ATHENA ?? connection.env?.AWS_ENDPOINT_URL
    this.client = new AthenaClient({
      region: connection.region,
      ...(endpoint ? { endpoint } : {}),
      maxAttempts: 1,
      requestHandler: requestHandler(connection),
      ...(connection.debugLog ? { logger: sdkLogger(connection.debugLog) } : {}),
    })
    this.calls = { caller: new RetryingCaller(connection.policy), pacing: connection.policy.pacing }
  }

  /** Runs `sql` to its end; on cancellation or the deadline the query is stopped, then the error thrown. */
  async run(sql: string, calls = this.calls): Promise<QueryEnd> {
    // The same token makes a second Start return the first one's query: one cut short by cancellation can be
    // found, and stopped.
    const token = randomUUID()
    let id: string
    try {
      id = await this.start(sql, token, calls)
    } catch (error) {
      if (error instanceof Cancelled || error instanceof DeadlineReached) await this.stopStarted(sql, token)
      throw error
    }
    try {
      return await this.waitFor(id, calls)
    } catch (error) {
      if (error instanceof Cancelled || error instanceof DeadlineReached) await this.stop(id)
      throw error
    }
  }

  private async start(sql: string, token: string, calls: QueryCalls): Promise<string> {
    const started = await calls.caller.call('StartQueryExecution', signal =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          ClientRequestToken: token,
          WorkGroup: this.settings.workgroup,
          ...(this.settings.outputLocation
            ? { ResultConfiguration: { OutputLocation: this.settings.outputLocation } }
            : {}),
        }),
        { abortSignal: signal },
      ),
    )
    if (!started.QueryExecutionId) {
      throw new AwsError('StartQueryExecution', 'NoQueryExecutionId', 'permanent', 'Athena gave no query ID')
    }
    return started.QueryExecutionId
  }

  /** Every row of a finished query's result, by column name (the first row of the first page names them). */
  async rows(id: string): Promise<ResultRow[]> {
    const rows: ResultRow[] = []
    let names: string[] | undefined
    let token: string | undefined
    do {
      const page = await this.calls.caller.call('GetQueryResults', signal =>
        this.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: id,
            MaxResults: 1000,
            ...(token ? { NextToken: token } : {}),
          }),
          { abortSignal: signal },
        ),
      )
      for (const row of page.ResultSet?.Rows ?? []) {
        const values = (row.Data ?? []).map(datum => datum.VarCharValue)
        if (!names) {
          names = values.map(value => value ?? '')
          continue
        }
        rows.push(Object.fromEntries(names.map((name, index) => [name, values[index]])))
      }
      token = page.NextToken
    } while (token)
    return rows
  }

  /** The calls of the clean-up after cancellation or the deadline: their own short time, not the step's. */
  cleanupCalls(): QueryCalls {
    const { pacing } = this.connection.policy
    const cleanup = { ...pacing, cancel: new AbortController().signal, deadline: pacing.clock.now() + CLEANUP_MS }
    return { caller: new RetryingCaller({ ...this.connection.policy, pacing: cleanup }), pacing: cleanup }
  }

  private async waitFor(id: string, { caller, pacing }: QueryCalls): Promise<QueryEnd> {
    for (let reads = 0; ; reads++) {
      const answer = await caller.call('GetQueryExecution', signal =>
        this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: signal }),
      )
      const execution = answer.QueryExecution
      const state = execution?.Status?.State
      if (state === 'SUCCEEDED' || state === 'FAILED' || state === 'CANCELLED') {
        const reason = execution?.Status?.StateChangeReason ?? execution?.Status?.AthenaError?.ErrorMessage
        return {
          id,
          state,
          ...(reason ? { reason } : {}),
          scannedBytes: execution?.Statistics?.DataScannedInBytes ?? 0,
        }
      }
      checkTime(pacing, 'the Athena query')
      await pacing.sleep(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** reads), pacing.cancel)
      checkTime(pacing, 'the Athena query')
    }
  }

  /** A Start cut short may have started the query: the same token finds it (or starts it), and it is stopped. */
  private async stopStarted(sql: string, token: string): Promise<void> {
    try {
      await this.stop(await this.start(sql, token, this.cleanupCalls()))
    } catch {
      // Athena could not be asked in the clean-up's time: a query, if any, ends on its own.
    }
  }

  /** Stops a query cut short by cancellation or the deadline; a failure to stop it is not the step's outcome. */
  private async stop(id: string): Promise<void> {
    try {
      await this.cleanupCalls().caller.call('StopQueryExecution', signal =>
        this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }), { abortSignal: signal }),
      )
    } catch {
      // The query ends on its own; the report says it was stopped only as far as this call went.
    }
  }
}

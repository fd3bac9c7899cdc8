import type { AwsError } from '../aws/errors.js'
import { IN_FLIGHT_STATUSES, TERMINAL_FAILURE, TERMINAL_SUCCESS } from '../aws/model.js'
import type { ImportJob } from '../aws/personalize.js'
import type { Pacing } from '../pacing.js'
import { capText } from '../text.js'
import { type PollEvents, pollUntil } from './poll.js'

// Waiting for an import job: ACTIVE is success, CREATE FAILED failure, any other status still running.

export function isTerminal(status: string | undefined): boolean {
  return status === TERMINAL_SUCCESS || status === TERMINAL_FAILURE
}

/** The status a description stands for: its status, or UNKNOWN when it had none that was text. */
export function statusOf(job: ImportJob): string {
  return job.status ?? 'UNKNOWN'
}

export type WaitOutcome = 'active' | 'failed' | 'timeout' | 'cancelled'

export interface WaitResult {
  outcome: WaitOutcome
  /** The latest description; undefined when no check ever answered. */
  job: ImportJob | undefined
  lastError?: AwsError
  checks: number
}

export interface JobWaitEvents extends PollEvents {
  /** A status the action does not know (or one that is not text), once per kind: it counts as still running. */
  unexpectedStatus(description: string): void
}

export interface WaitOptions extends Pacing {
  describe(): Promise<ImportJob>
  events: JobWaitEvents
  /** Every description as it arrives. */
  observe?(job: ImportJob): void
}

const KNOWN = new Set([...IN_FLIGHT_STATUSES, TERMINAL_SUCCESS, TERMINAL_FAILURE])

/** A status the action does not know (or none, or one that is not text), in words; undefined for a known one. */
export function oddStatus(job: ImportJob): string | undefined {
  if (job.unreadableStatus) return `a status that is not text (${job.unreadableStatus})`
  if (job.status === undefined) return 'no status'
  return KNOWN.has(job.status) ? undefined : `the status ${JSON.stringify(capText(job.status, 80))}`
}

/** Tells `events` of each kind of odd status once. */
export function oddStatusReporter(events: JobWaitEvents): (job: ImportJob) => void {
  const reported = new Set<string>()
  return job => {
    const odd = oddStatus(job)
    if (odd && !reported.has(odd)) {
      reported.add(odd)
      events.unexpectedStatus(odd)
    }
  }
}

export async function waitForJob(options: WaitOptions): Promise<WaitResult> {
  const report = oddStatusReporter(options.events)
  const { value, outcome, ...rest } = await pollUntil({
    ...options,
    read: options.describe,
    statusOf,
    isFinal: isTerminal,
    observe: job => {
      report(job)
      options.observe?.(job)
    },
  })
  const final = value?.status === TERMINAL_SUCCESS ? 'active' : 'failed'
  return { ...rest, job: value, outcome: outcome === 'final' ? final : outcome }
}

import type { AwsError } from '../aws/errors.js'
import { TERMINAL_FAILURE, TERMINAL_SUCCESS } from '../aws/model.js'
import type { ImportJob } from '../aws/personalize.js'
import type { Pacing } from '../pacing.js'
import { type PollEvents, pollUntil, type TimelineEntry } from './poll.js'

// Waiting for an import job: ACTIVE is success, CREATE FAILED failure, any other status still running.

export function isTerminal(status: string | undefined): boolean {
  return status === TERMINAL_SUCCESS || status === TERMINAL_FAILURE
}

export type WaitOutcome = 'active' | 'failed' | 'timeout' | 'cancelled'

export interface WaitResult {
  outcome: WaitOutcome
  /** The latest description; undefined when no check ever answered. */
  job: ImportJob | undefined
  timeline: TimelineEntry[]
  lastError?: AwsError
  checks: number
}

export interface WaitOptions extends Pacing {
  describe(signal: AbortSignal): Promise<ImportJob>
  events: PollEvents
}

export async function waitForJob(options: WaitOptions): Promise<WaitResult> {
  const { value, outcome, ...rest } = await pollUntil({
    ...options,
    read: options.describe,
    statusOf: job => job.status ?? 'UNKNOWN',
    isFinal: isTerminal,
  })
  const final = value?.status === TERMINAL_SUCCESS ? 'active' : 'failed'
  return { ...rest, job: value, outcome: outcome === 'final' ? final : outcome }
}

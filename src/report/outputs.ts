import type { ImportJob } from '../aws/personalize.js'
import type { Runner } from '../runner.js'

// The step's outputs. Output names live here only.

export const OUTPUTS = {
  jobArn: 'job-arn',
  jobName: 'job-name',
  status: 'status',
  failureReason: 'failure-reason',
  job: 'job',
  checks: 'checks',
  skeleton: 'skeleton',
  skipped: 'skipped',
} as const

export function reportJobIdentity(runner: Runner, jobArn: string, jobName: string): void {
  runner.setOutput(OUTPUTS.jobArn, jobArn)
  runner.setOutput(OUTPUTS.jobName, jobName)
}

/** Status outputs from the latest description; an empty status means the job could not be read. */
export function reportJobStatus(runner: Runner, job: ImportJob | undefined): void {
  runner.setOutput(OUTPUTS.status, job?.status ?? '')
  runner.setOutput(OUTPUTS.failureReason, job?.failureReason ?? '')
  // Dates serialise as ISO-8601.
  runner.setOutput(OUTPUTS.job, job ? JSON.stringify(job) : '')
}

export function reportSkeleton(runner: Runner, text: string): void {
  runner.setOutput(OUTPUTS.skeleton, text)
}

export function reportChecks(runner: Runner, json: string): void {
  runner.setOutput(OUTPUTS.checks, json)
}

export function reportSkipped(runner: Runner, skipped: boolean): void {
  runner.setOutput(OUTPUTS.skipped, String(skipped))
}

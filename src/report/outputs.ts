import type { ImportJob } from '../aws/personalize.js'
import type { Runner } from '../runner.js'

// The step's outputs. Output names live here only.

export const OUTPUTS = {
  jobArn: 'job-arn',
  jobName: 'job-name',
  jobs: 'jobs',
  jobNames: 'job-names',
  status: 'status',
  failureReason: 'failure-reason',
  job: 'job',
  checks: 'checks',
  skeleton: 'skeleton',
  skipped: 'skipped',
} as const

/** What the outputs say of one dataset's job: its identity once it may exist, its status once read. */
export interface JobFacts {
  /** A group's dataset, as `datasets` names it (`items`). */
  name?: string
  arn?: string
  jobName?: string
  /** The latest description; undefined when the job was never read. */
  job?: ImportJob
  skipped?: boolean
}

/**
 * The jobs' identities the moment they may exist: a single job's job-arn and job-name; a group's `jobs` and
 * `job-names`, keyed by dataset (names pass between jobs where a masked account ID drops ARNs).
 */
export function reportJobIdentity(runner: Runner, jobs: readonly JobFacts[], group: boolean): void {
  if (!group) {
    const [only] = jobs
    if (only?.arn === undefined) return
    runner.setOutput(OUTPUTS.jobArn, only.arn)
    runner.setOutput(OUTPUTS.jobName, only.jobName ?? '')
    return
  }
  reportGroupJobs(runner, jobs)
}

/** A group's `jobs` (each job's ARN, name, status, failure reason, skipped) and `job-names`. */
export function reportGroupJobs(runner: Runner, jobs: readonly JobFacts[]): void {
  const known = jobs.filter(job => job.arn !== undefined)
  const byName = Object.fromEntries(
    known.map(job => [
      job.name ?? '',
      {
        'job-arn': job.arn,
        'job-name': job.jobName,
        status: job.job?.status ?? '',
        'failure-reason': job.job?.failureReason ?? '',
        skipped: job.skipped === true,
      },
    ]),
  )
  runner.setOutput(OUTPUTS.jobs, JSON.stringify(byName))
  runner.setOutput(
    OUTPUTS.jobNames,
    JSON.stringify(Object.fromEntries(known.map(job => [job.name ?? '', job.jobName]))),
  )
}

/** Status outputs from the latest description; an empty status means the job could not be read. */
export function reportJobStatus(runner: Runner, job: ImportJob | undefined): void {
  runner.setOutput(OUTPUTS.status, job?.status ?? '')
  runner.setOutput(OUTPUTS.failureReason, job?.failureReason ?? '')
  // Dates serialise as ISO-8601.
  runner.setOutput(OUTPUTS.job, job ? JSON.stringify(job) : '')
}

/** A group's status (ACTIVE only when every import is, or was skipped) and each failed dataset's reason. */
export function reportGroupStatus(runner: Runner, status: string, failureReason: string): void {
  runner.setOutput(OUTPUTS.status, status)
  runner.setOutput(OUTPUTS.failureReason, failureReason)
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

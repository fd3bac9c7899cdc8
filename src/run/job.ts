import type { ImportJob } from '../aws/personalize.js'
import type { TimelineEntry } from '../wait/poll.js'

// What the step knows of the import job, as one typed value: no job, one that may exist (a Create in flight or
// whose outcome is unknown), or one that exists. Every exit path tells the truth from it.

/**
 * The job exists: this step created or adopted it, attached to it (job-arn), or found that it imported the same
 * data already (skip-unchanged: then no job was created).
 */
export interface KnownJob {
  kind: 'exists'
  arn: string
  name: string
  origin: 'created' | 'adopted' | 'attached' | 'unchanged'
  /** When this step created or adopted it (the step's clock): Describe may not see it for a while. */
  startedAt?: number
}

export type JobState =
  /** No job: none was created. `createSent`: a Create left and was answered without one. */
  | { kind: 'none'; createSent: boolean }
  /** A Create is in flight, or its outcome is unknown (`outcomeUnknown`): the job may exist at `arn`. */
  | { kind: 'may-exist'; arn: string; name: string; outcomeUnknown: boolean }
  | KnownJob

export const NO_JOB: JobState = { kind: 'none', createSent: false }

/** The job's state as Create goes, kept in one place so that an interrupted step can say where the job may be. */
export class JobTracker {
  private current: JobState = NO_JOB

  get state(): JobState {
    return this.current
  }

  /** A Create's request is leaving: until it is answered, the job may exist. */
  sending(arn: string, name: string): void {
    if (this.current.kind === 'exists') return
    const unknown = this.current.kind === 'may-exist' && this.current.outcomeUnknown
    this.current = { kind: 'may-exist', arn, name, outcomeUnknown: unknown }
  }

  /** The Create was answered without a job; an earlier Create whose outcome is unknown still may have made one. */
  answered(): void {
    if (this.current.kind === 'may-exist' && !this.current.outcomeUnknown)
      this.current = { kind: 'none', createSent: true }
  }

  /** A Create's outcome is unknown (a 5xx, a lost or cut answer): the job may exist until it is found. */
  unknown(arn: string, name: string): void {
    this.current = { kind: 'may-exist', arn, name, outcomeUnknown: true }
  }

  known(job: KnownJob): void {
    this.current = job
  }
}

/** Every description read of the job: the latest, and each change of status. */
export interface Observations {
  last?: ImportJob
  timeline: TimelineEntry[]
}

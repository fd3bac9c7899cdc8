import type { ImportRequest } from '../aws/model.js'
import type { QueueReport } from '../aws/personalize.js'
import type { DatasetType } from '../config.js'
import type { DataChecks } from '../data/check-data.js'
import type { ActionError } from '../failure.js'
import { typeName } from '../inputs/group.js'
import type { Outcome } from '../outcome.js'
import type { JobFacts } from '../report/outputs.js'
import type { Runner } from '../runner.js'
import { JobTracker, type Observations } from './job.js'

// One dataset's import within the step: a single dataset's step has one lane, a dataset group's one per dataset.
// A lane keeps its job as Create goes, every description read of it, what its checks found, and how it ended.

/** How one dataset's import ended; the step's ending follows from its lanes'. */
export interface LaneEnding {
  outcome: Outcome
  headline: string
  failure?: ActionError
}

export class Lane {
  readonly tracker = new JobTracker()
  readonly observed: Observations = { timeline: [] }
  checks?: DataChecks
  /** check-only: the imports running on the dataset and in the region. */
  queue?: QueueReport
  /** The retraining gate's tag keys its Create carries (for the advice when tagging is refused). */
  gateTags?: string[]
  /** An error of this lane alone (its Create refused): the other lanes' imports go on. */
  error?: unknown
  ending?: LaneEnding

  constructor(
    /** A group's dataset type; undefined for a single dataset. */
    readonly type: DatasetType | undefined,
    readonly datasetArn: string | undefined,
    /** The request this lane creates its job with, when it creates one. */
    readonly request?: ImportRequest,
  ) {}

  /** `items`: how messages name a group's dataset; empty for a single one. */
  get name(): string {
    return this.type ? typeName(this.type) : ''
  }

  /** "items: " before a message of a group's lane; nothing for a single dataset. */
  get prefix(): string {
    return this.type ? `${this.name}: ` : ''
  }

  /** The step's runner, whose log lines and annotations name this lane's dataset (a group's). */
  runner(base: Runner): Runner {
    const prefix = this.prefix
    if (!prefix) return base
    return {
      ...base,
      info: message => base.info(`${prefix}${message}`),
      notice: (message, annotation) => base.notice(`${prefix}${message}`, annotation),
      warning: (message, annotation) => base.warning(`${prefix}${message}`, annotation),
    }
  }

  /** What the outputs say of this lane's job. */
  facts(): JobFacts {
    const state = this.tracker.state
    const known = state.kind === 'none' ? {} : { arn: state.arn, jobName: state.name }
    const skipped = state.kind === 'exists' && state.origin === 'unchanged'
    return {
      ...(this.type ? { name: this.name } : {}),
      ...known,
      ...(this.observed.last ? { job: this.observed.last } : {}),
      ...(skipped ? { skipped } : {}),
    }
  }
}

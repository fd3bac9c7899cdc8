import type { ImportMode, ImportRequest } from './aws/model.js'
import type { Schema } from './aws/schema.js'

// What the step was asked to do, validated: produced by inputs/ and read by every step after it.

export type Target =
  /** Create a job for each entry: one (dataset-arn), or every dataset of a group (dataset-group-arn, datasets). */
  | { kind: 'create'; entries: ImportEntry[]; group?: DatasetGroup }
  /** Wait for jobs that exist: by job-arn, by job-name of dataset-arn, or by the job-names of a group. */
  | { kind: 'attach'; jobs: AttachedJob[]; group?: DatasetGroup }
  /** `check-only`: every check the admission allows, and no Create. Without a dataset only local data is checked. */
  | { kind: 'check'; checks: CheckOnly[]; admission: Admission; group?: DatasetGroup }
  /** `generate-cli-skeleton: output`: everything validated, nothing sent. */
  | { kind: 'dry-run'; request: ImportRequest; jobArn: string }
  | { kind: 'skeleton'; format: 'input' | 'yaml-input' }

/** The five dataset types, as the dataset ARN spells them. */
export const DATASET_TYPES = ['INTERACTIONS', 'ITEMS', 'USERS', 'ACTIONS', 'ACTION_INTERACTIONS'] as const
export type DatasetType = (typeof DATASET_TYPES)[number]

/** A dataset group given by dataset-group-arn: its datasets are `dataset/<name>/<TYPE>`. */
export interface DatasetGroup {
  arn: string
  name: string
}

/** One dataset's import: the request, where its job will live (derived from the dataset ARN), what comes before. */
export interface ImportEntry {
  /** A group's entry: the key of `datasets`. */
  type?: DatasetType
  request: ImportRequest
  jobArn: string
  importModeGiven: boolean
  admission: Admission
  /** local-data and schema-file of this dataset. */
  data: DataSettings
}

/** A job to wait for, with its dataset type when it is one of a group's. */
export interface AttachedJob {
  jobArn: string
  jobName: string
  type?: DatasetType
}

export type IfBusy = 'wait' | 'fail'

/** all: the dataset, the import mode, the queue and the data; dataset: all but the data; off: nothing. */
export type PreflightLevel = 'all' | 'dataset' | 'off'

/** Before Create: pre-flight checks, what to do while another import holds the dataset, and the retraining gate. */
export interface Admission {
  preflight: PreflightLevel
  ifBusy: IfBusy
  gate: GateSettings
  /** How much of the s3:// data the checks read (preflight: true). */
  dataChecks: DataCheckMode
}

/**
 * sample: the first MiB of at most 20 objects; full: every byte of every object, streamed on the runner; athena:
 * the value rules and the profile over every record, as one Athena query, beside the sample.
 */
export type DataCheckMode = { kind: 'sample' } | { kind: 'full' } | { kind: 'athena'; athena: AthenaSettings }

export interface AthenaSettings {
  workgroup: string
  /** An s3:// prefix for the query results; without it the workgroup's own. */
  outputLocation?: string
  /** The Glue database of the temporary table (created when missing). */
  database: string
  /** The data Athena would scan at most: more is refused before any query. */
  maxScanBytes: number
}

/** The key prefix of the retraining gate's tags on the jobs it creates; `tags` may not use it. */
export const GATE_TAG_PREFIX = 'personalize-import:'

/**
 * The retraining gate (s3:// data only): skip-unchanged creates no job when the dataset's newest ACTIVE import read
 * the same data; max-shrink-percent refuses a FULL import whose data shrinks by more than this against the last
 * one. Either tags the job it creates with the data's fingerprint and size.
 */
export interface GateSettings {
  skipUnchanged: boolean
  maxShrinkPercent?: number
}

/** What check-only checks: the dataset and the data location when given, and the local data. */
export interface CheckOnly {
  type?: DatasetType
  datasetArn?: string
  dataLocation?: string
  importMode?: ImportMode
  importModeGiven: boolean
  data: DataSettings
}

/** Workspace files to check in full (paths or globs), and the schema to check them against. */
export interface DataSettings {
  localData: string[]
  /** From schema-file; without it the dataset's schema is read (DescribeSchema). */
  schema?: Schema
}

export interface WaitSettings {
  enabled: boolean
  timeoutMs: number
  /** The longest pause between two status checks. */
  maxPauseMs: number
}

/** commit-status: the outcome as a commit status, with this token. */
export interface StatusSettings {
  enabled: boolean
  token: string
}

export interface Config {
  target: Target
  /** Empty when no AWS call is needed (check-only of local data against a schema-file). */
  region: string
  endpoint?: string
  wait: WaitSettings
  status: StatusSettings
}

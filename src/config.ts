import type { ImportMode, ImportRequest } from './aws/model.js'
import type { Schema } from './aws/schema.js'

// What the step was asked to do, validated: produced by inputs/ and read by every step after it.

export type Target =
  /** Create a job from `request`; `jobArn` is where it will live (derived from the dataset ARN). */
  | { kind: 'create'; request: ImportRequest; jobArn: string; importModeGiven: boolean; admission: Admission }
  | { kind: 'attach'; jobArn: string; jobName: string }
  /** `check-only`: every check the admission allows, and no Create. Without a dataset only local data is checked. */
  | { kind: 'check'; check: CheckOnly; admission: Admission }
  /** `generate-cli-skeleton: output`: everything validated, nothing sent. */
  | { kind: 'dry-run'; request: ImportRequest; jobArn: string }
  | { kind: 'skeleton'; format: 'input' | 'yaml-input' }

export type IfBusy = 'wait' | 'fail'

/** all: the dataset, the import mode, the queue and the data; dataset: all but the data; off: nothing. */
export type PreflightLevel = 'all' | 'dataset' | 'off'

/** Before Create: pre-flight checks, what to do while another import holds the dataset, and the retraining gate. */
export interface Admission {
  preflight: PreflightLevel
  ifBusy: IfBusy
  gate: GateSettings
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

/** What check-only checks: the dataset and the data location when given. */
export interface CheckOnly {
  datasetArn?: string
  dataLocation?: string
  importMode?: ImportMode
  importModeGiven: boolean
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
  data: DataSettings
  status: StatusSettings
}

import type { ImportRequest } from './aws/model.js'

// What the step was asked to do, validated: produced by inputs/ and read by every step after it.

export type Target =
  /** Create a job from `request`; `jobArn` is where it will live (derived from the dataset ARN). */
  | { kind: 'create'; request: ImportRequest; jobArn: string; importModeGiven: boolean; admission: Admission }
  | { kind: 'attach'; jobArn: string }
  /** `generate-cli-skeleton: output`: everything validated, nothing sent. */
  | { kind: 'dry-run'; request: ImportRequest; jobArn: string }
  | { kind: 'skeleton'; format: 'input' | 'yaml-input' }

export type IfBusy = 'wait' | 'fail'

/** all: the dataset, the import mode, the queue and the data; dataset: all but the data; off: nothing. */
export type PreflightLevel = 'all' | 'dataset' | 'off'

/** Before Create: pre-flight checks, and what to do while another import holds the dataset. */
export interface Admission {
  preflight: PreflightLevel
  ifBusy: IfBusy
}

export interface WaitSettings {
  enabled: boolean
  timeoutMs: number
  /** The longest pause between two status checks. */
  maxPauseMs: number
}

export interface Config {
  target: Target
  region: string
  endpoint?: string
  wait: WaitSettings
}

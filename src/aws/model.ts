// The Personalize service model's constraints for CreateDatasetImportJob, and the request shape.
// The SDK validates nothing before sending, so these checks are the only ones between a typo and AWS.
// Patterns are anchored at both ends (the Smithy model's intent; the C2J model anchors only the start).

export type ImportMode = 'FULL' | 'INCREMENTAL'
export const IMPORT_MODES: readonly ImportMode[] = ['FULL', 'INCREMENTAL']

export interface Tag {
  tagKey: string
  tagValue: string
}

/** The CreateDatasetImportJob request body, member for member; unset optionals are absent. */
export interface ImportRequest {
  jobName: string
  datasetArn: string
  dataSource: { dataLocation: string }
  roleArn?: string
  tags?: Tag[]
  importMode?: ImportMode
  publishAttributionMetricsToS3?: boolean
}

interface StringRule {
  min: number
  max: number
  pattern: RegExp
  /** How the pattern reads in an error message. */
  patternText: string
}

export const RULES = {
  jobName: { min: 1, max: 63, pattern: /^[a-zA-Z0-9][a-zA-Z0-9\-_]*$/, patternText: '^[a-zA-Z0-9][a-zA-Z0-9\\-_]*$' },
  datasetArn: {
    min: 1,
    max: 256,
    pattern: /^arn:([a-z\d-]+):personalize:.*:.*:.+$/,
    patternText: 'arn:([a-z\\d-]+):personalize:.*:.*:.+',
  },
  jobArn: {
    min: 1,
    max: 256,
    pattern: /^arn:([a-z\d-]+):personalize:.*:.*:.+$/,
    patternText: 'arn:([a-z\\d-]+):personalize:.*:.*:.+',
  },
  dataLocation: { min: 1, max: 256, pattern: /^(s3|http|https):\/\/.+$/, patternText: '(s3|http|https)://.+' },
  roleArn: {
    min: 1,
    max: 256,
    pattern: /^arn:([a-z\d-]+):iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/,
    patternText: 'arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
  },
  tagKey: {
    min: 1,
    max: 128,
    pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u,
    patternText: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$',
  },
  tagValue: {
    min: 0,
    max: 256,
    pattern: /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u,
    patternText: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$',
  },
} as const satisfies Record<string, StringRule>

const MAX_TAGS = 200

// Stricter than the model, because the action derives the job ARN and region from these parts.
const DATASET_ARN_PARTS = /^arn:([a-z\d-]+):personalize:([a-z0-9-]+):(\d{12}):dataset\/([^/]+)\/([A-Za-z_]+)$/
const JOB_ARN_PARTS = /^arn:([a-z\d-]+):personalize:([a-z0-9-]+):(\d{12}):dataset-import-job\/(.+)$/
// S3 bucket naming rules (3-63 chars, lower case, digits, dots, hyphens): `s3:///key` would pass the model's `.+`.
const S3_LOCATION = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/

/** Returns the broken rule as a phrase, or undefined when the value satisfies it. */
export function brokenRule(value: string, rule: StringRule): string | undefined {
  const length = [...value].length
  if (length < rule.min || length > rule.max) {
    return rule.min === 0
      ? `must be at most ${rule.max} characters (got ${length})`
      : `must be ${rule.min}-${rule.max} characters (got ${length})`
  }
  if (!rule.pattern.test(value)) return `must match ${rule.patternText}`
  return undefined
}

export function datasetArnProblem(arn: string): string | undefined {
  const broken = brokenRule(arn, RULES.datasetArn)
  if (broken) return broken
  if (!DATASET_ARN_PARTS.test(arn))
    return 'must be a dataset ARN: arn:PARTITION:personalize:REGION:ACCOUNT:dataset/DATASET_GROUP/TYPE'
  return undefined
}

export function jobArnProblem(arn: string): string | undefined {
  const broken = brokenRule(arn, RULES.jobArn)
  if (broken) return broken
  const parts = JOB_ARN_PARTS.exec(arn)
  if (!parts)
    return 'must be a dataset import job ARN: arn:PARTITION:personalize:REGION:ACCOUNT:dataset-import-job/JOB_NAME'
  const name = parts[4] ?? ''
  const nameProblem = brokenRule(name, RULES.jobName)
  return nameProblem ? `has a job name that ${nameProblem}` : undefined
}

export function dataLocationProblem(location: string): string | undefined {
  const broken = brokenRule(location, RULES.dataLocation)
  if (broken) return broken
  if (location.startsWith('s3://') && !S3_LOCATION.test(location)) return 'must name a bucket: s3://BUCKET/PATH'
  return undefined
}

interface ArnParts {
  partition: string
  region: string
  account: string
}

export function datasetArnParts(arn: string): (ArnParts & { datasetGroup: string; datasetType: string }) | undefined {
  const m = DATASET_ARN_PARTS.exec(arn)
  if (!m) return undefined
  return {
    partition: m[1] ?? '',
    region: m[2] ?? '',
    account: m[3] ?? '',
    datasetGroup: m[4] ?? '',
    datasetType: m[5] ?? '',
  }
}

export function jobArnParts(arn: string): (ArnParts & { jobName: string }) | undefined {
  const m = JOB_ARN_PARTS.exec(arn)
  if (!m) return undefined
  return { partition: m[1] ?? '', region: m[2] ?? '', account: m[3] ?? '', jobName: m[4] ?? '' }
}

/** Import job ARNs carry no dataset component, so the job's ARN follows from the dataset's account and the name. */
export function deriveJobArn(datasetArn: string, jobName: string): string | undefined {
  const p = datasetArnParts(datasetArn)
  return p && `arn:${p.partition}:personalize:${p.region}:${p.account}:dataset-import-job/${jobName}`
}

/**
 * Checks each tag against the model. Problems name the tag by its 1-based position and never quote
 * the key or value: the model marks both sensitive.
 */
export function tagsProblem(tags: readonly Tag[]): string | undefined {
  if (tags.length > MAX_TAGS) return `must hold at most ${MAX_TAGS} tags (got ${tags.length})`
  const seen = new Map<string, number>()
  for (const [index, tag] of tags.entries()) {
    const position = index + 1
    const keyProblem = brokenRule(tag.tagKey, RULES.tagKey)
    if (keyProblem) return `tag ${position}: key ${keyProblem}`
    if (tag.tagKey.toLowerCase().startsWith('aws:'))
      return `tag ${position}: key must not start with "aws:" (reserved by AWS)`
    const valueProblem = brokenRule(tag.tagValue, RULES.tagValue)
    if (valueProblem) return `tag ${position}: value ${valueProblem}`
    const earlier = seen.get(tag.tagKey)
    if (earlier !== undefined) return `tag ${position}: key duplicates the key of tag ${earlier}`
    seen.set(tag.tagKey, position)
  }
  return undefined
}

export const TERMINAL_SUCCESS = 'ACTIVE'
export const TERMINAL_FAILURE = 'CREATE FAILED'
/** Import jobs PENDING or IN_PROGRESS at once in a region: the service's quota, not adjustable. */
export const REGION_IMPORT_QUOTA = 5

export const IN_FLIGHT_STATUSES: readonly string[] = ['CREATE PENDING', 'CREATE IN_PROGRESS']

import { AwsError, isAccessDenied, isClockSkew, UNREACHABLE_CODES } from '../aws/errors.js'
import { REGION_IMPORT_QUOTA } from '../aws/model.js'
import { VISIBILITY_GRACE_MS } from '../aws/personalize.js'
import { ActionError } from '../failure.js'
import { formatDuration, messageOf } from '../text.js'

// What a failed AWS call means for the person reading the workflow log, and what to do about it.

export interface CallContext {
  region: string
  datasetArn?: string
  /** The job this step created, adopted or attached to. */
  jobArn?: string
  /** When this step created or adopted `jobArn`, as ISO-8601: a job not found then is one not visible yet. */
  jobStartedAt?: string
  roleArn?: string
  /** The Create carried tags: the user's (tags, provenance-tags) or the retraining gate's. */
  hasTags: boolean
  /** The retraining gate's tag keys the Create carried, when it did. */
  gateTags?: string[]
  /** How long the step had run when the error came. */
  elapsedMs: number
}

/** An AWS error or one of our own, phrased for the user. Deadline and cancellation are the caller's to phrase. */
export function toActionError(error: unknown, context: CallContext): ActionError {
  if (error instanceof ActionError) return error
  if (error instanceof AwsError) return explainAwsError(error, context)
  return new ActionError('Unexpected error', `The action failed unexpectedly: ${messageOf(error)}`)
}

const CREDENTIAL_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
])
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException'])

const PERSONALIZE_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-central-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'cn-north-1',
]

export function explainAwsError(error: AwsError, context: CallContext): ActionError {
  const said = `AWS said: ${error.code}: ${error.message}`
  const op = error.operation
  if (isAccessDenied(error)) {
    return new ActionError(
      'Permission missing',
      `${op} was denied. ${permissionAdvice(op, error.message, context)} ${said}`,
    )
  }
  if (error.code === 'CredentialsProviderError' || /could not load credentials/i.test(error.message)) {
    return new ActionError(
      'No AWS credentials',
      'No AWS credentials were found. Add a step with aws-actions/configure-aws-credentials (OIDC role-to-assume) before this action; the action reads the standard AWS environment and never takes keys as inputs.',
    )
  }
  if (isClockSkew(error)) {
    return new ActionError(
      'Runner clock is off',
      `AWS rejected the request's time (${error.code}): the runner's clock differs from AWS time by more than ` +
        "5 minutes. Synchronise the runner's clock (NTP) on self-hosted runners. " +
        said,
    )
  }
  if (CREDENTIAL_CODES.has(error.code)) {
    return new ActionError(
      'Invalid AWS credentials',
      `AWS rejected the credentials (${error.code}). Check the configure-aws-credentials step and that the credentials belong to the account of the dataset. ${said}`,
    )
  }
  if (EXPIRED_CODES.has(error.code)) {
    return new ActionError(
      'Expired AWS credentials',
      `The AWS credentials expired (${error.code}) after ${formatDuration(context.elapsedMs)} of this step. ` +
        "Set role-duration-seconds in configure-aws-credentials to cover wait-timeout-minutes (the role's maximum " +
        `session duration must allow it), or shorten wait-timeout-minutes. ${said}`,
    )
  }
  if (UNREACHABLE_CODES.has(error.code)) {
    const known = PERSONALIZE_REGIONS.includes(context.region)
      ? ''
      : ` Amazon Personalize is not offered in ${context.region}; it is in ${PERSONALIZE_REGIONS.join(', ')}.`
    return new ActionError(
      'Personalize endpoint unreachable',
      `Could not reach the Personalize endpoint for region ${context.region} (${error.code}).${known} Check aws-region, endpoint-url and the runner's network or proxy. ${said}`,
    )
  }
  switch (error.code) {
    case 'ResourceNotFoundException':
      if (op === 'DescribeDatasetImportJob') return jobNotFound(context, said)
      return new ActionError(
        'Dataset not found',
        `Dataset ${context.datasetArn ?? '(see dataset-arn)'} was not found in region ${context.region}. Check ` +
          `dataset-arn, the region and that the credentials belong to its account. ${said}`,
      )
    case 'ResourceInUseException':
      return new ActionError(
        'Dataset busy',
        `Dataset ${context.datasetArn ?? '(see dataset-arn)'} is in use: another import job is running on it, or the dataset is not ACTIVE yet. Wait for that job (serialize imports with a workflow concurrency group) and run again. ${said}`,
      )
    case 'LimitExceededException':
      return new ActionError(
        'Import quota reached',
        `Personalize allows at most ${REGION_IMPORT_QUOTA} import jobs pending or in progress per region (not adjustable), or the call rate was too high. Wait for running imports in ${context.region} to finish and run again. ${said}`,
      )
    case 'TooManyTagsException':
      return new ActionError(
        'Too many tags',
        `Personalize allows at most 50 tags per resource. Remove some from tags. ${said}`,
      )
    case 'InvalidInputException':
      return new ActionError('Personalize rejected the request', `${s3Advice(error.message)}${said}`)
    default:
      return new ActionError(`${op} failed`, `${op} failed. ${said}`)
  }
}

function jobNotFound(context: CallContext, said: string): ActionError {
  if (context.jobStartedAt) {
    return new ActionError(
      'Import job not visible yet',
      `Import job ${context.jobArn} was created at ${context.jobStartedAt} by this step, but ` +
        `DescribeDatasetImportJob has not found it for ${formatDuration(VISIBILITY_GRACE_MS)} (new jobs usually appear within ` +
        'seconds). It may still appear: check it later with job-arn. ' +
        said,
    )
  }
  return new ActionError(
    'Import job not found',
    `No import job ${context.jobArn ?? '(see job-arn)'} exists in region ${context.region} for these credentials. ` +
      `Check job-arn, the region and the account. ${said}`,
  )
}

/**
 * A Create with tags is authorized as personalize:TagResource too (the guide's `tags-iam` page: tag-based
 * permissions cover "operations that support adding tags to resources when resources are created"; for import
 * jobs the same is inferred, so the advice names it whenever the Create carried tags).
 */
function permissionAdvice(operation: string, message: string, context: CallContext): string {
  if (/iam:PassRole/i.test(message)) {
    return `The workflow's credentials need iam:PassRole on ${context.roleArn ?? 'the role-arn role'} (condition iam:PassedToService = personalize.amazonaws.com).`
  }
  const gateTags = context.gateTags ?? []
  const gate =
    gateTags.length > 0
      ? ` The job carried the retraining gate's tags ${gateTags.join(' and ')} (skip-unchanged, max-shrink-percent): ` +
        'grant personalize:TagResource, or turn the gate off.'
      : ''
  if (operation === 'CreateDatasetImportJob' && /TagResource/i.test(message)) {
    return `Creating a job with tags needs personalize:TagResource on dataset-import-job/*.${gate}`
  }
  const needed = [`personalize:${operation}`]
  if (operation === 'CreateDatasetImportJob') {
    needed.push('personalize:DescribeDatasetImportJob')
    if (context.hasTags) needed.push('personalize:TagResource (the job is created with tags)')
    if (context.roleArn) needed.push(`iam:PassRole on ${context.roleArn}`)
  }
  return `Grant the workflow's role ${needed.join(', ')}.${operation === 'CreateDatasetImportJob' ? gate : ''}`
}

function s3Advice(message: string): string {
  if (/privileges for accessing data in S3|bucket policy/i.test(message)) {
    return 'Personalize cannot read the data: give the personalize.amazonaws.com principal s3:GetObject and s3:ListBucket in the bucket policy, and the same to role-arn. '
  }
  return ''
}

import { AwsError, isAccessDenied } from '../aws/errors.js'
import { ActionError } from '../failure.js'
import { messageOf } from '../text.js'

// What a failed AWS call means for the person reading the workflow log, and what to do about it.

export interface CallContext {
  region: string
  datasetArn?: string
  jobArn?: string
  /** The ARN a job of this request would have, when none is known to exist yet. */
  jobArnIfCreated?: string
  roleArn?: string
  hasTags: boolean
}

/** Whatever ended the step, phrased for the user: our own failures as they are, AWS errors explained. */
export function toActionError(error: unknown, context: CallContext): ActionError {
  if (error instanceof ActionError) return error
  if (error instanceof AwsError && error.kind === 'aborted') {
    const mayExist = context.jobArnIfCreated
      ? ` If a Create was in flight, the job may exist: ${context.jobArnIfCreated}`
      : ''
    return new ActionError(
      'Timed out',
      `${error.operation} did not answer before wait-timeout-minutes ran out.${mayExist}`,
    )
  }
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
const EXPIRED_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired'])
// The endpoint cannot be reached at all (a wrong region or endpoint-url, no route), as opposed to a connection
// that broke mid-call, which is retried.
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH'])

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
  if (CREDENTIAL_CODES.has(error.code)) {
    return new ActionError(
      'Invalid AWS credentials',
      `AWS rejected the credentials (${error.code}). Check the configure-aws-credentials step and that the credentials belong to the account of the dataset. ${said}`,
    )
  }
  if (EXPIRED_CODES.has(error.code)) {
    return new ActionError(
      'Expired AWS credentials',
      `The AWS credentials expired (${error.code}). Raise role-duration-seconds in configure-aws-credentials to cover the wait, or shorten wait-timeout-minutes. ${said}`,
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
      if (op === 'DescribeDatasetImportJob') {
        return new ActionError(
          'Import job not found',
          `No import job ${context.jobArn ?? ''} exists in region ${context.region} for these credentials. Check job-arn, the region and the account. ${said}`,
        )
      }
      return new ActionError(
        'Dataset not found',
        `Dataset ${context.datasetArn ?? ''} was not found in region ${context.region}. Check dataset-arn, the region and that the credentials belong to its account. ${said}`,
      )
    case 'ResourceInUseException':
      return new ActionError(
        'Dataset busy',
        `Dataset ${context.datasetArn ?? ''} is in use: another import job is running on it, or the dataset is not ACTIVE yet. Wait for that job (serialize imports with a workflow concurrency group) and run again. ${said}`,
      )
    case 'LimitExceededException':
      return new ActionError(
        'Import quota reached',
        `Personalize allows at most 5 import jobs pending or in progress per region (not adjustable), or the call rate was too high. Wait for running imports in ${context.region} to finish and run again. ${said}`,
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

function permissionAdvice(operation: string, message: string, context: CallContext): string {
  if (/iam:PassRole/i.test(message)) {
    return `The workflow's credentials need iam:PassRole on ${context.roleArn ?? 'the role-arn role'} (condition iam:PassedToService = personalize.amazonaws.com).`
  }
  const needed = [`personalize:${operation}`]
  if (operation === 'CreateDatasetImportJob') {
    needed.push('personalize:DescribeDatasetImportJob')
    if (context.hasTags) needed.push('personalize:TagResource (tags are given)')
    if (context.roleArn) needed.push(`iam:PassRole on ${context.roleArn}`)
  }
  return `Grant the workflow's role ${needed.join(', ')}.`
}

function s3Advice(message: string): string {
  if (/privileges for accessing data in S3|bucket policy/i.test(message)) {
    return 'Personalize cannot read the data: give the personalize.amazonaws.com principal s3:GetObject and s3:ListBucket in the bucket policy, and the same to role-arn. '
  }
  return ''
}

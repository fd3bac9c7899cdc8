import { describe, expect, test } from 'vitest'
import { AwsError, toAwsError } from '../../src/aws/errors.js'
import { explainAwsError } from '../../src/report/explain.js'

const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), {
    name,
    ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }),
    ...extra,
  })

describe('toAwsError: can waiting heal it?', () => {
  test.each([
    [sdkError('ThrottlingException', 400), 'throttled'],
    [sdkError('LimitExceededException', 400), 'throttled'],
    [sdkError('SomethingNew', 429), 'throttled'],
    [sdkError('InternalFailure', 500), 'transient'],
    [sdkError('ServiceUnavailable', 503), 'transient'],
    [sdkError('UnknownError', 502), 'transient'],
    [sdkError('TimeoutError'), 'transient'],
    [sdkError('Error', undefined, { code: 'ECONNRESET' }), 'transient'],
    [sdkError('AccessDeniedException', 400), 'permanent'],
    [sdkError('ResourceNotFoundException', 404), 'permanent'],
    [sdkError('InvalidInputException', 400), 'permanent'],
    [sdkError('CredentialsProviderError'), 'permanent'],
    [sdkError('AbortError'), 'aborted'],
  ])('%s -> %s', (error, kind) => {
    expect(toAwsError('DescribeDatasetImportJob', error).kind).toBe(kind)
  })

  test('our own aborted signal wins over whatever the SDK says', () => {
    const controller = new AbortController()
    controller.abort()
    expect(
      toAwsError('CreateDatasetImportJob', sdkError('Error', undefined, { code: 'ECONNRESET' }), controller.signal)
        .kind,
    ).toBe('aborted')
  })

  test('network errors keep their code', () => {
    expect(toAwsError('CreateDatasetImportJob', sdkError('Error', undefined, { code: 'ENOTFOUND' })).code).toBe(
      'ENOTFOUND',
    )
  })
})

describe('explainAwsError: what the user must do', () => {
  const context = {
    region: 'eu-south-2',
    datasetArn: 'arn:aws:personalize:eu-south-2:123456789012:dataset/g/ITEMS',
    hasTags: false,
  }
  const explain = (code: string, message = 'no') =>
    explainAwsError(new AwsError('CreateDatasetImportJob', code, 'permanent', message), context)

  test('a missing iam:PassRole names the role and the condition', () => {
    const failure = explainAwsError(
      new AwsError(
        'CreateDatasetImportJob',
        'AccessDeniedException',
        'permanent',
        'User: x is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/R',
      ),
      { ...context, roleArn: 'arn:aws:iam::123456789012:role/R' },
    )
    expect(failure.title).toBe('Permission missing')
    expect(failure.message).toContain(
      'iam:PassRole on arn:aws:iam::123456789012:role/R (condition iam:PassedToService = personalize.amazonaws.com)',
    )
  })

  test('an unreachable endpoint in a region without Personalize says so', () => {
    const failure = explain('ENOTFOUND')
    expect(failure.message).toContain('Amazon Personalize is not offered in eu-south-2')
  })

  test('expired and invalid credentials are told apart', () => {
    expect(explain('ExpiredTokenException').title).toBe('Expired AWS credentials')
    expect(explain('UnrecognizedClientException').title).toBe('Invalid AWS credentials')
    expect(explain('CredentialsProviderError', 'Could not load credentials from any providers').message).toContain(
      'aws-actions/configure-aws-credentials',
    )
  })

  test('S3 access failures get the bucket-policy advice, with the service message', () => {
    const failure = explain(
      'InvalidInputException',
      'Insufficient privileges for accessing data in S3. Please look at ... and fix bucket policy on retail-data.',
    )
    expect(failure.message).toMatch(
      /^Personalize cannot read the data: .*AWS said: InvalidInputException: Insufficient privileges/,
    )
  })

  test('anything else names the operation and passes the service text through', () => {
    expect(explain('SomethingNewException', 'details').message).toBe(
      'CreateDatasetImportJob failed. AWS said: SomethingNewException: details',
    )
  })
})

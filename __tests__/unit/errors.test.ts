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
    expect(toAwsError('CreateDatasetImportJob', sdkError('Error', undefined, { code: 'ECONNRESET' }), true).kind).toBe(
      'aborted',
    )
  })

  // The shapes below are what @aws-sdk/client-personalize throws for the emulator's faults (measured).
  const deserialization =
    '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response'

  test('an HTML error page is reported by its HTTP status, without the parser or SDK internals', () => {
    const page = sdkError('SyntaxError', 503, {
      message: `Unexpected token '<', "<html>"... is not valid JSON${deserialization}`,
    })
    const error = toAwsError('DescribeDataset', page)
    expect(error).toMatchObject({ code: 'HTTP 503', kind: 'transient', ambiguous: true })
    expect(error.message).not.toMatch(/\$response|Unexpected token|\.\./)
  })

  test('a malformed or cut body on a 200 is a transient fault whose outcome is unknown', () => {
    const malformed = sdkError('SyntaxError', 200, { message: `Unterminated string in JSON${deserialization}` })
    const cut = sdkError('Error', 200, { code: 'ECONNRESET', message: `aborted${deserialization}` })
    for (const shape of [malformed, cut]) {
      expect(toAwsError('CreateDatasetImportJob', shape)).toMatchObject({
        code: 'MalformedResponse',
        kind: 'transient',
        ambiguous: true,
      })
    }
  })

  test('a connection lost after sending is ambiguous; one never made, or a throttle, is not', () => {
    expect(
      toAwsError('X', sdkError('TimeoutError', undefined, { code: 'ECONNRESET', message: 'socket hang up' })).ambiguous,
    ).toBe(true)
    expect(toAwsError('X', sdkError('Error', undefined, { code: 'ECONNREFUSED' })).ambiguous).toBe(false)
    expect(toAwsError('X', sdkError('ThrottlingException', 400)).ambiguous).toBe(false)
    expect(toAwsError('X', sdkError('InternalFailure', 500)).ambiguous).toBe(true)
  })

  test('service text is kept on one line and capped', () => {
    const error = toAwsError(
      'X',
      sdkError('InvalidInputException', 400, { message: `line one\n${'x'.repeat(10_000)}` }),
    )
    expect(error.message.startsWith('line one x')).toBe(true)
    expect(error.message).toMatch(/\(truncated from 10009 characters\)$/)
    expect(error.message.length).toBeLessThan(4200)
  })

  test('network errors keep their code', () => {
    expect(toAwsError('CreateDatasetImportJob', sdkError('Error', undefined, { code: 'ENOTFOUND' })).code).toBe(
      'ENOTFOUND',
    )
  })

  test('a clock skew the SDK has corrected heals: the next request is signed with the right time', () => {
    const skew = sdkError('InvalidSignatureException', 403, {
      $metadata: { httpStatusCode: 403, clockSkewCorrected: true },
    })
    expect(toAwsError('X', skew).kind).toBe('transient')
  })
})

describe('explainAwsError: what the user must do', () => {
  const context = {
    region: 'eu-south-2',
    datasetArn: 'arn:aws:personalize:eu-south-2:123456789012:dataset/g/ITEMS',
    hasTags: false,
    elapsedMs: 65 * 60_000,
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

  test('a signature too old or too new points at the runner clock', () => {
    const failure = explain('InvalidSignatureException', 'Signature expired: 20261129T070000Z is now earlier than ...')
    expect(failure.title).toBe('Runner clock is off')
    expect(failure.message).toContain("the runner's clock differs from AWS time")
  })

  test('expired credentials say after how long, and name role-duration-seconds', () => {
    const failure = explain('ExpiredTokenException')
    expect(failure.message).toContain('expired (ExpiredTokenException) after 1h05m of this step')
    expect(failure.message).toContain('role-duration-seconds')
  })

  test('a job this step created that Describe cannot find is "not visible yet", with when it was created', () => {
    const jobArn = 'arn:aws:personalize:eu-south-2:123456789012:dataset-import-job/j'
    const notFound = new AwsError('DescribeDatasetImportJob', 'ResourceNotFoundException', 'permanent', 'no')
    const created = explainAwsError(notFound, { ...context, jobArn, jobStartedAt: '2026-11-29T10:00:00.000Z' })
    expect(created.title).toBe('Import job not visible yet')
    expect(created.message).toContain(`${jobArn} was created at 2026-11-29T10:00:00.000Z by this step`)
    expect(created.message).toContain('It may still appear')
    const attached = explainAwsError(notFound, { ...context, jobArn })
    expect(attached.title).toBe('Import job not found')
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

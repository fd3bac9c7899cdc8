import { AwsError, isAccessDenied } from '../aws/errors.js'
import type { HttpSettings } from '../aws/http.js'
import type { Dataset, PersonalizeApi } from '../aws/personalize.js'
import type { RetryPolicy } from '../aws/retry.js'
import type { Runner } from '../runner.js'
import { Findings } from './findings.js'
import type { S3DataReport } from './s3.js'
import { parseSchema, type Schema, SchemaError } from './schema.js'

// The data checks before an import: the dataset's schema, then the data at data-location against it.

export interface DataChecks {
  /** The dataset type the rules apply (INTERACTIONS, ITEMS, ...), when known. */
  datasetType?: string
  schema?: Schema
  s3?: S3DataReport
  /** Checks that could not run, and why (a permission, a location that is not s3://). */
  skipped: string[]
  findings: Findings
}

export interface DataCheckContext extends HttpSettings {
  api: PersonalizeApi
  runner: Runner
  policy: RetryPolicy
  region: string
}

export interface DataToCheck {
  location: string
  datasetArn: string
  dataset: Dataset | undefined
  importMode: 'FULL' | 'INCREMENTAL'
}

export async function checkData(context: DataCheckContext, data: DataToCheck): Promise<DataChecks> {
  const checks: DataChecks = { skipped: [], findings: new Findings() }
  const datasetType = (data.dataset?.datasetType ?? /\/([A-Za-z_]+)$/.exec(data.datasetArn)?.[1])?.toUpperCase()
  if (datasetType) checks.datasetType = datasetType
  if (!data.location.startsWith('s3://')) {
    context.runner.notice('Data checks skipped: only s3:// data locations can be read before the import', {
      title: 'Data checks skipped',
    })
    checks.skipped.push('data: the data location is not s3://')
    return checks
  }
  const skip = (check: string, permission: string, detail: string): void => {
    context.runner.warning(`Skipped ${check}: the credentials lack ${permission} (${detail}). The import goes on.`, {
      title: 'Data check skipped',
    })
    checks.skipped.push(`${check}: ${permission}`)
  }
  const schema = await readSchema(context, data.dataset, skip)
  if (schema) checks.schema = schema
  // The S3 client is loaded only here: runs without data checks never pay for it.
  const { checkS3Data } = await import('./s3.js')
  checks.s3 = await checkS3Data({
    ...context,
    location: data.location,
    schema,
    datasetType,
    importMode: data.importMode,
    findings: checks.findings,
    skip,
    info: line => context.runner.info(line),
  })
  return checks
}

async function readSchema(
  context: DataCheckContext,
  dataset: Dataset | undefined,
  skip: (check: string, permission: string, detail: string) => void,
): Promise<Schema | undefined> {
  if (!dataset?.schemaArn) {
    skip('the checks against the schema', 'personalize:DescribeDataset', 'the dataset names no schema')
    return undefined
  }
  let text: string
  try {
    text = await context.api.describeSchema(dataset.schemaArn)
  } catch (error) {
    if (error instanceof AwsError && isAccessDenied(error)) {
      skip('the checks against the schema', 'personalize:DescribeSchema', error.code)
      return undefined
    }
    throw error
  }
  try {
    return parseSchema(text)
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error
    context.runner.warning(`The dataset's schema ${error.message}: the data is checked without it`, {
      title: 'Schema not readable',
    })
    return undefined
  }
}

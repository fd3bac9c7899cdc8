import { AwsError, isAccessDenied } from '../aws/errors.js'
import type { HttpSettings } from '../aws/http.js'
import type { Dataset, PersonalizeApi } from '../aws/personalize.js'
import { checkTime, type RetryPolicy } from '../aws/retry.js'
import { parseSchema, type Schema, SchemaError } from '../aws/schema.js'
import type { DataCheckMode } from '../config.js'
import type { Runner } from '../runner.js'
import { quote } from '../text.js'
import type { IdCollector } from './cross-check.js'
import type { Findings } from './findings.js'
import type { LocalDataReport } from './local.js'
import type { S3DataReport, S3Location } from './s3.js'

// The data checks: the schema (a schema-file, or the dataset's), then the data at data-location (S3, the first
// MiB of each object) and the workspace files of local-data (in full) against it.

export interface DataChecks {
  /** The dataset type the rules apply (INTERACTIONS, ITEMS, ...), when known. */
  datasetType?: string
  schema?: Schema
  /** Where the schema came from. */
  schemaSource?: 'schema-file' | 'dataset'
  s3?: S3DataReport
  local?: LocalDataReport
  /** Checks that could not run, and why (a permission, a location that is not s3://). */
  skipped: string[]
  findings: Findings
}

export interface DataCheckContext extends HttpSettings {
  /** Absent when the run makes no AWS call at all (local data against a schema-file). */
  api?: PersonalizeApi
  runner: Runner
  policy: RetryPolicy
  region: string
  workspace: string
}

export interface DataToCheck {
  /** Checked when given: the data-location of the import (S3 only). */
  location?: string
  /** The location, opened (and listed at most once) when it is s3://; opened here when not given. */
  s3?: S3Location
  datasetArn?: string
  dataset?: Dataset | undefined
  /** From schema-file; otherwise the dataset's schema is read. */
  schema?: Schema | undefined
  importMode: 'FULL' | 'INCREMENTAL'
  /** Workspace paths or globs, checked in full. */
  localData: string[]
  /** check-only: a check left undone (files beyond the limit) is an error. */
  strict?: boolean
  /** The dataset's part of the checks across a group's datasets. */
  collect?: IdCollector
  /** How much of the s3:// data is read: the sample unless given. */
  mode?: DataCheckMode
}

export async function checkData(context: DataCheckContext, data: DataToCheck, findings: Findings): Promise<DataChecks> {
  const checks: DataChecks = { skipped: [], findings }
  const skip = (check: string, reason: string): void => {
    context.runner.warning(`Skipped ${check}: ${reason}. The import goes on.`, { title: 'Data check skipped' })
    checks.skipped.push(`${check}: ${reason}`)
  }
  if (data.schema) {
    checks.schema = data.schema
    checks.schemaSource = 'schema-file'
  } else if (data.datasetArn) {
    const schema = await readSchema(context, data.dataset, skip)
    if (schema) {
      checks.schema = schema
      checks.schemaSource = 'dataset'
    }
  }
  const datasetType = typeOf(data, checks.schema, context.runner)
  if (datasetType) checks.datasetType = datasetType
  if (data.location !== undefined) await checkLocation(context, data, checks, skip)
  if (data.localData.length > 0) {
    const { checkLocalData } = await import('./local.js')
    checks.local = await checkLocalData({
      workspace: context.workspace,
      patterns: data.localData,
      schema: checks.schema,
      datasetType,
      findings,
      info: line => context.runner.info(line),
      warn: line => context.runner.warning(line, { title: 'Data profile not made' }),
      checkTime: () => checkTime(context.policy.pacing, 'reading local-data'),
      strict: data.strict === true,
      ...(data.collect ? { collect: data.collect } : {}),
    })
  }
  return checks
}

async function checkLocation(
  context: DataCheckContext,
  data: DataToCheck,
  checks: DataChecks,
  skip: (check: string, reason: string) => void,
): Promise<void> {
  const location = data.location ?? ''
  if (!location.startsWith('s3://')) {
    context.runner.notice('Data checks skipped: only s3:// data locations can be read before the import', {
      title: 'Data checks skipped',
    })
    checks.skipped.push('data: the data location is not s3://')
    return
  }
  // The S3 client is loaded only here: runs without S3 data checks never pay for it.
  const { checkS3Data, S3Location } = await import('./s3.js')
  const opened = data.s3 ?? new S3Location({ ...context, location })
  checks.s3 = await checkS3Data(opened, {
    mode: data.mode ?? { kind: 'sample' },
    connection: context,
    schema: checks.schema,
    datasetType: checks.datasetType,
    importMode: data.importMode,
    ...(data.collect ? { collect: data.collect } : {}),
    findings: checks.findings,
    skip,
    info: line => context.runner.info(line),
    notice: line => context.runner.notice(line, { title: 'Bucket policy not judged' }),
    warn: (line, title) => context.runner.warning(line, { title }),
  })
}

/** The dataset types, longest name first: INTERACTIONS holds ACTIONS, ACTION_INTERACTIONS holds INTERACTIONS. */
const DATASET_TYPES = ['ACTION_INTERACTIONS', 'INTERACTIONS', 'ACTIONS', 'ITEMS', 'USERS']

/**
 * INTERACTIONS, ITEMS, USERS, ACTIONS or ACTION_INTERACTIONS: from the dataset (its description, or its ARN), else
 * from the schema's name (a schema-file without dataset-arn), which is said in the log since the name decides.
 */
function typeOf(data: DataToCheck, schema: Schema | undefined, runner: Runner): string | undefined {
  const fromDataset =
    data.dataset?.datasetType ?? (data.datasetArn ? /\/([A-Za-z_]+)$/.exec(data.datasetArn)?.[1] : undefined)
  if (fromDataset) return DATASET_TYPES.find(type => type === fromDataset.toUpperCase())
  if (!schema) return undefined
  const name = schema.name.replace(/[^A-Za-z]/g, '').toUpperCase()
  const type = DATASET_TYPES.find(candidate => name.includes(candidate.replace('_', '')))
  if (type) {
    runner.info(`Data checks: the dataset type ${type} comes from the schema's name (${quote(schema.name)})`)
  } else {
    runner.warning(
      `The schema's name ${quote(schema.name)} names no dataset type (Interactions, Items, Users, Actions, ` +
        'Action_Interactions), and no dataset-arn gives one: the rules of a dataset type (the 1,000-record minimum ' +
        'of interactions) are not applied.',
      { title: 'Dataset type unknown' },
    )
  }
  return type
}

async function readSchema(
  context: DataCheckContext,
  dataset: Dataset | undefined,
  skip: (check: string, reason: string) => void,
): Promise<Schema | undefined> {
  if (!dataset?.schemaArn || !context.api) {
    skip(
      'the checks against the schema',
      'the dataset was not described (personalize:DescribeDataset), so its schema is unknown',
    )
    return undefined
  }
  let text: string
  try {
    text = await context.api.describeSchema(dataset.schemaArn)
  } catch (error) {
    if (error instanceof AwsError && isAccessDenied(error)) {
      skip('the checks against the schema', `the credentials lack personalize:DescribeSchema (${error.code})`)
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

import { DATASET_TYPES, type DatasetType } from '../config.js'
import { isObject } from '../json.js'
import { quote } from '../text.js'

// The `datasets` input of a dataset group: YAML whose keys are dataset types and whose values are a data location
// or a map of that dataset's own inputs. Parsed into plain values here; read.ts validates them as it does the
// single-dataset inputs, so one rule has one wording.

/** A dataset's own inputs, as `datasets` gives them (undefined: the group's input applies). */
export interface DatasetInputs {
  type: DatasetType
  /** The key as written, for messages. */
  key: string
  dataLocation?: string
  importMode?: string
  jobName?: string
  roleArn?: string
  localData?: string
  schemaFile?: string
  skipUnchanged?: string
  maxShrinkPercent?: string
  publishAttributionMetricsToS3?: string
}

/** The keys an entry's map may have, and the member of DatasetInputs each fills. */
const ENTRY_KEYS = {
  'data-location': 'dataLocation',
  'import-mode': 'importMode',
  'job-name': 'jobName',
  'role-arn': 'roleArn',
  'local-data': 'localData',
  'schema-file': 'schemaFile',
  'skip-unchanged': 'skipUnchanged',
  'max-shrink-percent': 'maxShrinkPercent',
  'publish-attribution-metrics-to-s3': 'publishAttributionMetricsToS3',
} as const satisfies Record<string, keyof DatasetInputs>

export class DatasetsError extends Error {}

/** `interactions`, `Action-Interactions`, `ITEMS`: a dataset type in any case, with - or _. */
export function datasetType(key: string): DatasetType | undefined {
  const normal = key.trim().toUpperCase().replaceAll('-', '_')
  return DATASET_TYPES.find(type => type === normal)
}

/** The lower-case, hyphenated name of a type, as job names and outputs use it: `action-interactions`. */
export function typeName(type: DatasetType): string {
  return type.toLowerCase().replaceAll('_', '-')
}

/** Every entry of `datasets`, in the order written; throws DatasetsError naming the key and the rule. */
export function parseDatasets(document: unknown): DatasetInputs[] {
  if (!isObject(document) || Object.keys(document).length === 0) {
    throw new DatasetsError(
      'must be a YAML map of dataset types (interactions, items, users, actions, action-interactions) to a data ' +
        'location or a map of their inputs',
    )
  }
  const entries: DatasetInputs[] = []
  for (const [key, value] of Object.entries(document)) {
    const type = datasetType(key)
    if (!type) {
      throw new DatasetsError(
        `has the key ${quote(key)}, which is not a dataset type (interactions, items, users, actions, action-interactions)`,
      )
    }
    const twice = entries.find(entry => entry.type === type)
    if (twice)
      throw new DatasetsError(`names the dataset ${typeName(type)} twice (${quote(twice.key)} and ${quote(key)})`)
    entries.push({ type, key, ...entryInputs(key, value) })
  }
  return entries
}

function entryInputs(key: string, value: unknown): Omit<DatasetInputs, 'type' | 'key'> {
  if (typeof value === 'string') return { dataLocation: value.trim() }
  if (value === null || value === undefined) return {}
  if (!isObject(value)) throw new DatasetsError(`${quote(key)}: must be a data location or a map of inputs`)
  const inputs: Partial<Record<(typeof ENTRY_KEYS)[keyof typeof ENTRY_KEYS], string>> = {}
  for (const [name, member] of Object.entries(value)) {
    const field = ENTRY_KEYS[name as keyof typeof ENTRY_KEYS]
    if (!field) {
      throw new DatasetsError(
        `${quote(key)}: has the input ${quote(name)}, which a dataset cannot set (it may set ` +
          `${Object.keys(ENTRY_KEYS).join(', ')}; the group's other inputs apply to every dataset)`,
      )
    }
    inputs[field] = scalar(key, name, member)
  }
  return inputs
}

/** A member's value as the text an input would carry: strings, numbers and booleans; a list of strings as lines. */
function scalar(key: string, name: string, member: unknown): string {
  if (typeof member === 'string') return member
  if (typeof member === 'number' || typeof member === 'boolean') return String(member)
  if (Array.isArray(member) && member.every(item => typeof item === 'string')) return member.join('\n')
  throw new DatasetsError(`${quote(key)}: ${name} must be text`)
}

/** The `job-names` output of an earlier step: a JSON object of dataset types to job names. */
export function parseJobNames(text: string): Array<{ type: DatasetType; jobName: string }> {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    throw new DatasetsError(
      'must be the job-names output of an earlier step: a JSON object of dataset types to job names',
    )
  }
  if (!isObject(document) || Object.keys(document).length === 0) {
    throw new DatasetsError('must be a JSON object of dataset types to job names (the job-names output)')
  }
  return Object.entries(document).map(([key, name]) => {
    const type = datasetType(key)
    if (!type) throw new DatasetsError(`has the key ${quote(key)}, which is not a dataset type`)
    if (typeof name !== 'string') throw new DatasetsError(`${quote(key)}: the job name must be text`)
    return { type, jobName: name }
  })
}

import { IMPORT_MODES, type ImportMode, type Tag } from '../aws/model.js'
import { TagSyntaxError, tagFromMembers } from './tags.js'

// The document `aws ... --cli-input-json` / `--cli-input-yaml` reads, with the CLI's member names.
// Like the CLI, unknown members and wrong types are errors, never silently dropped.

export type CliInputFormat = 'json' | 'yaml'

export interface RequestFields {
  jobName?: string
  datasetArn?: string
  dataLocation?: string
  roleArn?: string
  tags?: Tag[]
  importMode?: ImportMode
  publishAttributionMetricsToS3?: boolean
}

export class CliInputError extends Error {}

/** Turns YAML text into plain data, throwing CliInputError; loaded only when cli-input-yaml is given. */
export type YamlParser = (text: string) => unknown

const MEMBERS = [
  'jobName',
  'datasetArn',
  'dataSource',
  'roleArn',
  'tags',
  'importMode',
  'publishAttributionMetricsToS3',
]

export function parseCliInput(text: string, format: CliInputFormat, parseYaml?: YamlParser): RequestFields {
  if (format === 'yaml' && !parseYaml) throw new Error('parseCliInput: YAML needs its parser')
  const document = format === 'json' ? parseJson(text) : parseYaml?.(text)
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new CliInputError(
      `must be a ${format === 'json' ? 'JSON' : 'YAML'} object with the members ${MEMBERS.join(', ')}`,
    )
  }
  const members = document as Record<string, unknown>
  for (const name of Object.keys(members)) {
    if (!MEMBERS.includes(name))
      throw new CliInputError(`has an unknown member ${JSON.stringify(name)}; allowed: ${MEMBERS.join(', ')}`)
  }
  return requestFields(members)
}

/** The members of a checked document as the request's fields, each checked for its type. */
function requestFields(members: Record<string, unknown>): RequestFields {
  const fields: RequestFields = {}
  for (const name of ['jobName', 'datasetArn', 'roleArn'] as const) {
    const value = stringMember(members, name)
    if (value !== undefined) fields[name] = value
  }
  const dataLocation = dataLocationMember(members.dataSource)
  if (dataLocation !== undefined) fields.dataLocation = dataLocation
  const importMode = importModeMember(members)
  if (importMode !== undefined) fields.importMode = importMode
  const publish = members.publishAttributionMetricsToS3
  if (publish !== undefined) {
    if (typeof publish !== 'boolean')
      throw new CliInputError('member "publishAttributionMetricsToS3" must be a boolean (true or false)')
    fields.publishAttributionMetricsToS3 = publish
  }
  if (members.tags !== undefined) fields.tags = tagsMember(members.tags)
  return fields
}

function importModeMember(members: Record<string, unknown>): RequestFields['importMode'] {
  const importMode = stringMember(members, 'importMode')
  if (importMode === undefined) return undefined
  const mode = IMPORT_MODES.find(m => m === importMode.toUpperCase())
  if (!mode)
    throw new CliInputError(`member "importMode" must be FULL or INCREMENTAL (got ${JSON.stringify(importMode)})`)
  return mode
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    // Keep only the position: newer V8 messages quote the input, which may hold tag values.
    const position = /position (\d+)/.exec(String(error))?.[1]
    throw new CliInputError(`is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`)
  }
}

function stringMember(members: Record<string, unknown>, name: string): string | undefined {
  const value = members[name]
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new CliInputError(`member ${JSON.stringify(name)} must be a string`)
  return value
}

function dataLocationMember(dataSource: unknown): string | undefined {
  if (dataSource === undefined) return undefined
  if (typeof dataSource !== 'object' || dataSource === null || Array.isArray(dataSource)) {
    throw new CliInputError('member "dataSource" must be an object {"dataLocation": "s3://..."}')
  }
  const unknown = Object.keys(dataSource).find(name => name !== 'dataLocation')
  if (unknown !== undefined)
    throw new CliInputError(
      `member "dataSource" has an unknown member ${JSON.stringify(unknown)}; allowed: dataLocation`,
    )
  const location = (dataSource as Record<string, unknown>).dataLocation
  if (location === undefined) return undefined
  if (typeof location !== 'string') throw new CliInputError('member "dataSource.dataLocation" must be a string')
  return location
}

function tagsMember(tags: unknown): Tag[] {
  if (!Array.isArray(tags))
    throw new CliInputError('member "tags" must be a list of {"tagKey": ..., "tagValue": ...} objects')
  try {
    return tags.map((entry: unknown, index) => tagFromMembers(entry, index + 1))
  } catch (error) {
    if (error instanceof TagSyntaxError) throw new CliInputError(`member "tags": ${error.message}`)
    throw error
  }
}

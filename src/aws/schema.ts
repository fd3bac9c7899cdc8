import { isObject } from '../json.js'

// The dataset schema as the data checks need it: the Avro record Personalize keeps (the JSON given to
// create-schema, as DescribeSchema returns it or as a schema-file holds it), read defensively.

export type FieldType = 'string' | 'int' | 'long' | 'float' | 'double' | 'boolean'

export interface SchemaField {
  name: string
  type: FieldType
  /** A union with "null": an empty cell is null. Without it a value is required. */
  nullable: boolean
  categorical: boolean
  textual: boolean
}

export interface Schema {
  /** The record's name, which names the dataset type (Interactions, Items, Users, Actions, ...). */
  name: string
  fields: SchemaField[]
}

export class SchemaError extends Error {}

const FIELD_TYPES: readonly FieldType[] = ['string', 'int', 'long', 'float', 'double', 'boolean']
const MAX_SCHEMA_CHARS = 1024 * 1024

/** Parses an Avro record schema; throws SchemaError saying what is wrong (never quoting data). */
export function parseSchema(text: string): Schema {
  if (text.length > MAX_SCHEMA_CHARS) throw new SchemaError('is larger than 1 MiB')
  let document: unknown
  try {
    // Editors on Windows save JSON with a byte-order mark; JSON.parse refuses it, create-schema's JSON is the text.
    document = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1]
    throw new SchemaError(`is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`)
  }
  if (!isObject(document) || document.type !== 'record')
    throw new SchemaError('must be an Avro record ("type": "record")')
  if (typeof document.name !== 'string' || document.name === '') throw new SchemaError('must have a "name"')
  if (!Array.isArray(document.fields) || document.fields.length === 0) throw new SchemaError('must have "fields"')
  const fields = document.fields.map((field: unknown, index: number) => parseField(field, index + 1))
  const seen = new Set<string>()
  for (const field of fields) {
    if (seen.has(field.name)) throw new SchemaError(`names the field ${field.name} twice`)
    seen.add(field.name)
  }
  return { name: document.name, fields }
}

function parseField(field: unknown, position: number): SchemaField {
  if (!isObject(field) || typeof field.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field.name)) {
    throw new SchemaError(`field ${position} must be an object with a "name" of letters, digits and _`)
  }
  const types = Array.isArray(field.type) ? field.type : [field.type]
  const nullable = types.includes('null')
  const others = types.filter(type => type !== 'null')
  const type = others[0]
  if (others.length !== 1 || !FIELD_TYPES.includes(type as FieldType)) {
    throw new SchemaError(
      `field ${field.name} must have one of the types ${FIELD_TYPES.join(', ')}, optionally with "null"`,
    )
  }
  return {
    name: field.name,
    type: type as FieldType,
    nullable,
    categorical: field.categorical === true,
    textual: field.textual === true,
  }
}

// @ts-check
// Avro schemas for tests, demo and bench: the emulator's schema of a dataset type (its required fields) plus the
// fields a test adds, so each file states only what it is about.
import { DEFAULT_SCHEMAS } from '../emulator/personalize.mjs'

/** The optional fields most tests add, declared as the developer guide's examples declare them. */
export const FIELDS = {
  EVENT_TYPE: { name: 'EVENT_TYPE', type: ['null', 'string'] },
  EVENT_VALUE: { name: 'EVENT_VALUE', type: ['null', 'float'] },
  DESCRIPTION: { name: 'DESCRIPTION', type: ['null', 'string'], textual: true },
}

/**
 * The schema of `type` (INTERACTIONS, ITEMS, USERS) with `fields` after its own.
 * @param {'INTERACTIONS' | 'ITEMS' | 'USERS'} type @param {...object} fields
 * @returns {{ type: string, name: string, fields: object[] }}
 */
export function schemaWith(type, ...fields) {
  const base = /** @type {{ type: string, name: string, fields: object[] }} */ (DEFAULT_SCHEMAS[type])
  return { ...base, fields: [...base.fields, ...fields] }
}

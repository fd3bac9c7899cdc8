// Interactions data for the tests that read all of it (data-checks: full and athena): one header, good records
// of known shape, and a CSV of lines.
import { ACCOUNT } from './constants.js'
import { FIELDS, schemaWith } from './schemas.mjs'

export const INTERACTIONS_DATASET = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/shop/INTERACTIONS`
export const INTERACTIONS_SCHEMA = schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE)
export const INTERACTIONS_HEADER = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE'

/** `n` good records from record `from` on: 40 users, 97 items, two event types. */
export const interactionRows = (n: number, from = 0): string[] =>
  Array.from(
    { length: n },
    (_, i) => `user-${(from + i) % 40},item-${(from + i) % 97},${1_700_000_000 + from + i},${i % 3 ? 'click' : 'buy'}`,
  )

/** Lines as a file's text, each ended by a line break. */
export const csvOf = (lines: string[]): string => `${lines.join('\n')}\n`

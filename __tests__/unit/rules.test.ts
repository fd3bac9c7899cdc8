// The data rules on small CSV texts: each finding names the line, the column and the rule, never the value.
import { describe, expect, test } from 'vitest'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { parseSchema, type Schema, SchemaError } from '../../src/aws/schema.js'
import { missingPersonalizeActions, personalizeStatement } from '../../src/data/bucket-policy.js'
import { Findings } from '../../src/data/findings.js'
import { checkChunks } from '../../src/data/read.js'
import { CsvChecker } from '../../src/data/rules.js'

// EVENT_VALUE's union is written null-last on purpose: either order makes a nullable field.
const interactions: Schema = parseSchema(
  JSON.stringify(schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE, { name: 'EVENT_VALUE', type: ['float', 'null'] })),
)
const items: Schema = parseSchema(
  JSON.stringify(
    schemaWith(
      'ITEMS',
      FIELDS.DESCRIPTION,
      { name: 'TITLE', type: ['null', 'string'] },
      { name: 'PRICE', type: 'int' },
      { name: 'ON_SALE', type: ['null', 'boolean'] },
      { name: 'CREATION_TIMESTAMP', type: 'long' },
    ),
  ),
)

async function check(schema: Schema | undefined, text: string | Uint8Array) {
  const findings = new Findings()
  const checker = new CsvChecker(schema, 'data/x.csv', findings)
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text
  await checkChunks(
    (async function* () {
      yield bytes
    })(),
    checker,
    true,
  )
  return { findings: findings.kept, checker }
}

const rules = (found: Awaited<ReturnType<typeof check>>) =>
  found.findings.map(f => `${f.line ?? '-'}:${f.column ?? '-'} ${f.rule}`)

describe('the header', () => {
  test('required columns missing are listed as the service lists them; optional ones are a warning', async () => {
    const found = await check(interactions, 'USER_ID,EVENT_VALUE\nu,1\n')
    expect(found.findings[0]?.message).toBe(
      'Line 1 lacks the columns the schema requires: [ITEM_ID, TIMESTAMP] (Personalize: "Input csv is missing the following columns")',
    )
    expect(rules(found)).toEqual(['1:- missing-column', '1:- missing-optional-column'])
  })

  test('a byte-order mark, a duplicate name (as Personalize compares names), an unknown column, another order', async () => {
    const found = await check(interactions, '\uFEFFITEM_ID,USER_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,event-type,COLOR\n')
    expect(rules(found)).toEqual([
      '1:- byte-order-mark',
      '1:51 duplicate-column', // the BOM counts as a character of the line
      '1:51 unknown-column',
      '1:62 unknown-column',
      '1:- column-order',
    ])
    expect(found.findings[1]?.message).toContain('EVENT_TYPE and event-type, which Personalize takes as one name')
  })

  test('a file without a header line is an error', async () => {
    expect(rules(await check(interactions, ''))).toEqual(['-:- empty-file'])
  })
})

describe('records', () => {
  const header = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n'

  test('a clean file has no findings and counts its records', async () => {
    const found = await check(interactions, `${header}u1,i1,1700000000,click,1.5\nu2,i2,1700000001,,\n`)
    expect(found.findings).toEqual([])
    expect(found.checker.records).toBe(2)
  })

  test('cell count, empty required value, types, milliseconds, broken quoting, each on its line and column', async () => {
    const found = await check(
      interactions,
      header +
        'u1,i1,1700000000,click\n' +
        'u2,,1700000000,,\n' +
        'u3,i3,17e8,,\n' +
        'u4,i4,1700000000123,,\n' +
        'u5,i5,1700000000,,high\n' +
        'u6,"i6 open,1700000000,,\n' +
        'u7,i7,99999999999999999999,,\n' +
        'u8,i8,-5,,-1.5e3\n',
    )
    expect(rules(found)).toEqual([
      '2:- cell-count',
      '3:4 empty-value',
      '4:7 type',
      '5:7 timestamp-unit',
      '6:19 type',
      '7:4 quoting',
      '8:7 type',
    ])
    expect(found.findings.map(f => f.message)).toEqual([
      'Line 2 has 4 cells, the header 5 (broken quoting, an unescaped comma or quote, or a record split over lines)',
      'Line 3 ITEM_ID (column 2) is empty, and the schema requires a value',
      'Line 4 TIMESTAMP (column 3) is not a long: found a decimal number',
      'Line 5 TIMESTAMP (column 3) is above 10^11: milliseconds or microseconds, where Personalize takes Unix epoch seconds (a date thousands of years ahead)',
      'Line 6 EVENT_VALUE (column 5) is not a float: found text of 4 characters',
      'Line 7 opens a quote in column 2 that the line does not close (a record split over lines, or a " not escaped as \\")',
      'Line 8 TIMESTAMP (column 3) is not a long: found an integer of 20 digits',
    ])
  })

  test('lengths count characters as Personalize does: escapes resolved, multi-byte letters once, emoji twice', async () => {
    const id = (n: number, c = 'a') => c.repeat(n)
    const text =
      header +
      `${id(256)},i,1,,\n` + // 256: fine
      `${id(257)},i,1,,\n` + // 257: too long
      `"${id(255)}\\"",i,1,,\n` + // 255 + an escaped quote = 256: fine
      `${id(256, 'é')},i,1,,\n` + // 256 two-byte letters: fine
      `${id(129, '😀')},i,1,,\n` // 129 emoji = 258 UTF-16 units: too long
    const found = await check(interactions, text)
    expect(rules(found)).toEqual(['3:1 id-length', '6:1 id-length'])
    expect(found.findings[1]?.message).toBe(
      'Line 6 USER_ID (column 1) is 258 characters long; IDs may have at most 256 (the import job will fail)',
    )
  })

  test('categorical, textual and plain strings; int range; booleans in lower case only', async () => {
    const itemsHeader = 'ITEM_ID,GENRES,DESCRIPTION,TITLE,PRICE,ON_SALE,CREATION_TIMESTAMP\n'
    const found = await check(
      items,
      itemsHeader +
        `i1,${'a|'.repeat(500)}a,short,t,5,true,1\n` +
        `i2,g,${'x'.repeat(20_001)},t,5,false,1\n` +
        `i3,g,d,${'y'.repeat(1001)},2147483648,TRUE,1\n` +
        'i4,g,d,t,-2147483648,yes,1700000000000\n',
    )
    expect(rules(found)).toEqual([
      '2:4 categorical-length',
      '3:6 textual-length',
      '4:8 string-length',
      '4:1010 type',
      '4:1021 type',
      '5:22 type',
      '5:26 timestamp-unit',
    ])
    expect(found.findings.map(f => f.severity)).toEqual([
      'error',
      'warning',
      'error',
      'error',
      'error',
      'error',
      'error',
    ])
    expect(found.findings[4]?.message).toBe(
      'Line 4 ON_SALE (column 6) is not a boolean (lower-case true or false): found a boolean not in lower case',
    )
  })

  test('invalid UTF-8 is an error on its line; blank lines are a warning', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`${header}u1,i1,1,,\n\n`),
      0x75,
      0xc3,
      0x28,
      ...new TextEncoder().encode(',i,1,,\n'),
    ])
    expect(rules(await check(interactions, bytes))).toEqual(['3:- blank-line', '4:- encoding'])
  })

  test('without a schema only the shape is checked', async () => {
    expect(rules(await check(undefined, 'a,b\n1\n"x\n3,4\n'))).toEqual(['2:- cell-count', '3:1 quoting'])
  })

  test('no finding ever holds a value', async () => {
    const secret = 'Jane.Doe@example.com'
    const found = await check(interactions, `${header}${secret},${secret},${secret},${secret},${secret}\n`)
    expect(found.findings.length).toBeGreaterThan(0)
    expect(JSON.stringify(found.findings)).not.toContain('Jane')
  })
})

describe('schemas', () => {
  test('null unions in either order, categorical and textual', () => {
    expect(items.fields.find(f => f.name === 'GENRES')).toEqual({
      name: 'GENRES',
      type: 'string',
      nullable: true,
      categorical: true,
      textual: false,
    })
    expect(interactions.fields.find(f => f.name === 'EVENT_VALUE')?.nullable).toBe(true)
  })

  test.each([
    ['{', 'is not valid JSON (at character 1)'],
    ['[]', 'must be an Avro record'],
    [
      '{"type":"record","name":"X","fields":[{"name":"A","type":{"type":"map"}}]}',
      'field A must have one of the types',
    ],
    [
      '{"type":"record","name":"X","fields":[{"name":"A","type":"string"},{"name":"A","type":"int"}]}',
      'names the field A twice',
    ],
  ])('%s is refused: %s', (text, message) => {
    expect(() => parseSchema(text)).toThrow(SchemaError)
    expect(() => parseSchema(text)).toThrow(message)
  })
})

describe('bucket policies', () => {
  const allow = (action: unknown, principal: unknown = { Service: 'personalize.amazonaws.com' }) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: '*' }],
    })

  test('what the policy lacks for personalize.amazonaws.com', () => {
    const needed = ['s3:GetObject', 's3:ListBucket']
    expect(missingPersonalizeActions(allow(['s3:GetObject', 's3:ListBucket']), needed)).toEqual([])
    expect(missingPersonalizeActions(allow('s3:Get*'), needed)).toEqual(['s3:ListBucket'])
    expect(missingPersonalizeActions(allow('s3:*'), needed)).toEqual([])
    expect(missingPersonalizeActions(allow('s3:*', { Service: 'glue.amazonaws.com' }), needed)).toEqual(needed)
    expect(missingPersonalizeActions('not json', needed)).toBeUndefined()
  })

  test('the statement to add names the bucket and nothing else', () => {
    expect(JSON.parse(personalizeStatement('retail', ['s3:GetObject']))).toEqual({
      Sid: 'PersonalizeS3BucketAccess',
      Effect: 'Allow',
      Principal: { Service: 'personalize.amazonaws.com' },
      Action: ['s3:GetObject'],
      Resource: ['arn:aws:s3:::retail', 'arn:aws:s3:::retail/*'],
    })
  })
})

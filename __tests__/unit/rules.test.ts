// The data rules on small CSV texts: one finding per cause (file, rule, field) with its count, first line,
// examples and fix; never a value.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT } from '../../__fixtures__/run-action.mjs'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { ruleTableMarkdown } from '../../scripts/readme-tables.mjs'
import { parseSchema, type Schema, SchemaError } from '../../src/aws/schema.js'
import { evaluatePolicy, partitionOf, personalizeStatement } from '../../src/data/bucket-policy.js'
import { describe as describeFinding, Findings } from '../../src/data/findings.js'
import { ImportChecker } from '../../src/data/import-checker.js'
import { RULES } from '../../src/data/rule-table.js'

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
  const imported = new ImportChecker(schema, undefined, findings)
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text
  const file = await imported.read(
    'data/x.csv',
    (async function* () {
      yield bytes
    })(),
    true,
  )
  imported.join(file)
  return { findings: findings.sorted(), checker: file.checker }
}

/** `severity:rule field count@first-line`, one per finding. */
const rules = (found: Awaited<ReturnType<typeof check>>) =>
  found.findings.map(
    f => `${f.severity === 'error' ? 'E' : 'W'}:${f.rule}${f.field ? ` ${f.field}` : ''} ${f.count}@${f.line ?? '-'}`,
  )
const messages = (found: Awaited<ReturnType<typeof check>>) => found.findings.map(describeFinding)

describe('the header', () => {
  test('required columns missing are listed as the service lists them; optional ones are a warning', async () => {
    const found = await check(interactions, 'USER_ID,EVENT_VALUE\nu,1\n')
    expect(rules(found)).toEqual(['E:missing-column 1@1', 'W:missing-optional-column 1@1'])
    expect(messages(found)[0]).toBe(
      'Line 1 lacks the columns the schema requires: [ITEM_ID, TIMESTAMP] (Personalize: "Input csv is missing the ' +
        'following columns"). Add the columns to the header, named exactly as in the schema.',
    )
  })

  test('near misses: another case imports (a warning); spaces or punctuation are named in the error', async () => {
    const cased = await check(interactions, 'user_id,Item_Id,timestamp,EVENT_TYPE,EVENT_VALUE\nu,i,1,,\n')
    expect(rules(cased)).toEqual(['W:column-case 1@1'])
    expect(messages(cased)[0]).toContain('names USER_ID, ITEM_ID, TIMESTAMP in another case than the schema')
    const spaced = await check(interactions, 'USER_ID,ITEM-ID, TIMESTAMP \nu,i,1\n')
    expect(rules(spaced)).toEqual(['E:missing-column 1@1', 'W:missing-optional-column 1@1', 'W:unknown-column 1@1'])
    expect(messages(spaced)[0]).toContain(
      'column 2 is ITEM_ID with other punctuation: Personalize matches names exactly; ' +
        'column 3 is TIMESTAMP with surrounding spaces',
    )
  })

  test('a byte-order mark, a duplicate name (as Personalize compares names), quotes, an unknown column, another order', async () => {
    const found = await check(
      interactions,
      '\uFEFFITEM_ID,USER_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE,"event-type",COLOR\n',
    )
    expect(rules(found)).toEqual([
      'E:byte-order-mark 1@1',
      'E:duplicate-column 1@1',
      'W:quoted-header 1@1',
      'W:unknown-column 1@1',
      'W:column-order 1@1',
    ])
    expect(messages(found)[1]).toContain('names columns 4 and 6 alike (event-type;')
  })

  test('a first line that is really data is never echoed, even where its cells look like names', async () => {
    const found = await check(interactions, 'jdoe,B07XYZ123,1732800000,purchase,19.99\n')
    const text = JSON.stringify(found.findings) + messages(found).join()
    for (const cell of ['jdoe', 'B07XYZ123', '1732800000', 'purchase', '19.99']) expect(text).not.toContain(cell)
    expect(messages(found)).toEqual([
      'Line 1 is not a header (none of its 5 cells names a field of the schema). Put the header line (the ' +
        "schema's field names, comma-separated) before the data.",
    ])
    expect(found.checker.shownHeader).toBeUndefined()
  })

  test('a header with other names lists each once: those that look like names, and how many do not', async () => {
    const found = await check(interactions, 'USER_ID,ITEM_ID,TIMESTAMP,COLOR,jane.doe@example.com,4111 1111\n')
    const text = JSON.stringify(found.findings) + messages(found).join()
    expect(text).not.toContain('jane')
    expect(text).toContain('3 columns COLOR and 2 names not shown (they do not look like names)')
  })

  test.each([
    ['tab', 'USER_ID\tITEM_ID\tTIMESTAMP\nu1\ti1\t1700000000\n'],
    ['semicolon', 'USER_ID;ITEM_ID;TIMESTAMP\nu1;i1;1700000000\n'],
  ])('a %s-separated file is one finding that says so', async (separator, text) => {
    const found = await check(interactions, text)
    expect(rules(found)).toEqual(['E:separator 1@1'])
    expect(messages(found)[0]).toContain(`Line 1 looks ${separator}-separated (Personalize reads commas only)`)
  })

  test('names with hyphens are near misses of the schema: a header, named in the hint', async () => {
    const found = await check(interactions, 'USER-ID,ITEM-ID,TIMESTAMP\nu1,i1,1700000000\n')
    expect(messages(found)[0]).toContain('column 1 is USER_ID with other punctuation')
    expect(messages(found).join()).toContain('2 columns USER-ID and ITEM-ID, which the schema does not have')
  })

  test('a file without a header line is an error', async () => {
    expect(rules(await check(interactions, ''))).toEqual(['E:empty-file 1@-'])
  })
})

describe('records: one finding per cause', () => {
  const header = 'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE\n'

  test('a clean file has no findings and counts its records', async () => {
    const found = await check(interactions, `${header}u1,i1,1700000000,click,1.5\nu2,i2,1700000001,,\n`)
    expect(found.findings).toEqual([])
    expect(found.checker.records).toBe(2)
  })

  test('findings merged from two reads of one file add their counts and keep 5 examples', () => {
    const read = (lines: number[]) => {
      const findings = new Findings()
      for (const line of lines)
        findings.add({ rule: 'timestamp-unit', file: 'x.csv', field: 'TIMESTAMP', what: 'ms', line })
      return findings
    }
    const all = read([2, 3, 4])
    all.merge(read([7, 8, 9]))
    expect(all.list).toHaveLength(1)
    expect(all.list[0]?.count).toBe(6)
    expect(all.list[0]?.examples.map(e => e.line)).toEqual([2, 3, 4, 7, 8])
  })

  test('30,000 millisecond timestamps are one error with its count, examples and fix', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `u${i},i${i % 7},${1_700_000_000_000 + i},click,\n`)
    const found = await check(interactions, header + rows.join(''))
    expect(rules(found)).toEqual(['E:timestamp-unit TIMESTAMP 30000@2'])
    expect(found.findings[0]?.examples.map(e => e.line)).toEqual([2, 3, 4, 5, 6])
    expect(messages(found)[0]).toBe(
      '30,000 of 30,000 TIMESTAMP (field 3) values look like milliseconds or microseconds (above 10^11, where ' +
        'Personalize takes Unix epoch seconds) (lines 2, 3, 4, 5, 6, ...). Divide by 1000 (milliseconds) or 1,000,000 (microseconds).',
    )
  })

  test('reserved fields blank or mistyped are errors; cell count and quoting are per record', async () => {
    const found = await check(
      interactions,
      header +
        'u1,i1,1700000000,click\n' +
        'u2,,1700000000,,\n' +
        'u3,i3,17e8,,\n' +
        'u5,i5,1700000000,,high\n' +
        'u6,"i6 open,1700000000,,\n' +
        'u7,i7,99999999999999999999,,\n' +
        'u8,i8,-5,,-1.5e3\n',
    )
    expect(rules(found)).toEqual([
      'E:cell-count 1@2',
      'E:empty-value ITEM_ID 1@3',
      'E:type TIMESTAMP 2@4',
      'E:type EVENT_VALUE 1@5',
      'E:quoting 1@6',
    ])
    expect(found.findings[2]?.examples).toEqual([
      { line: 4, column: 7 },
      { line: 7, column: 7 },
    ])
    expect(messages(found)[2]).toBe(
      '2 of 7 TIMESTAMP (field 3) values are not a long (first: a decimal number) (lines 4, 7). Write every value of this field as long.',
    )
  })

  test('metadata blank or mistyped is a warning whose fix is a nullable type (as imports have shown)', async () => {
    const found = await check(items, 'ITEM_ID,PRICE,CREATION_TIMESTAMP\ni1,,1\ni2,No,1\ni3,5,\ni4,,1\n')
    expect(rules(found)).toEqual([
      'E:empty-value CREATION_TIMESTAMP 1@4',
      'W:missing-optional-column 1@1',
      'W:metadata-empty PRICE 2@2',
      'W:metadata-type PRICE 1@3',
    ])
    expect(messages(found)[2]).toContain('Make the field nullable in the schema (["null", "int"]), or fill the blanks.')
  })

  test('line breaks inside quoted values: one finding, and records counted as records', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `i${i},"A text\nover two lines",5,1700000000\n`)
    const found = await check(items, `ITEM_ID,DESCRIPTION,PRICE,CREATION_TIMESTAMP\n${rows.join('')}i50,plain,5,1\n`)
    expect(rules(found)).toEqual(['E:line-break-in-value 50@2', 'W:missing-optional-column 1@1'])
    expect(found.checker.records).toBe(51)
    expect(found.findings[0]?.examples.map(e => e.line)).toEqual([2, 4, 6, 8, 10])
  })

  test('lines that end with CR alone: one finding, and the file is checked all the same', async () => {
    const found = await check(interactions, `${header}u1,i1,1700000000,click,\ru2,,1,click,\r`.replace('\n', '\r'))
    expect(rules(found)).toEqual(['E:empty-value ITEM_ID 1@3', 'W:cr-line-ends 1@-'])
    expect(found.checker.records).toBe(2)
  })

  test('both quote escapes pass: \\" and "" (RFC 4180, as pandas writes)', async () => {
    const found = await check(
      items,
      'ITEM_ID,DESCRIPTION,PRICE,CREATION_TIMESTAMP\ni1,"say ""hi""",5,1\ni2,"say \\"hi\\"",5,1\n',
    )
    expect(rules(found)).toEqual(['W:missing-optional-column 1@1'])
  })

  test('lengths count characters as Personalize does: escapes resolved, multi-byte letters once, emoji twice', async () => {
    const id = (n: number, c = 'a') => c.repeat(n)
    const text =
      header +
      `${id(256)},i,1,,\n` + // 256: fine
      `${id(257)},i,1,,\n` + // 257: too long
      `"${id(255)}\\"",i,1,,\n` + // 255 + an escaped quote = 256: fine
      `"${id(255)}""",i,1,,\n` + // 255 + a doubled quote = 256: fine
      `${id(256, 'é')},i,1,,\n` + // 256 two-byte letters: fine
      `${id(129, '😀')},i,1,,\n` // 129 emoji = 258 UTF-16 units: too long
    const found = await check(interactions, text)
    expect(rules(found)).toEqual(['E:id-length USER_ID 2@3'])
    expect(found.findings[0]?.examples.map(e => e.line)).toEqual([3, 7])
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
      'E:categorical-length GENRES 1@2',
      'E:timestamp-unit CREATION_TIMESTAMP 1@5',
      'W:textual-length DESCRIPTION 1@3',
      'W:string-length TITLE 1@4',
      'W:metadata-type PRICE 1@4',
      'W:metadata-type ON_SALE 2@4',
    ])
  })

  test('float and double take decimal and scientific notation, nothing else', async () => {
    const values = ['1', '-1.5', '+.5', '5.', '1e3', '-2.5E-3', '.', 'e3', '1e', '1.2.3', '0x10', 'NaN', '1,5']
    const text = `${header}${values.map((v, i) => `u${i},i,1,,"${v}"`).join('\n')}\n`
    const found = await check(interactions, text)
    expect(found.findings.map(f => [f.rule, f.count])).toEqual([['type', 7]])
    expect(found.findings[0]?.examples.map(e => e.line)).toEqual([8, 9, 10, 11, 12])
  })

  test('invalid UTF-8 is an error on its line; blank lines are a warning', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`${header}u1,i1,1,,\n\n`),
      0x75,
      0xc3,
      0x28,
      ...new TextEncoder().encode(',i,1,,\n'),
    ])
    expect(rules(await check(interactions, bytes))).toEqual(['E:encoding 1@4', 'W:blank-line 1@3'])
  })

  test('without a schema only the shape is checked', async () => {
    expect(rules(await check(undefined, 'a,b\n1\n"x\n3,4\n'))).toEqual(['E:cell-count 1@2', 'E:quoting 1@3'])
  })

  test('no finding ever holds a value', async () => {
    const secret = 'Jane.Doe@example.com'
    const found = await check(interactions, `${header}${secret},${secret},${secret},${secret},${secret}\n`)
    expect(found.findings.length).toBeGreaterThan(0)
    expect(JSON.stringify(found.findings) + messages(found).join()).not.toContain('Jane')
  })
})

describe('the rule table', () => {
  test('an error rests on evidence: every error names a source that is not "unknown"', () => {
    for (const [id, rule] of Object.entries(RULES)) {
      if (rule.severity === 'error') expect(rule.source, id).not.toMatch(/^unknown/)
    }
  })

  test("the data checks' documentation lists every rule with its severity, source and fix, as the table says", () => {
    const doc = readFileSync(join(ROOT, 'docs', 'data-checks.md'), 'utf8')
    expect(doc).toContain(ruleTableMarkdown())
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
  const OBJECT = { action: 's3:GetObject', resource: 'arn:aws:s3:::retail/data/part-1.csv' }
  const BUCKET = { action: 's3:ListBucket', resource: 'arn:aws:s3:::retail' }
  const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements })
  const statement = (extra: object) => ({
    Effect: 'Allow',
    Principal: { Service: 'personalize.amazonaws.com' },
    Action: ['s3:GetObject', 's3:ListBucket'],
    Resource: ['arn:aws:s3:::retail', 'arn:aws:s3:::retail/*'],
    ...extra,
  })
  const judge = (...statements: object[]) => evaluatePolicy(policy(...statements), [OBJECT, BUCKET])

  test('a grant for the bucket and its objects, with wildcards in actions', () => {
    expect(judge(statement({}))).toEqual(['allowed', 'allowed'])
    expect(judge(statement({ Action: 's3:Get*' }))).toEqual(['allowed', 'missing'])
    expect(judge(statement({ Action: 's3:*' }))).toEqual(['allowed', 'allowed'])
    expect(judge(statement({ Principal: { Service: 'glue.amazonaws.com' } }))).toEqual(['missing', 'missing'])
    expect(judge(statement({ Principal: { AWS: ['*'] } }))).toEqual(['allowed', 'allowed'])
    expect(evaluatePolicy('not json', [OBJECT])).toBeUndefined()
  })

  test('Resource is judged against the data: another bucket or another prefix grants nothing', () => {
    expect(judge(statement({ Resource: ['arn:aws:s3:::other', 'arn:aws:s3:::other/*'] }))).toEqual([
      'missing',
      'missing',
    ])
    expect(judge(statement({ Resource: ['arn:aws:s3:::retail', 'arn:aws:s3:::retail/logs/*'] }))).toEqual([
      'missing',
      'allowed',
    ])
    expect(judge(statement({ Resource: 'arn:aws-cn:s3:::retail*' }))).toEqual(['allowed', 'allowed'])
  })

  test('Deny before Allow; NotAction and NotResource; a Condition or NotPrincipal is unknown, not missing', () => {
    const deny = statement({ Effect: 'Deny', Action: 's3:GetObject' })
    expect(judge(statement({}), deny)).toEqual(['denied', 'allowed'])
    expect(judge(statement({ Action: undefined, NotAction: 's3:Delete*' }))).toEqual(['allowed', 'allowed'])
    expect(judge(statement({ Resource: undefined, NotResource: 'arn:aws:s3:::retail/data/*' }))).toEqual([
      'missing',
      'allowed',
    ])
    expect(judge(statement({ Condition: { StringEquals: { 'aws:SourceAccount': '1' } } }))).toEqual([
      'unknown',
      'unknown',
    ])
    expect(judge(statement({ Principal: undefined, NotPrincipal: { AWS: 'x' } }))).toEqual(['unknown', 'unknown'])
  })

  test('the statement to add names the bucket in its partition and nothing else', () => {
    expect(JSON.parse(personalizeStatement('retail', ['s3:GetObject'], 'aws-cn'))).toEqual({
      Sid: 'PersonalizeS3BucketAccess',
      Effect: 'Allow',
      Principal: { Service: 'personalize.amazonaws.com' },
      Action: ['s3:GetObject'],
      Resource: ['arn:aws-cn:s3:::retail', 'arn:aws-cn:s3:::retail/*'],
    })
    expect(partitionOf('cn-north-1')).toBe('aws-cn')
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov')
    expect(partitionOf('eu-west-1')).toBe('aws')
  })
})

describe('every message of a value or record rule reads right for one and for many', () => {
  const header = 'ITEM_ID,DESCRIPTION,TITLE,PRICE,ON_SALE,CREATION_TIMESTAMP\n'
  const clean = 'i1,text,title,10,true,1700000000'
  /** A record that breaks one rule once; the file with it once, then twice. */
  const breaking: Array<[string, string]> = [
    ['empty-value', ',text,title,10,true,1700000000'],
    ['metadata-empty', 'i1,text,title,,true,1700000000'],
    ['type', 'i1,text,title,10,true,soon'],
    ['metadata-type', 'i1,text,title,ten,true,1700000000'],
    ['timestamp-unit', 'i1,text,title,10,true,1700000000000'],
    ['id-length', `${'i'.repeat(257)},text,title,10,true,1700000000`],
    ['string-length', `i1,text,${'t'.repeat(1001)},10,true,1700000000`],
    ['textual-length', `i1,${'d'.repeat(20_001)},title,10,true,1700000000`],
    ['encoding', 'i1,t\xff,title,10,true,1700000000'],
    ['quoting', 'i1,"text,title,10,true,1700000000'],
    ['cell-count', 'i1,text,title,10,true,1700000000,'],
    ['blank-line', ''],
    ['backslash-quote', 'i1,"a path, C:\\dir\\",title,10,true,1700000000'],
    ['line-break-in-value', 'i1,"two\nlines",title,10,true,1700000000'],
  ]
  const bytes = (text: string) => Uint8Array.from(text, c => c.charCodeAt(0) & 0xff)
  const noun = /\b1 (records|values|files|objects|names|lines|cells|were)\b/
  const oneTakesPlural = /(^Line [\d,]+|\bvalue) (are|look|have|open|hold|end)\b/
  const manyTakeSingular = /\b(values|records) (is|looks|has|opens|holds|ends)\b/

  test.each(breaking)('%s', async (rule, line) => {
    const once = await check(items, bytes(`${header}${clean}\n${line}\n${clean}\n`))
    const twice = await check(items, bytes(`${header}${line}\n${clean}\n${line}\n`))
    const one = messages(once).find((_, i) => once.findings[i]?.rule === rule) ?? ''
    const many = messages(twice).find((_, i) => twice.findings[i]?.rule === rule) ?? ''
    expect(one, rule).not.toBe('')
    expect(many, rule).not.toBe('')
    expect(one).not.toMatch(noun)
    expect(one).not.toMatch(oneTakesPlural)
    expect(many).not.toMatch(manyTakeSingular)
    expect(twice.findings.find(f => f.rule === rule)?.count).toBe(2)
  })

  test('a line too long to be a record, once', async () => {
    const findings = new Findings()
    const imported = new ImportChecker(items, undefined, findings)
    const mib = new Uint8Array(1024 * 1024).fill(0x78)
    const file = await imported.read(
      'data/x.csv',
      (async function* () {
        yield bytes(header)
        for (let i = 0; i < 17; i++) yield mib
        yield bytes(`\n${clean}\n`)
      })(),
      true,
    )
    imported.join(file)
    expect(findings.sorted().map(describeFinding).join()).toMatch(/Line 2 is longer than 16 MiB/)
  })

  test('every rule of these scopes is covered above', () => {
    const covered = new Set([...breaking.map(([rule]) => rule), 'line-too-long'])
    const scoped = Object.entries(RULES).filter(([, rule]) => rule.scope === 'value' || rule.scope === 'record')
    expect(scoped.map(([id]) => id).filter(id => !covered.has(id) && id !== 'categorical-length')).toEqual([])
  })
})

describe('files that are not CSV text: one finding that names the format', () => {
  test.each([
    ['gzip', Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3), 'gzip-compressed'],
    ['Parquet', new TextEncoder().encode('PAR1\x15\x04\x15\x10\x15\x14L\x15\x02\x15\x00'), 'Parquet'],
    [
      'UTF-16 with a mark',
      Uint8Array.from([0xff, 0xfe, ...utf16('ITEM_ID,TITLE\ni1,t\n')]),
      'UTF-16 text (little-endian, with a byte-order mark)',
    ],
    [
      'UTF-16 without a mark',
      Uint8Array.from(utf16('ITEM_ID,TITLE\ni1,t\n')),
      'UTF-16 text (little-endian, without a byte-order mark)',
    ],
  ])('%s', async (_, data, name) => {
    const found = await check(items, data)
    expect(rules(found)).toEqual(['E:file-format 1@-'])
    expect(messages(found)[0]).toContain(`data/x.csv is ${name}, not CSV text`)
  })

  function utf16(text: string): number[] {
    return [...text].flatMap(c => [c.charCodeAt(0), 0])
  }
})

test("a value that ends in a backslash (Python's csv module) is read to its quote: a warning, the record checked", async () => {
  const found = await check(items, 'ITEM_ID,TITLE,PRICE,CREATION_TIMESTAMP\ni1,"a path, C:\\dir\\",ten,1700000000\n')
  expect(rules(found)).toContain('W:backslash-quote 1@2')
  expect(rules(found)).toContain('W:metadata-type PRICE 1@2')
  expect(rules(found).some(rule => rule.startsWith('E:'))).toBe(false)
})

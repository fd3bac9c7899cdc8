// The data checks against data whose import outcome is known, in process (run() in check-only): what imported
// must give 0 errors, and a documented fault one finding. The published files themselves (manifest.json) cannot be
// committed here; they are checked whenever they are in ../shared/corpus (or CORPUS_DIR). Their twins below, made
// by code, carry the features of each published file that decided an outcome, so every run checks those.
import { describe, expect, test } from 'vitest'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import { scaled } from '../../__fixtures__/time-scale.mjs'
import { checkCorpus, corpusTable, MANIFEST } from '../../scripts/corpus.mjs'

const NO_AWS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_REGION: undefined }
const schemaOf = (file: string) => {
  const entry = MANIFEST.files.find(candidate => candidate.file === file)
  if (!entry) throw new Error(`${file} is not in the manifest`)
  return entry.schema
}

function checkOnly(schema: object, text: string) {
  return runAction({
    inputs: { 'check-only': 'true', 'local-data': 'data/file.csv', 'schema-file': 'schema.json' },
    env: NO_AWS,
    workspaceFiles: { 'data/file.csv': text, 'schema.json': JSON.stringify(schema) },
  })
}

const findings = (run: Awaited<ReturnType<typeof checkOnly>>) =>
  (JSON.parse(run.outputs.checks ?? '{}').findings as Array<{ severity: string; rule: string; count: number }>).map(
    finding => `${finding.severity === 'error' ? 'E' : 'W'}:${finding.rule} ${finding.count}`,
  )

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

describe.concurrent('twins of files that imported: 0 errors', () => {
  test('POC interactions: columns in another order than the schema', async () => {
    const rows = range(1500).map(i => `${i % 40},${i % 97},${1_600_000_000 + i},${i % 3 ? 'watch' : 'click'}`)
    const run = await checkOnly(
      schemaOf('poc-interactions.csv'),
      `USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n${rows.join('\n')}\n`,
    )
    expect(findings(run)).toEqual(['W:column-order 1'])
    expect(run.code).toBe(0)
  })

  test('POC item metadata: a non-null int YEAR with 12 blanks and one "2006–2007"', async () => {
    const rows = range(300).map(i => `${i},Comedy|Drama,${i % 25 === 0 ? '' : i === 7 ? '2006–2007' : 1990 + (i % 30)}`)
    const run = await checkOnly(schemaOf('poc-item-meta.csv'), `ITEM_ID,GENRE,YEAR\n${rows.join('\n')}\n`)
    expect(findings(run)).toEqual(['W:metadata-empty 12', 'W:metadata-type 1'])
    expect(run.code).toBe(0)
  })

  test('news items: lower-case quoted names, textual values with \\" and "" escapes', async () => {
    const text = (i: number) =>
      i % 5 === 0 ? `"He said \\"go\\", and ""stay"", ${i}"` : i % 7 === 0 ? '""' : `"A plain article, ${i}"`
    const rows = range(200).map(i => `${1_459_193_988 + i},${-4_110_354_420_726_924 + i},"en","crypto",${text(i)}`)
    const header = '"creation_timestamp","item_id","lang","article_genre","training_text"'
    const run = await checkOnly(schemaOf('news-items.csv'), `${header}\n${rows.join('\n')}\n`)
    expect(findings(run)).toEqual(['W:quoted-header 1', 'W:column-case 1', 'W:column-order 1'])
    expect(run.code).toBe(0)
  })

  test('airline items: No in the int DurationDays of 2 rows', async () => {
    const header =
      'ITEM_ID,DSTCity,SRCCity,Airline,DurationDays,Season,numberOfSearchByUser,Promotion,DynamicPrice,DiscountForMember,Expired'
    const rows = range(100).map(i => `${i},Hong Kong,Manila,Air,${i % 50 === 9 ? 'No' : 16},April,18444,No,3287,0,No`)
    const run = await checkOnly(schemaOf('airline-items.csv'), `${header}\n${rows.join('\n')}\n`)
    expect(findings(run)).toEqual(['W:metadata-type 2'])
    expect(run.code).toBe(0)
  })

  test('pandas to_csv items: descriptions with "" inside quotes', async () => {
    const schema = {
      type: 'record',
      name: 'Items',
      fields: [
        { name: 'ITEM_ID', type: 'string' },
        { name: 'PRODUCT_DESCRIPTION', type: 'string', textual: true },
        { name: 'PRICE', type: 'float' },
      ],
    }
    const rows = range(120).map(i => (i < 42 ? `i${i},"A 12"" pan, ""non-stick""",9.99` : `i${i},A pan,9.99`))
    const run = await checkOnly(schema, `ITEM_ID,PRODUCT_DESCRIPTION,PRICE\n${rows.join('\n')}\n`)
    expect(findings(run)).toEqual([])
    expect(run.code).toBe(0)
  })
})

describe.concurrent('documented faults: one finding each', () => {
  test('30,000 interactions with millisecond timestamps: one error with its count and fix', async () => {
    const rows = range(30_000).map(i => `${i % 3000},${i % 500},${1_428_624_000_000 + i * 1000},Economy,RATING,7.0`)
    const header = 'ITEM_ID,USER_ID,TIMESTAMP,CABIN_TYPE,EVENT_TYPE,EVENT_VALUE'
    const run = await checkOnly(schemaOf('airline-interactions.csv'), `${header}\n${rows.join('\n')}\n`)
    expect(findings(run)).toEqual(['E:timestamp-unit 30000'])
    expect(run.code).toBe(1)
    expect(run.errors[0]).toBe(
      '30,000 of 30,000 TIMESTAMP (field 3) values look like milliseconds or microseconds (above 10^11, where ' +
        'Personalize takes Unix epoch seconds) (lines 2, 3, 4, 5, 6, ...). Divide by 1000 (milliseconds) or 1,000,000 (microseconds).',
    )
  })

  test('descriptions with line breaks inside quotes: one error, and records counted as records', async () => {
    const schema = {
      type: 'record',
      name: 'Items',
      fields: [
        { name: 'ITEM_ID', type: 'string' },
        { name: 'DESCRIPTION', type: ['null', 'string'], textual: true },
      ],
    }
    const rows = range(2465).map(i => `i${i},"First line\nsecond line"`)
    const run = await checkOnly(schema, `ITEM_ID,DESCRIPTION\n${rows.join('\n')}\n`)
    expect(findings(run)).toEqual(['E:line-break-in-value 2465'])
    expect(JSON.parse(run.outputs.checks ?? '{}').localData.records).toBe(2465)
  })

  test('a file whose lines end with CR alone: one warning, and every record checked', async () => {
    const rows = range(1200).map(i => `${i % 40},${i % 97},${1_600_000_000 + i},watch`)
    const text = `USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\r${rows.join('\r').replace('1,1,1600000001,watch', '1,,1600000001,watch')}\r`
    const run = await checkOnly(schemaOf('poc-interactions.csv'), text)
    expect(findings(run)).toEqual(['E:empty-value 1', 'W:cr-line-ends 1', 'W:column-order 1'])
    expect(JSON.parse(run.outputs.checks ?? '{}').localData.records).toBe(1200)
  })
})

test(
  'the published files, where present, give what their imports showed',
  async () => {
    const results = await checkCorpus()
    console.log(corpusTable(results))
    expect(results.filter(result => result.found === 'other bytes').map(result => result.file)).toEqual([])
    for (const result of results.filter(found => found.found === 'yes')) {
      expect(result.errors, result.file).toBe(result.expected.errors)
    }
    expect(results).toHaveLength(MANIFEST.files.length)
  },
  scaled(120_000),
)

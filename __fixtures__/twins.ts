// Twins of the published files of the corpus (scripts/corpus.mjs, manifest.json), made by code: each carries the
// features of a published file that decided its import's outcome, with the findings the checks must give. The
// corpus test checks them as workspace files; the differential test through local-data, full and athena.
import { MANIFEST } from '../scripts/corpus.mjs'

export interface Twin {
  name: string
  schema: { type: string; name: string; fields: object[] }
  text: string
  /** The findings of check-only, as "E:rule count" or "W:rule count", in the order reported. */
  expected: string[]
  /** Records, where the test says so. */
  records?: number
  /** Athena reads a line at a time: a quoted value with a line break splits its record there. */
  splitByAthena?: boolean
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)

function schemaOf(file: string): Twin['schema'] {
  const entry = MANIFEST.files.find(candidate => candidate.file === file)
  if (!entry) throw new Error(`${file} is not in the manifest`)
  return entry.schema as Twin['schema']
}

/** Twins of files that imported: 0 errors. */
export const IMPORTED: Twin[] = [
  {
    name: 'POC interactions: columns in another order than the schema',
    schema: schemaOf('poc-interactions.csv'),
    text: `USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\n${range(1500)
      .map(i => `${i % 40},${i % 97},${1_600_000_000 + i},${i % 3 ? 'watch' : 'click'}`)
      .join('\n')}\n`,
    expected: ['W:column-order 1'],
  },
  {
    name: 'POC item metadata: a non-null int YEAR with 12 blanks and one "2006–2007"',
    schema: schemaOf('poc-item-meta.csv'),
    text: `ITEM_ID,GENRE,YEAR\n${range(300)
      .map(i => `${i},Comedy|Drama,${i % 25 === 0 ? '' : i === 7 ? '2006–2007' : 1990 + (i % 30)}`)
      .join('\n')}\n`,
    expected: ['W:metadata-empty 12', 'W:metadata-type 1'],
  },
  {
    name: 'news items: lower-case quoted names, textual values with \\" and "" escapes',
    schema: schemaOf('news-items.csv'),
    text: (() => {
      const text = (i: number) =>
        i % 5 === 0 ? `"He said \\"go\\", and ""stay"", ${i}"` : i % 7 === 0 ? '""' : `"A plain article, ${i}"`
      const rows = range(200).map(i => `${1_459_193_988 + i},${-4_110_354_420_726_924 + i},"en","crypto",${text(i)}`)
      const header = '"creation_timestamp","item_id","lang","article_genre","training_text"'
      return `${header}\n${rows.join('\n')}\n`
    })(),
    expected: ['W:quoted-header 1', 'W:column-case 1', 'W:column-order 1'],
  },
  {
    name: 'airline items: No in the int DurationDays of 2 rows',
    schema: schemaOf('airline-items.csv'),
    text: `ITEM_ID,DSTCity,SRCCity,Airline,DurationDays,Season,numberOfSearchByUser,Promotion,DynamicPrice,DiscountForMember,Expired\n${range(
      100,
    )
      .map(i => `${i},Hong Kong,Manila,Air,${i % 50 === 9 ? 'No' : 16},April,18444,No,3287,0,No`)
      .join('\n')}\n`,
    expected: ['W:metadata-type 2'],
  },
  {
    name: 'pandas to_csv items: descriptions with "" inside quotes',
    schema: {
      type: 'record',
      name: 'Items',
      fields: [
        { name: 'ITEM_ID', type: 'string' },
        { name: 'PRODUCT_DESCRIPTION', type: 'string', textual: true },
        { name: 'PRICE', type: 'float' },
      ],
    },
    text: `ITEM_ID,PRODUCT_DESCRIPTION,PRICE\n${range(120)
      .map(i => (i < 42 ? `i${i},"A 12"" pan, ""non-stick""",9.99` : `i${i},A pan,9.99`))
      .join('\n')}\n`,
    expected: [],
  },
]

/** Twins of documented faults: one finding each. */
export const FAULTS: Twin[] = [
  {
    name: '30,000 interactions with millisecond timestamps: one error with its count and fix',
    schema: schemaOf('airline-interactions.csv'),
    text: `ITEM_ID,USER_ID,TIMESTAMP,CABIN_TYPE,EVENT_TYPE,EVENT_VALUE\n${range(30_000)
      .map(i => `${i % 3000},${i % 500},${1_428_624_000_000 + i * 1000},Economy,RATING,7.0`)
      .join('\n')}\n`,
    expected: ['E:timestamp-unit 30000'],
  },
  {
    name: 'descriptions with line breaks inside quotes: one error, and records counted as records',
    schema: {
      type: 'record',
      name: 'Items',
      fields: [
        { name: 'ITEM_ID', type: 'string' },
        { name: 'DESCRIPTION', type: ['null', 'string'], textual: true },
      ],
    },
    text: `ITEM_ID,DESCRIPTION\n${range(2465)
      .map(i => `i${i},"First line\nsecond line"`)
      .join('\n')}\n`,
    expected: ['E:line-break-in-value 2465'],
    records: 2465,
    splitByAthena: true,
  },
  {
    name: 'a file whose lines end with CR alone: one warning, and every record checked',
    schema: schemaOf('poc-interactions.csv'),
    text: `USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\r${range(1200)
      .map(i => `${i % 40},${i % 97},${1_600_000_000 + i},watch`)
      .join('\r')
      .replace('1,1,1600000001,watch', '1,,1600000001,watch')}\r`,
    expected: ['E:empty-value 1', 'W:cr-line-ends 1', 'W:column-order 1'],
    records: 1200,
  },
]

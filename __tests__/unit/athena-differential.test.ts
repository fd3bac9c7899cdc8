// The three ways of checking all of the data must agree: each fixture, as workspace files (local-data), as S3
// objects read in full on the runner (data-checks: full) and as S3 objects counted by Athena (data-checks: athena,
// the emulator's DuckDB over OpenCSVSerde's reading), gives the same count per rule and field, the same records and
// the same profile figures; so do the twins of the corpus's published files. Only where a finding's first line comes
// from differs (Athena's come from the sample), and where Athena's reader splits a record (which it says).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCOUNT, startTestS3 } from '../../__fixtures__/harness.js'
import { runInProcess } from '../../__fixtures__/in-process.js'
import { FIELDS, schemaWith } from '../../__fixtures__/schemas.mjs'
import { FAULTS, IMPORTED } from '../../__fixtures__/twins.js'
import { type AthenaEmulator, startAthena } from '../../emulator/athena.mjs'
import { type PersonalizeEmulator, startEmulator } from '../../emulator/personalize.mjs'
import { personalizeReadPolicy, type S3Emulator } from '../../emulator/s3.mjs'

type DatasetType = 'INTERACTIONS' | 'ITEMS' | 'USERS'
interface Fixture {
  name: string
  type: DatasetType
  schema: object
  files: Record<string, string>
  /** Athena reads a line at a time: a quoted value with a line break splits its record there (and says so). */
  splitByAthena?: boolean
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const csv = (header: string, rows: string[]) => `${header}\n${rows.join('\n')}\n`
const ASTRAL_ID = '😀'.repeat(130) // 130 characters, 260 UTF-16 units: over the 256 of an ID

const FIXTURES: Fixture[] = [
  {
    name: 'interactions, clean, three objects: users with 2+, event types, the time range',
    type: 'INTERACTIONS',
    schema: schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE),
    files: Object.fromEntries(
      range(3).map(part => [
        `part-${part}.csv`,
        csv(
          'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE',
          range(700).map(
            i =>
              `u${(part * 700 + i) % 450},i${i % 97},${1_600_000_000 + part * 86_400 * 30 + i},${['view', 'click', 'buy'][i % 3]}`,
          ),
        ),
      ]),
    ),
  },
  {
    name: 'interactions with every record fault: milliseconds, blanks, long and astral IDs, cells, text times',
    type: 'INTERACTIONS',
    schema: schemaWith('INTERACTIONS', FIELDS.EVENT_TYPE, FIELDS.EVENT_VALUE),
    files: {
      'part-0.csv': csv(
        'USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE,EVENT_VALUE',
        range(1500).map(i => {
          if (i % 101 === 5) return `u${i},i${i},${1_600_000_000_000 + i},view,1.5`
          if (i % 211 === 7) return `,i${i},${1_600_000_000 + i},view,2`
          if (i === 300) return `u${i},${'x'.repeat(300)},${1_600_000_000 + i},view,2`
          if (i === 301) return `u${i},${ASTRAL_ID},${1_600_000_000 + i},view,2`
          if (i === 302) return `u${i},i${i},${1_600_000_000 + i},view,2,extra`
          if (i === 303) return `u${i},i${i},${1_600_000_000 + i}`
          if (i === 304) return ''
          if (i % 250 === 9) return `u${i},i${i},yesterday,view,.5`
          if (i % 333 === 1) return `u${i},"i,${i}",${1_600_000_000 + i},"say, hi",1e3`
          if (i % 97 === 3) return `u${i},i${i},${1_600_000_000 + i},,lots`
          return `u${i % 60},i${i % 40},${1_600_000_000 + i},${i % 2 ? 'view' : 'buy'},${i % 5}.25`
        }),
      ),
    },
  },
  {
    name: 'items: blank and mistyped metadata, long categorical and textual values, booleans',
    type: 'ITEMS',
    schema: schemaWith(
      'ITEMS',
      { name: 'YEAR', type: 'int' },
      { name: 'PRICE', type: ['null', 'double'] },
      { name: 'ON_SALE', type: ['null', 'boolean'] },
      FIELDS.DESCRIPTION,
    ),
    files: {
      'items.csv': csv(
        'ITEM_ID,GENRES,YEAR,PRICE,ON_SALE,DESCRIPTION',
        range(400).map(i => {
          const genres = i === 10 ? 'g'.repeat(1001) : i % 9 === 0 ? '' : 'Comedy|Drama'
          const year = i % 25 === 0 ? '' : i === 7 ? '2006–2007' : i === 8 ? '99999999999' : String(1990 + (i % 30))
          const price = i % 13 === 0 ? 'free' : i % 17 === 0 ? '' : `${i}.99`
          const sale = i % 31 === 0 ? 'True' : i % 2 ? 'true' : 'false'
          const description = i === 20 ? `"${'d'.repeat(20_001)}"` : `"An item, number ${i}"`
          return `${i},${genres},${year},${price},${sale},${description}`
        }),
      ),
    },
  },
  {
    name: 'users over two objects: blank ages, an age that is no int',
    type: 'USERS',
    schema: schemaWith('USERS', { name: 'MEMBERSHIP', type: ['null', 'string'], categorical: true }),
    files: {
      'a.csv': csv(
        'USER_ID,AGE,MEMBERSHIP',
        range(300).map(i => `u${i},${i % 7 === 0 ? '' : i === 50 ? '3x' : 18 + (i % 60)},${i % 4 ? 'gold' : ''}`),
      ),
      'b.csv': csv(
        'USER_ID,AGE,MEMBERSHIP',
        range(200).map(i => `v${i},${i % 11 === 0 ? '' : 20 + (i % 50)},silver`),
      ),
    },
  },
]

// The twins of the corpus's published files, each as one object.
for (const twin of [...IMPORTED, ...FAULTS]) {
  FIXTURES.push({
    name: `twin: ${twin.name}`,
    type: twin.schema.name.toUpperCase() === 'INTERACTIONS' ? 'INTERACTIONS' : 'ITEMS',
    schema: twin.schema,
    files: { 'twin.csv': twin.text },
    ...(twin.splitByAthena ? { splitByAthena: true } : {}),
  })
}

let s3: S3Emulator
let athena: AthenaEmulator
const emulators: PersonalizeEmulator[] = []
beforeAll(async () => {
  s3 = await startTestS3()
  athena = await startAthena({ s3 })
})
afterAll(async () => {
  await Promise.all(emulators.map(emulator => emulator.close()))
  await athena.close()
  await s3.close()
})

interface Checked {
  counts: string[]
  records: number
  profile: Record<string, unknown>
}

function summary(run: { outputs: Record<string, string> }): Checked {
  const checks = JSON.parse(run.outputs.checks ?? '{}')
  const findings = checks.findings as Array<{ severity: string; rule: string; field?: string; count: number }>
  const { scope: _scope, ...profile } = checks.profile ?? {}
  return {
    counts: findings.map(f => `${f.severity} ${f.rule} ${f.field ?? ''} ${f.count}`).sort(),
    records: (checks.localData ?? checks.data)?.records,
    profile: { ...profile, eventTypes: [...(profile.eventTypes ?? [])].sort((a, b) => a.type.localeCompare(b.type)) },
  }
}

describe.concurrent('local-data, full and athena give the same counts and profile', () => {
  test.each(FIXTURES.map((fixture, index) => [fixture.name, fixture, index] as const))(
    '%s',
    async (_name, fixture, index) => {
      const bucket = `differential-${index}`
      await s3.createBucket(bucket, { policy: personalizeReadPolicy(bucket) })
      for (const [key, body] of Object.entries(fixture.files)) await s3.putObject(bucket, `data/${key}`, body)
      const dataset = `arn:aws:personalize:us-east-1:${ACCOUNT}:dataset/diff${index}/${fixture.type}`
      const emulator = await startEmulator()
      emulator.addDataset({ arn: dataset, schema: fixture.schema })
      emulators.push(emulator)
      const common = { 'check-only': 'true', 'dataset-arn': dataset, 'import-mode': 'FULL', preflight: 'true' }
      const local = await runInProcess({
        emulator,
        inputs: { ...common, 'local-data': 'data/*.csv' },
        workspaceFiles: Object.fromEntries(Object.entries(fixture.files).map(([key, body]) => [`data/${key}`, body])),
      })
      const inS3 = (mode: string) =>
        runInProcess({
          emulator,
          inputs: { ...common, 'data-location': `s3://${bucket}/data/`, 'data-checks': mode },
          env: { AWS_ENDPOINT_URL_S3: s3.url, AWS_ENDPOINT_URL_ATHENA: athena.url },
        })
      const full = await inS3('full')
      const counted = await inS3('athena')
      expect(counted.stdout).toMatch(/Athena scanned/)
      const expected = summary(local)
      expect(expected.records).toBeGreaterThan(0)
      expect(summary(full)).toEqual(expected)
      if (!fixture.splitByAthena) {
        expect(summary(counted)).toEqual(expected)
        return
      }
      // Where Athena cannot see what Personalize sees, the report says so, and every other count agrees.
      expect(counted.warnings.join('\n')).toMatch(/Athena reads a line at a time: .* a quoted value with a line break/)
      const notSplit = (counts: string[]) => counts.filter(line => !line.includes(' cell-count '))
      expect(notSplit(summary(counted).counts)).toEqual(notSplit(expected.counts))
    },
  )
})

// The data checks against data whose import outcome is known, in process (run() in check-only): what imported
// must give 0 errors, and a documented fault one finding. The published files themselves (manifest.json) cannot be
// committed here; they are checked whenever they are in ../shared/corpus (or CORPUS_DIR). Their twins
// (__fixtures__/twins.ts), made by code, carry the features of each published file that decided an outcome, so
// every run checks those.
import { describe, expect, test } from 'vitest'
import { runInProcess as runAction } from '../../__fixtures__/in-process.js'
import { scaled } from '../../__fixtures__/time-scale.mjs'
import { FAULTS, IMPORTED } from '../../__fixtures__/twins.js'
import { checkCorpus, corpusTable, MANIFEST } from '../../scripts/corpus.mjs'

const NO_AWS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_REGION: undefined }

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

describe.concurrent('twins of files that imported: 0 errors', () => {
  test.each(IMPORTED.map(twin => [twin.name, twin] as const))('%s', async (_name, twin) => {
    const run = await checkOnly(twin.schema, twin.text)
    expect(findings(run)).toEqual(twin.expected)
    expect(run.code).toBe(0)
  })
})

describe.concurrent('documented faults: one finding each', () => {
  test.each(FAULTS.map(twin => [twin.name, twin] as const))('%s', async (_name, twin) => {
    const run = await checkOnly(twin.schema, twin.text)
    expect(findings(run)).toEqual(twin.expected)
    if (twin.records !== undefined) {
      expect(JSON.parse(run.outputs.checks ?? '{}').localData.records).toBe(twin.records)
    }
  })

  test('a fault says its count, its lines and its fix', async () => {
    const [milliseconds] = FAULTS
    const run = await checkOnly(milliseconds?.schema ?? {}, milliseconds?.text ?? '')
    expect(run.code).toBe(1)
    expect(run.errors[0]).toBe(
      '30,000 of 30,000 TIMESTAMP (field 3) values look like milliseconds or microseconds (above 10^11, where ' +
        'Personalize takes Unix epoch seconds) (lines 2, 3, 4, 5, 6, ...). Divide by 1000 (milliseconds) or 1,000,000 (microseconds).',
    )
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

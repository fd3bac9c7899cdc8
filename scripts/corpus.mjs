// @ts-check
// npm run corpus [DIR]: the published files of __fixtures__/corpus/manifest.json (found in DIR, by default
// ../shared/corpus or CORPUS_DIR) through the bundle in check-only, each against the schema it was imported
// with; prints file, source, expected and result. The corpus test runs the same function.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ROOT, runAction } from '../__fixtures__/run-action.mjs'

/** @typedef {{ file: string, sha256: string, repository: string, path: string, commit: string, evidence: string,
 *   expected: { errors: number, finding?: string }, schema: object }} CorpusFile */
/** @typedef {CorpusFile & { found: 'yes' | 'missing' | 'other bytes', errors?: number, warnings?: number,
 *   rules?: string[], records?: number, code?: number | null }} CorpusResult */

/** @type {{ files: CorpusFile[] }} */
export const MANIFEST = JSON.parse(readFileSync(join(ROOT, '__fixtures__', 'corpus', 'manifest.json'), 'utf8'))

export const DEFAULT_CORPUS_DIR = process.env.CORPUS_DIR || resolve(ROOT, '..', 'shared', 'corpus')

/** No credentials and no region: check-only of local data against a schema-file makes no AWS call. */
const NO_AWS = { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined }

/** @param {string} dir @returns {Promise<CorpusResult[]>} */
export async function checkCorpus(dir = DEFAULT_CORPUS_DIR) {
  return Promise.all(MANIFEST.files.map(entry => checkFile(dir, entry)))
}

/** @param {string} dir @param {CorpusFile} entry @returns {Promise<CorpusResult>} */
async function checkFile(dir, entry) {
  const path = join(dir, entry.file)
  if (!existsSync(path)) return { ...entry, found: 'missing' }
  const bytes = readFileSync(path)
  if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) return { ...entry, found: 'other bytes' }
  const run = await runAction({
    inputs: {
      'check-only': 'true',
      'local-data': `data/${entry.file}`,
      'schema-file': 'schema.json',
      'aws-region': '',
    },
    env: { ...NO_AWS, AWS_REGION: undefined },
    workspaceFiles: { [`data/${entry.file}`]: bytes, 'schema.json': JSON.stringify(entry.schema) },
    killAfterMs: 120_000,
  })
  const checks = JSON.parse(run.outputs.checks ?? '{}')
  /** @type {Array<{ rule: string, severity: string }>} */
  const findings = checks.findings ?? []
  return {
    ...entry,
    found: 'yes',
    code: run.code,
    errors: checks.errors,
    warnings: checks.warnings,
    records: checks.localData?.records,
    rules: findings.map(finding => `${finding.severity === 'error' ? 'E' : 'W'}:${finding.rule}`),
  }
}

/** @param {CorpusResult[]} results */
export function corpusTable(results) {
  const rows = results.map(r => {
    const expected = r.expected.finding ? `1 error: ${r.expected.finding}` : `${r.expected.errors} errors`
    const result =
      r.found === 'yes'
        ? `${r.errors} errors, ${r.warnings} warnings (${(r.rules ?? []).join(', ') || 'none'}), ${r.records} records`
        : r.found
    return `| ${r.file} | ${r.repository} ${r.commit.slice(0, 7)} | ${expected} | ${result} |`
  })
  return ['| file | source | expected | result |', '|---|---|---|---|', ...rows].join('\n')
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(ROOT, 'scripts', 'corpus.mjs')) {
  const results = await checkCorpus(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_CORPUS_DIR)
  console.log(corpusTable(results))
}

// The generated tables of the documentation: the README's inputs and outputs from action.yml, in the order of the
// action's own input table (src/inputs/names.ts), and the data rules of docs/data-checks.md from the rule table
// (src/data/rule-table.ts), so they cannot drift.
// `npm run readme` rewrites them; `--check` exits 1 when a document is out of date.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { actionYml, ROOT } from '../__fixtures__/run-action.mjs'
import { RULES } from '../src/data/rule-table.ts'
import { INPUTS } from '../src/inputs/names.ts'

const cell = text =>
  String(text)
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .trim()

export function renderTables() {
  const declared = Object.keys(actionYml.inputs).sort()
  const read = Object.values(INPUTS).sort()
  if (declared.join() !== read.join()) {
    throw new Error(`action.yml declares the inputs ${declared.join(', ')}, but the action reads ${read.join(', ')}`)
  }
  const inputs = [
    '| input | default | description |',
    '|---|---|---|',
    ...Object.values(INPUTS)
      .map(name => [name, actionYml.inputs[name]])
      .map(
        ([name, input]) =>
          `| \`${name}\` | ${input.default === undefined ? '' : `\`${input.default}\``} | ${cell(/** @type {any} */ (input).description ?? '')} |`,
      ),
  ]
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(actionYml.outputs).map(
      ([name, output]) => `| \`${name}\` | ${cell(/** @type {any} */ (output).description ?? '')} |`,
    ),
  ]
  return { inputs: inputs.join('\n'), outputs: outputs.join('\n'), rules: ruleTableMarkdown() }
}

/** Every data rule: its id, severity, the evidence for that severity, and the fix. */
export function ruleTableMarkdown() {
  return [
    '| rule | severity | evidence | fix |',
    '|---|---|---|---|',
    ...Object.entries(RULES).map(
      ([id, rule]) =>
        `| \`${id}\` | ${rule.severity} | ${cell(rule.source)} | ${cell(rule.fix.replaceAll('{type}', "the field's type"))} |`,
    ),
  ].join('\n')
}

/** Which generated tables each document holds, between <!-- NAME:start --> and <!-- NAME:end --> markers. */
export const DOCUMENTS = { 'README.md': ['inputs', 'outputs'], 'docs/data-checks.md': ['rules'] }

/** `text` (the document at `path`) with its generated tables as they are now. */
export function updateDocument(path, text) {
  const tables = renderTables()
  let updated = text
  for (const name of DOCUMENTS[path]) {
    const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(updated))
      throw new Error(`${path} lacks the <!-- ${name}:start --> ... <!-- ${name}:end --> markers`)
    updated = updated.replace(pattern, (_, start, end) => `${start}\n${tables[name]}\n${end}`)
  }
  return updated
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let stale = false
  for (const path of Object.keys(DOCUMENTS)) {
    const text = readFileSync(join(ROOT, path), 'utf8')
    const updated = updateDocument(path, text)
    if (updated === text) continue
    if (process.argv.includes('--check')) {
      console.error(`${path}: its generated tables are out of date: run \`npm run readme\``)
      stale = true
    } else {
      writeFileSync(join(ROOT, path), updated)
    }
  }
  if (stale) process.exit(1)
}

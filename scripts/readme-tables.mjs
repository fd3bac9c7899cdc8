// The README's inputs and outputs tables are generated from action.yml, in the order of the action's own
// input table (src/inputs/names.ts), and its data rules from the rule table (src/data/rule-table.ts), so they
// cannot drift.
// `node scripts/readme-tables.mjs` rewrites them; `--check` exits 1 when the README is out of date.
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

export function updateReadme(readme) {
  const tables = renderTables()
  let text = readme
  for (const [name, table] of Object.entries(tables)) {
    const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`)
    if (!pattern.test(text))
      throw new Error(`README.md lacks the <!-- ${name}:start --> ... <!-- ${name}:end --> markers`)
    text = text.replace(pattern, (_, start, end) => `${start}\n${table}\n${end}`)
  }
  return text
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = join(ROOT, 'README.md')
  const readme = readFileSync(path, 'utf8')
  const updated = updateReadme(readme)
  if (process.argv.includes('--check')) {
    if (updated !== readme) {
      console.error('README.md inputs/outputs tables differ from action.yml: run `npm run readme`')
      process.exit(1)
    }
    console.log('README.md tables match action.yml')
  } else {
    writeFileSync(path, updated)
  }
}

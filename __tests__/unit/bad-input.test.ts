// Every case of the bad-input table, in-process through run(): one error naming the input and the rule, no
// tag value anywhere, no output, and no AWS client ever made. A few cases also run through the bundle (e2e).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { BAD_INPUTS, SECRET } from '../../__fixtures__/bad-inputs.js'
import { recordingRunner } from '../../__fixtures__/runner.js'
import { run } from '../../src/main.js'
import { workspaceFileReader } from '../../src/workspace.js'

const root = mkdtempSync(join(tmpdir(), 'bad-input-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test.each(BAD_INPUTS)('$name', async ({ name, inputs, input, rule, files, env }) => {
  const workspace = join(root, name.replace(/[^a-z0-9]+/gi, '-'), 'a', 'b', 'c', 'workspace')
  mkdirSync(workspace, { recursive: true })
  for (const [name, text] of Object.entries(files ?? {})) writeFileSync(join(workspace, name), text)
  const runner = recordingRunner(inputs)
  const environment = { AWS_REGION: 'us-east-1', GITHUB_REPOSITORY: 'acme/reco', ...env }
  await run({
    runner,
    env: Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined)),
    workspace,
    readWorkspaceFile: workspaceFileReader(workspace),
    createApi: () => {
      throw new Error('an AWS client was made for bad input')
    },
    clock: { now: () => 0 },
    sleep: async () => undefined,
    random: () => 0.5,
    cancel: new AbortController().signal,
  })
  expect(runner.failures).toHaveLength(1)
  const failure = runner.failures[0] ?? ''
  expect(failure.startsWith(`Invalid input: Input ${input} `)).toBe(true)
  if (typeof rule === 'string') expect(failure).toContain(rule)
  else expect(failure).toMatch(rule)
  expect([...runner.log, ...runner.failures].join('\n')).not.toContain(SECRET)
  expect(runner.outputs).toEqual({})
})

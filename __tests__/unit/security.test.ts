// SECURITY.md says what the action sends where: its list of calls must be the calls the code makes and the calls
// of the README's IAM table, and its dependencies those of package.json.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { ROOT } from '../../__fixtures__/run-action.mjs'

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const section = (text: string, heading: string): string => text.split(`## ${heading}`)[1]?.split('\n## ')[0] ?? ''
const backticked = (text: string): string[] => [...text.matchAll(/`([A-Za-z0-9]+)`/g)].map(m => m[1] ?? '')

/** The AWS operations the sources send: every `new XCommand(` of the SDK clients. */
function callsInCode(): string[] {
  const files = readdirSync(join(ROOT, 'src'), { recursive: true })
    .map(String)
    .filter(f => f.endsWith('.ts'))
  const calls = files.flatMap(file => [...read(join('src', file)).matchAll(/new (\w+)Command\(/g)].map(m => m[1] ?? ''))
  return [...new Set(calls)].sort()
}

test("SECURITY.md lists exactly the AWS calls the code makes, as the README's IAM table does", () => {
  const table = section(read('SECURITY.md'), 'What is sent where')
  const listed = table
    .split('\n')
    .filter(line => /^\| Amazon /.test(line))
    .flatMap(line => backticked(line.split('|')[2] ?? ''))
  expect([...new Set(listed)].sort()).toEqual(callsInCode())
  const iam = section(read('README.md'), 'IAM policy')
  const iamCalls = iam
    .split('\n')
    .filter(line => /^\| (`(false|dataset|true|data-checks)|with `)/.test(line))
    .flatMap(line => backticked(line.split('|')[2] ?? ''))
  expect([...new Set(iamCalls)].sort()).toEqual(callsInCode())
})

test('SECURITY.md names every runtime dependency, and only those', () => {
  const dependencies = Object.keys(JSON.parse(read('package.json')).dependencies).sort()
  const supply = section(read('SECURITY.md'), 'Supply chain')
  const named = [...supply.matchAll(/`(@?[a-z0-9-]+(?:\/[a-z0-9-]+)?)`/g)].map(m => m[1] ?? '')
  expect(named.filter(name => !name.startsWith('npm') && name !== 'cli-input-yaml').sort()).toEqual(dependencies)
})

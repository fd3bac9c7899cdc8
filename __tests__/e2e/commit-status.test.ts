// commit-status and provenance-tags through dist/index.js, against the Personalize emulator and a fake GitHub REST
// API on loopback that records every status posted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { type FakeGitHubApi, startGitHubApi } from '../../__fixtures__/github-api.mjs'
import { emulatorPerTest, importInputs, jobArn, runAction } from '../../__fixtures__/harness.js'

const fresh = emulatorPerTest()
const apis: FakeGitHubApi[] = []
const events = mkdtempSync(join(tmpdir(), 'events-'))
afterAll(async () => {
  await Promise.all(apis.map(api => api.close()))
  rmSync(events, { recursive: true, force: true })
})

const TOKEN = 'ghs_FakeTokenThatMustNeverBeLogged0123456789'
const PUSH_SHA = 'a'.repeat(40)
const HEAD_SHA = 'b'.repeat(40)
const CONTEXT = 'Personalize import (retail/INTERACTIONS)'

async function github(mode: FakeGitHubApi['mode'] = 'ok') {
  const api = await startGitHubApi()
  api.mode = mode
  apis.push(api)
  return api
}

/** The runner's environment for an event: push (the commit) or pull_request (the payload names the head). */
function eventEnv(api: FakeGitHubApi, event: 'push' | 'pull_request' = 'push'): Record<string, string> {
  const path = join(events, `${event}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(
    path,
    JSON.stringify(event === 'pull_request' ? { pull_request: { number: 7, head: { sha: HEAD_SHA } } } : {}),
  )
  return {
    GITHUB_API_URL: api.url,
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: path,
    GITHUB_SHA: PUSH_SHA,
    GITHUB_WORKFLOW: 'Import & retrain (nightly)',
  }
}

const inputs = (name: string, extra: Record<string, string> = {}) =>
  importInputs(name, { 'commit-status': 'true', 'github-token': TOKEN, ...extra })
const states = (api: FakeGitHubApi) => api.statuses.map(s => `${s.body.state}: ${s.body.description}`)
/** Everything the step showed, less the ::add-mask:: command that registers the token with the runner's masking. */
const shown = (run: { stdout: string; stderr: string; summary: string; outputs: object }) =>
  [run.stdout.replace(/^::add-mask::.*$/gm, ''), run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n')

describe.concurrent('the import on the commit', () => {
  test('pending when created, success when ACTIVE; on the pushed commit, with the console link; token never logged', async () => {
    const [emulator, api] = await Promise.all([fresh(), github()])
    const run = await runAction({ emulator, inputs: inputs('on-commit'), env: eventEnv(api) })
    expect(run.code).toBe(0)
    expect(states(api)).toEqual(['pending: Import job on-commit: started', 'success: Import job on-commit is ACTIVE'])
    expect(api.statuses.map(s => [s.owner, s.repo, s.sha, s.body.context])).toEqual([
      ['acme', 'recommendations', PUSH_SHA, CONTEXT],
      ['acme', 'recommendations', PUSH_SHA, CONTEXT],
    ])
    expect(api.statuses[0]?.body.target_url).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/personalize\//)
    expect(api.statuses[0]?.authorization).toBe(`token ${TOKEN}`)
    expect(run.stdout).toContain(`::add-mask::${TOKEN}`)
    expect(shown(run)).not.toContain(TOKEN)
  })

  test('a pull_request event puts the status on the head commit, not the merge commit', async () => {
    const [emulator, api] = await Promise.all([fresh(), github()])
    await runAction({ emulator, inputs: inputs('on-head'), env: eventEnv(api, 'pull_request') })
    expect(api.statuses.map(s => s.sha)).toEqual([HEAD_SHA, HEAD_SHA])
  })

  test('real time: a timeout is an error; wait: false leaves it pending; a later job-arn step completes it', async () => {
    const [emulator, api] = await Promise.all([fresh(), github()])
    emulator.scriptJob('slow', { hold: true })
    const timedOut = await runAction({
      emulator,
      inputs: inputs('slow', { 'wait-timeout-minutes': '0.05' }),
      env: eventEnv(api),
    })
    expect(timedOut.code).toBe(1)
    expect(states(api).at(-1)).toMatch(/^error: Timed out waiting for import: Gave up waiting after \d+s/)

    // A fresh emulator: the slow job still holds the dataset, and the pre-flight check would queue behind it.
    const [second, later] = await Promise.all([fresh(), github()])
    second.scriptJob('later', { hold: true })
    const started = await runAction({
      emulator: second,
      inputs: inputs('later', { wait: 'false' }),
      env: eventEnv(later),
    })
    expect(started.code).toBe(0)
    expect(states(later)).toEqual(['pending: Import job later: started'])
    // The job ends once the attaching step has read it pending (an event, not a race with the step's start-up).
    const describedBefore = second.requestsFor('DescribeDatasetImportJob').length
    void second.requested('DescribeDatasetImportJob', describedBefore + 1).then(() => second.finishJob('later'))
    const finished = await runAction({
      emulator: second,
      inputs: {
        'job-arn': jobArn('later'),
        'poll-interval-seconds': '1',
        'commit-status': 'true',
        'github-token': TOKEN,
      },
      env: eventEnv(later),
    })
    expect(finished.code).toBe(0)
    expect(states(later).slice(1)).toEqual([
      'pending: Import job later: CREATE PENDING',
      'success: Import job later is ACTIVE',
    ])
    expect(new Set(later.statuses.map(s => s.body.context))).toEqual(new Set([CONTEXT]))
  })

  test('cancellation is an error', async () => {
    const [emulator, api] = await Promise.all([fresh(), github()])
    emulator.scriptJob('cancelled', { hold: true })
    const run = await runAction({
      emulator,
      inputs: inputs('cancelled'),
      env: eventEnv(api),
      onSpawn: child => {
        const timer = setInterval(() => {
          if (emulator.requestsFor('DescribeDatasetImportJob').length >= 2) {
            clearInterval(timer)
            child.kill('SIGINT')
          }
        }, 20)
      },
    })
    expect(run.code).toBe(1)
    expect(states(api).at(-1)).toMatch(/^error: Cancelled: Stopped waiting for import job/)
  })
})

describe.concurrent('GitHub saying no never fails or slows the import', () => {
  test.each([['a token without statuses: write (403)', 'forbidden', 'the token needs statuses: write']] as const)(
    '%s: one warning, the import succeeds',
    async (_, mode, says) => {
      const [emulator, api] = await Promise.all([fresh(), github(mode)])
      const run = await runAction({ emulator, inputs: inputs(`refused-${mode}`), env: eventEnv(api) })
      expect(run.code).toBe(0)
      expect(run.outputs.status).toBe('ACTIVE')
      expect(run.warnings).toEqual([expect.stringContaining(says)])
      // After the first refusal nothing more is sent: no second delay, no second warning.
      expect(api.statuses).toHaveLength(1)
      expect(shown(run)).not.toContain(TOKEN)
    },
  )
})

describe.concurrent('provenance tags', () => {
  test('github:repository, sha, run-id and workflow on the job, values made to fit, a tag of the user wins', async () => {
    const [emulator, api] = await Promise.all([fresh(), github()])
    const run = await runAction({
      emulator,
      inputs: {
        ...inputs('tagged', { 'commit-status': 'false' }),
        'provenance-tags': 'true',
        tags: 'team=reco\ngithub:run-id=manual',
      },
      env: eventEnv(api),
    })
    expect(run.code).toBe(0)
    expect(emulator.requestsFor('CreateDatasetImportJob')[0]?.body.tags).toEqual([
      { tagKey: 'team', tagValue: 'reco' },
      { tagKey: 'github:run-id', tagValue: 'manual' },
      { tagKey: 'github:repository', tagValue: 'acme/recommendations' },
      { tagKey: 'github:sha', tagValue: PUSH_SHA },
      { tagKey: 'github:workflow', tagValue: 'Import _ retrain _nightly_' },
    ])
    expect(run.stdout).toContain('tags: 5 (keys and values not shown)')
    expect(api.statuses).toEqual([])
  })
})

// The commit status's states, descriptions and refusals, with a poster in place of Octokit that answers (or
// throws) as GitHub's API would. The end-to-end tests post to a fake GitHub API through @actions/github.
import { describe, expect, test } from 'vitest'
import { recordingRunner } from '../../__fixtures__/runner.js'
import type { Outcome } from '../../src/outcome.js'
import { CommitStatus, type SettleFacts, type StatusPost } from '../../src/report/commit-status.js'

const DATASET = 'arn:aws:personalize:us-east-1:123456789012:dataset/retail/INTERACTIONS'

/** A reporter whose posts are recorded; `answers` throw in turn (undefined: accepted). */
function reporter(answers: unknown[] = []) {
  const posted: StatusPost[] = []
  const runner = recordingRunner()
  const pauses: number[] = []
  const status = new CommitStatus({
    token: 'ghs_never_shown',
    runner,
    sleep: async ms => {
      pauses.push(ms)
    },
    targetUrl: arn => `https://console.example/${arn.length}`,
    post: async post => {
      posted.push(post)
      const answer = answers.shift()
      if (answer !== undefined) throw answer
    },
  })
  status.forDataset(DATASET)
  const warnings = () => runner.annotations.filter(a => a.kind === 'warning').map(a => a.message)
  return { status, posted, warnings, pauses }
}

const facts = (extra: Partial<SettleFacts> = {}): SettleFacts => ({ headline: '', errors: 0, warnings: 0, ...extra })
const states = (posted: StatusPost[]) => posted.map(p => `${p.state}: ${p.description}`)

describe('states and descriptions', () => {
  test('pending once when the job is known, then the final state, with the context and the link', async () => {
    const { status, posted } = reporter()
    status.jobKnown('nightly', undefined)
    status.jobKnown('nightly', 'CREATE PENDING')
    await status.settle('active', facts({ jobName: 'nightly' }))
    expect(states(posted)).toEqual(['pending: Import job nightly: started', 'success: Import job nightly is ACTIVE'])
    expect(posted.map(p => [p.context, p.targetUrl])).toEqual([
      ['Personalize import (retail/INTERACTIONS)', `https://console.example/${DATASET.length}`],
      ['Personalize import (retail/INTERACTIONS)', `https://console.example/${DATASET.length}`],
    ])
  })

  test.each<[Outcome, Partial<SettleFacts>, string]>([
    ['skipped', { jobName: 'j' }, 'success: Data unchanged: import job j imported it (ACTIVE)'],
    ['checks-passed', { warnings: 1 }, 'success: Checks passed (1 warning)'],
    [
      'checks-failed',
      { errors: 2, failure: { title: 'Checks failed', message: 'm' } },
      'failure: Checks failed: 2 errors',
    ],
    [
      'refused',
      { headline: 'refused: the data shrinks by 99.00% (1.0 GiB to 10.0 MiB)' },
      'failure: Import refused: the data shrinks by 99.00% (1.0 GiB to 10.0 MiB)',
    ],
    [
      'cancelled',
      { failure: { title: 'Cancelled', message: 'Stopped waiting.' } },
      'error: Cancelled: Stopped waiting.',
    ],
  ])('%s', async (outcome, extra, expected) => {
    const { status, posted } = reporter()
    await status.settle(outcome, facts(extra))
    expect(states(posted)).toEqual([expected])
  })

  test('CREATE FAILED is a failure with the reason, cut to the 140 characters GitHub keeps, on one line', async () => {
    const { status, posted } = reporter()
    const reason = `Input csv is missing the following columns: [ITEM_ID].\n${'More detail. '.repeat(20)}`
    await status.settle('job-failed', facts({ failureReason: reason }))
    expect(posted[0]?.state).toBe('failure')
    expect(posted[0]?.description).toMatch(
      /^CREATE FAILED: Input csv is missing the following columns: \[ITEM_ID\]\. More/,
    )
    expect(posted[0]?.description.length).toBe(140)
    expect(posted[0]?.description.endsWith('...')).toBe(true)
  })

  test('wait: false leaves the status pending: no final state', async () => {
    const { status, posted } = reporter()
    status.jobKnown('j', undefined)
    await status.settle('not-waited', facts())
    expect(states(posted)).toEqual(['pending: Import job j: started'])
  })
})

describe('GitHub saying no never fails the import: one warning, nothing more sent', () => {
  const refusal = (status: number, headers: Record<string, string> = {}) =>
    Object.assign(new Error(`HttpError ${status}`), { status, response: { headers } })
  test.each([
    ['a token without statuses: write (403)', refusal(403), 'the token needs statuses: write'],
    [
      'a spent rate limit (403, x-ratelimit-remaining: 0)',
      refusal(403, { 'x-ratelimit-remaining': '0' }),
      'GitHub rate-limited the commit status',
    ],
    ['an outage (502)', refusal(502), 'The commit status could not be set (GitHub answered HTTP 502)'],
    [
      'no answer at all',
      Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
      'GitHub did not answer within 5s',
    ],
    ['no route to GitHub', new Error('getaddrinfo ENOTFOUND api.github.com'), 'the API could not be reached'],
  ])('%s', async (_, error, says) => {
    const { status, posted, warnings } = reporter([error])
    status.jobKnown('j', undefined)
    await status.settle('active', facts({ jobName: 'j' }))
    expect(posted).toHaveLength(1)
    expect(warnings()).toEqual([expect.stringContaining(says)])
    expect(warnings()[0]).not.toContain('ghs_never_shown')
  })

  test('the final state is tried again after a 5xx, three times in all, 1 s and 2 s apart', async () => {
    const { status, posted, warnings, pauses } = reporter([refusal(500), refusal(503)])
    await status.settle('active', facts({ jobName: 'j' }))
    expect(posted).toHaveLength(3)
    expect(pauses).toEqual([1000, 2000])
    expect(warnings()).toEqual([])
  })

  test('a 200 page that is not a commit status is not success, and not tried again', async () => {
    const page = Object.assign(new Error('the answer was not a commit status'), { status: 200, notStatus: true })
    const { status, posted, warnings } = reporter([page])
    await status.settle('active', facts({ jobName: 'j' }))
    expect(posted).toHaveLength(1)
    expect(warnings()).toEqual([expect.stringContaining('HTTP 200 with something that is not a commit status')])
  })
})

import { datasetArnParts } from '../aws/model.js'
import type { Outcome } from '../outcome.js'
import type { Runner } from '../runner.js'
import { messageOf, oneLine, plural, sliceWhole } from '../text.js'

// commit-status: what became of the import, on the commit, through @actions/github (loaded only when this is on, in
// its own bundle chunk). One reporter: `jobKnown` posts pending once, `settle` the final state of the outcome.
// GitHub is told, never waited on: a token without statuses: write, an outage or a rate limit costs one warning
// and a few seconds at most, and the import goes on.

export type StatusState = 'pending' | 'success' | 'failure' | 'error'

/** GitHub keeps 140 characters of a status description. */
const MAX_DESCRIPTION = 140
/** One request may take this long. A failed one is not repeated, except the final state (see FINAL_ATTEMPTS). */
const REQUEST_TIMEOUT_MS = 5_000
/**
 * The final state is what the commit keeps: a 5xx or a connection that failed is tried again, three times in all,
 * 1 s and 2 s apart (a pending status left behind would stay pending forever).
 */
const FINAL_ATTEMPTS = 3
const FINAL_PAUSE_MS = 1_000

export interface CommitStatusSettings {
  token: string
  runner: Runner
  /** Pauses between tries of the final state. */
  sleep: (ms: number) => Promise<void>
  /** The console page the status links to. */
  targetUrl?: (datasetArn: string) => string | undefined
  /** Posts one status; by default through @actions/github (tests give their own, which throws as Octokit does). */
  post?: (status: StatusPost, token: string) => Promise<void>
}

/** One status as posted: its context, state, description (cut to what GitHub keeps) and link. */
export interface StatusPost {
  context: string
  state: StatusState
  description: string
  targetUrl?: string
}

/** `Personalize import (retail/INTERACTIONS)`: one context per dataset, so a matrix gets one status each. */
function statusContext(datasetArn: string): string | undefined {
  const parts = datasetArnParts(datasetArn)
  return parts ? `Personalize import (${parts.datasetGroup}/${parts.datasetType})` : undefined
}

/** What the final description says, besides the outcome. */
export interface SettleFacts {
  /** The ending's headline, which a refusal's description is. */
  headline: string
  jobName?: string
  failureReason?: string
  errors: number
  warnings: number
  failure?: { title: string; message: string }
}

export class CommitStatus {
  private datasetArn: string | undefined
  private context: string | undefined
  /** After a failure nothing more is sent: one warning, no repeated delays. */
  private broken = false
  /** The job whose pending status waits for its context (an attached job's dataset is known after a Describe). */
  private job: { name: string; status: string } | undefined
  private pending: Promise<void> | undefined

  constructor(private readonly settings: CommitStatusSettings) {}

  /** The dataset whose context the statuses use (known at once when creating, after a Describe when attaching). */
  forDataset(datasetArn: string | undefined): void {
    if (!datasetArn || this.context) return
    this.datasetArn = datasetArn
    this.context = statusContext(datasetArn)
    this.postPending()
  }

  /** A context that needs no dataset: check-only of local data against a schema-file. */
  forContext(context: string): void {
    this.context ??= context
  }

  /** One status for a whole dataset group, `Personalize import (<group>)`, linked to the group's page. */
  forGroup(name: string, anyDatasetArn: string | undefined): void {
    if (this.context) return
    if (anyDatasetArn) this.datasetArn = anyDatasetArn
    this.context = `Personalize import (${name.slice(0, 100)})`
    this.postPending()
  }

  /** The job exists: `pending` on the commit, once (as soon as the context is known). */
  jobKnown(name: string, status: string | undefined): void {
    this.job ??= { name, status: status ?? 'started' }
    this.postPending()
  }

  /** The final state the outcome stands for (none for wait: false, which stays pending), after any pending post. */
  async settle(outcome: Outcome, facts: SettleFacts): Promise<void> {
    await this.pending
    const state = FINAL_STATES[outcome]
    if (state) await this.post(state, finalDescription(outcome, facts), true)
  }

  private postPending(): void {
    if (!this.context || !this.job || this.pending) return
    this.pending = this.post('pending', `Import job ${this.job.name}: ${this.job.status}`)
  }

  /** Posts `state`; the final one (`final`) is tried again after a 5xx or a failed connection. */
  private async post(state: StatusState, description: string, final = false): Promise<void> {
    if (this.broken || !this.context) return
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(this.context, state, description)
        return
      } catch (error) {
        if (final && attempt < FINAL_ATTEMPTS && healable(error)) {
          await this.settings.sleep(FINAL_PAUSE_MS * attempt)
          continue
        }
        this.broken = true
        const tries = attempt > 1 ? ` (${attempt} tries)` : ''
        this.settings.runner.warning(`${explain(error)}${tries}`, { title: 'Commit status not set' })
        return
      }
    }
  }

  private async send(context: string, state: StatusState, description: string): Promise<void> {
    const targetUrl = this.datasetArn ? this.settings.targetUrl?.(this.datasetArn) : undefined
    const status = { context, state, description: shortDescription(description), ...(targetUrl ? { targetUrl } : {}) }
    await (this.settings.post ?? postWithOctokit)(status, this.settings.token)
  }
}

/** The status on the commit of the run (a pull request's head), through @actions/github, loaded only now. */
async function postWithOctokit(status: StatusPost, token: string): Promise<void> {
  const { context: run, getOctokit } = await import('@actions/github')
  const sha =
    run.eventName.startsWith('pull_request') && typeof run.payload.pull_request?.head?.sha === 'string'
      ? (run.payload.pull_request.head.sha as string)
      : run.sha
  const response = await getOctokit(token).rest.repos.createCommitStatus({
    ...run.repo,
    sha,
    state: status.state,
    context: status.context,
    description: status.description,
    ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
    request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
  })
  // A proxy or captive portal can answer 200 with a page: only GitHub's own answer, the status, is success.
  const data: unknown = response.data
  if (typeof data !== 'object' || data === null || (data as { state?: unknown }).state !== status.state) {
    throw Object.assign(new Error('the answer was not a commit status'), { status: response.status, notStatus: true })
  }
}

/** success for what was imported or checked, failure for a job or data that failed, error for the rest. */
const FINAL_STATES: Record<Outcome, StatusState | undefined> = {
  active: 'success',
  skipped: 'success',
  'checks-passed': 'success',
  'job-failed': 'failure',
  'checks-failed': 'failure',
  refused: 'failure',
  'not-waited': undefined,
  'timed-out': 'error',
  cancelled: 'error',
  error: 'error',
}

function finalDescription(outcome: Outcome, facts: SettleFacts): string {
  const { jobName, failure } = facts
  switch (outcome) {
    case 'active':
      return jobName ? `Import job ${jobName} is ACTIVE` : facts.headline
    case 'skipped':
      return jobName
        ? `Data unchanged: import job ${jobName} imported it (ACTIVE)`
        : `Data unchanged: ${facts.headline}`
    case 'checks-passed':
      return `Checks passed (${plural(facts.warnings, 'warning')})`
    case 'job-failed':
      return `CREATE FAILED: ${facts.failureReason ?? 'no reason given'}`
    case 'checks-failed':
      return `${failure?.title}: ${plural(facts.errors, 'error')}`
    case 'refused':
      return `Import ${facts.headline}`
    default:
      return `${failure?.title}: ${failure?.message}`
  }
}

/** A 5xx, a failed connection or a timeout may pass; a refusal (4xx) or a page that is not a status will not. */
function healable(error: unknown): boolean {
  const { status, notStatus } = error as { status?: unknown; notStatus?: boolean }
  if (notStatus) return false
  return typeof status !== 'number' || status >= 500
}

/** One line that GitHub keeps whole: longer text is cut, with an ellipsis. */
function shortDescription(text: string): string {
  const line = oneLine(text).replace(/\s+/g, ' ')
  return line.length <= MAX_DESCRIPTION ? line : `${sliceWhole(line, MAX_DESCRIPTION - 3)}...`
}

/** Why GitHub would not take the status, and what to do; never the token. */
function explain(error: unknown): string {
  const { status, response } = error as { status?: unknown; response?: { headers?: Record<string, unknown> } }
  const message = messageOf(error)
  const unaffected = 'The import is not affected.'
  // GitHub answers a spent primary rate limit with 403 and x-ratelimit-remaining: 0, not with 429.
  const spent = response?.headers?.['x-ratelimit-remaining'] === '0'
  if (status === 429 || spent || /rate limit/i.test(message)) {
    return `GitHub rate-limited the commit status; it was not set. ${unaffected}`
  }
  if (status === 401 || status === 403 || status === 404) {
    return (
      `GitHub refused the commit status (HTTP ${status}): the token needs statuses: write (add permissions: ` +
      `statuses: write to the job; pull requests from forks get a read-only token). ${unaffected}`
    )
  }
  if ((error as { notStatus?: boolean }).notStatus) {
    return `GitHub's address answered HTTP ${String(status)} with something that is not a commit status (a proxy's page?); the commit status was not set. ${unaffected}`
  }
  if (/abort|timeout/i.test(message))
    return `GitHub did not answer within 5s; the commit status was not set. ${unaffected}`
  const what = typeof status === 'number' ? `GitHub answered HTTP ${status}` : 'the API could not be reached'
  return `The commit status could not be set (${what}). ${unaffected}`
}

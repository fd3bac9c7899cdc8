import { datasetArnParts } from '../aws/model.js'
import type { Runner } from '../runner.js'
import { messageOf, oneLine, sliceWhole } from '../text.js'

// commit-status: what became of the import, on the commit, through @actions/github (loaded only when this is on, in
// its own bundle chunk). GitHub is told, never waited on: a token without statuses: write, an outage or a rate limit
// costs one warning and a few seconds at most, and the import goes on.

export type StatusState = 'pending' | 'success' | 'failure' | 'error'

/** GitHub keeps 140 characters of a status description. */
const MAX_DESCRIPTION = 140
/** One request may take this long; a failed one is not repeated. */
const REQUEST_TIMEOUT_MS = 5_000

export interface CommitStatusSettings {
  token: string
  runner: Runner
  /** The console page the status links to. */
  targetUrl?: (datasetArn: string) => string | undefined
}

/** `Personalize import (retail/INTERACTIONS)`: one context per dataset, so a matrix gets one status each. */
function statusContext(datasetArn: string): string | undefined {
  const parts = datasetArnParts(datasetArn)
  return parts ? `Personalize import (${parts.datasetGroup}/${parts.datasetType})` : undefined
}

export class CommitStatus {
  private datasetArn: string | undefined
  /** After a failure nothing more is sent: one warning, no repeated delays. */
  private broken = false
  private lastState: StatusState | undefined

  constructor(private readonly settings: CommitStatusSettings) {}

  /** The dataset whose context the statuses use (known at once when creating, after a Describe when attaching). */
  forDataset(datasetArn: string | undefined): void {
    if (datasetArn) this.datasetArn ??= datasetArn
  }

  get state(): StatusState | undefined {
    return this.lastState
  }

  /** The dataset is known, so statuses can be posted under its context. */
  get ready(): boolean {
    return this.datasetArn !== undefined
  }

  async post(state: StatusState, description: string): Promise<void> {
    const context = this.datasetArn ? statusContext(this.datasetArn) : undefined
    if (this.broken || !context || !this.datasetArn) return
    try {
      const { context: run, getOctokit } = await import('@actions/github')
      const sha =
        run.eventName.startsWith('pull_request') && typeof run.payload.pull_request?.head?.sha === 'string'
          ? (run.payload.pull_request.head.sha as string)
          : run.sha
      const targetUrl = this.settings.targetUrl?.(this.datasetArn)
      const octokit = getOctokit(this.settings.token)
      await octokit.rest.repos.createCommitStatus({
        ...run.repo,
        sha,
        state,
        context,
        description: shortDescription(description),
        ...(targetUrl ? { target_url: targetUrl } : {}),
        request: { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
      })
      this.lastState = state
    } catch (error) {
      this.broken = true
      this.settings.runner.warning(explain(error), { title: 'Commit status not set' })
    }
  }
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
  if (/abort|timeout/i.test(message))
    return `GitHub did not answer within 5s; the commit status was not set. ${unaffected}`
  const what = typeof status === 'number' && status !== 500 ? `HTTP ${status}` : 'the API could not be reached'
  return `The commit status could not be set (${what}). ${unaffected}`
}

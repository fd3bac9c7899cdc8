import { createHash } from 'node:crypto'
import { RULES } from '../aws/model.js'

export interface RunContext {
  /** `owner/name`, as in GITHUB_REPOSITORY. */
  repository: string
  runId: string
  runAttempt: string
}

const MAX = RULES.jobName.max

/**
 * `<repo>-<run id>-<attempt>-<hash>`. The attempt makes a re-run get a fresh job; the hash of the
 * dataset and data location keeps two steps of one run (a matrix over datasets, or two files into one
 * dataset) from claiming the same name, while a retried identical request keeps it, so the action can
 * recognise its own job. Always matches the model's jobName pattern and length.
 */
export function defaultJobName(context: RunContext, datasetArn: string, dataLocation: string, type?: string): string {
  const hash = createHash('sha256').update(`${datasetArn}\n${dataLocation}`).digest('hex').slice(0, 8)
  const run = [digitsOnly(context.runId) || 'local', digitsOnly(context.runAttempt) || '1'].join('-')
  // A group's dataset type ends the name, so each of its jobs says which dataset it imports.
  const suffix = `-${run}-${hash}${type ? `-${type}` : ''}`
  const repoName = context.repository.split('/').pop() ?? ''
  const prefix =
    sanitize(repoName)
      .slice(0, Math.max(0, MAX - suffix.length))
      .replace(/[-_]+$/, '') || 'import'
  // Only run ids and attempts of absurd length reach the cut; the hash keeps the names of one run apart.
  return `${prefix}${suffix}`.slice(0, MAX)
}

function digitsOnly(text: string): string {
  return text.replace(/\D/g, '').slice(0, 20)
}

function sanitize(text: string): string {
  return text
    .replace(/[^a-zA-Z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+/, '')
}

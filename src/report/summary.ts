import { datasetArnParts } from '../aws/model.js'
import type { ImportJob } from '../aws/personalize.js'
import { formatDuration } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import type { TimelineEntry } from '../wait/poll.js'
import { code, escapeCell } from './markdown.js'

// The job summary ($GITHUB_STEP_SUMMARY): what a person opening the run wants to know about the import.

export interface SummaryFacts {
  headline: string
  jobName: string
  jobArn: string
  region: string
  job: ImportJob | undefined
  /** What the action asked for, when it created the job (the description carries the same for attached jobs). */
  datasetArn?: string
  dataLocation?: string
  importMode?: string
  timeline: readonly TimelineEntry[]
}

export function renderSummary(facts: SummaryFacts): string {
  const job = facts.job
  const datasetArn = job?.datasetArn ?? facts.datasetArn
  const created = job?.creationDateTime
  const finished = job && isTerminal(job.status) ? job.lastUpdatedDateTime : undefined
  const rows: Array<[string, string | undefined]> = [
    ['Job name', code(facts.jobName)],
    ['Job ARN', code(facts.jobArn)],
    ['Dataset', datasetArn && code(datasetArn)],
    ['Data location', maybeCode(job?.dataSource?.dataLocation ?? facts.dataLocation)],
    ['Import mode', job?.importMode ?? facts.importMode ?? 'FULL (service default)'],
    ['Status', job?.status ? `**${escapeCell(job.status)}**` : 'unknown'],
    ['Failure reason', job?.failureReason && escapeCell(job.failureReason)],
    ['Created', created?.toISOString()],
    ['Finished', finished?.toISOString()],
    ['Duration', created && finished ? formatDuration(finished.getTime() - created.getTime()) : undefined],
  ]
  const table = rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '')
    .map(([name, value]) => `| ${name} | ${value} |`)
  const start = facts.timeline[0]?.at ?? 0
  const timeline = facts.timeline.map(entry => `| +${formatDuration(entry.at - start)} | ${escapeCell(entry.status)} |`)
  const link = datasetArn ? consoleLink(datasetArn, facts.region) : undefined
  return [
    `## Personalize dataset import: ${escapeCell(facts.headline)}`,
    '',
    '| | |',
    '|---|---|',
    ...table,
    '',
    ...(timeline.length > 0 ? ['| Elapsed | Status |', '|---|---|', ...timeline, ''] : []),
    ...(link ? [`[Open the dataset group in the AWS console](${link})`, ''] : []),
  ].join('\n')
}

/** One dataset of a group, as its row of the summary shows it. */
export interface GroupRow {
  dataset: string
  jobName?: string
  jobArn?: string
  job: ImportJob | undefined
  /** How its import ended, in a few words. */
  outcome: string
  dataLocation?: string
}

export interface GroupSummaryFacts {
  group: string
  headline: string
  rows: GroupRow[]
  region: string
  /** Any dataset of the group: the console link goes to the group's page. */
  anyDatasetArn?: string
  failure?: string
}

/** A group's job summary: a row per dataset (job, status, duration or failure reason), and the group's link. */
export function renderGroupSummary(facts: GroupSummaryFacts): string {
  const rows = facts.rows.map(row => {
    const job = row.job
    const created = job?.creationDateTime
    const finished = job && isTerminal(job.status) ? job.lastUpdatedDateTime : undefined
    const took = created && finished ? formatDuration(finished.getTime() - created.getTime()) : ''
    const status = job?.status ? `**${escapeCell(job.status)}**` : row.jobArn ? 'unknown' : ''
    const detail = job?.failureReason ? escapeCell(job.failureReason) : took
    return `| ${escapeCell(row.dataset)} | ${row.jobName ? code(row.jobName) : 'no job'} | ${status} | ${escapeCell(row.outcome)} | ${detail} |`
  })
  const link = facts.anyDatasetArn ? consoleLink(facts.anyDatasetArn, facts.region) : undefined
  return [
    `## Personalize dataset import (${escapeCell(facts.group)}): ${escapeCell(facts.headline)}`,
    '',
    ...(facts.failure ? [escapeCell(facts.failure), ''] : []),
    '| dataset | job | status | outcome | duration or failure reason |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...(link ? [`[Open the dataset group in the AWS console](${link})`, ''] : []),
  ].join('\n')
}

/** The console of each partition (the dataset ARN's); aws is the default. */
const CONSOLE_HOSTS: Record<string, (region: string) => string> = {
  'aws-cn': () => 'console.amazonaws.cn',
  'aws-us-gov': region => `${region}.console.amazonaws-us-gov.com`,
}

/** The dataset group's page in the AWS console of the dataset's partition (the job is listed there). */
export function consoleLink(datasetArn: string, region: string): string | undefined {
  const parts = datasetArnParts(datasetArn)
  if (!parts) return undefined
  const host = CONSOLE_HOSTS[parts.partition]?.(region) ?? `${region}.console.aws.amazon.com`
  const groupArn = `arn:${parts.partition}:personalize:${parts.region}:${parts.account}:dataset-group$${parts.datasetGroup}`
  return `https://${host}/personalize/home?region=${region}#${encodeURI(groupArn)}/setup`
}

function maybeCode(value: string | undefined): string | undefined {
  return value === undefined ? undefined : code(value)
}

import { type ActionError, RunnerFileFailure } from '../failure.js'
import { checksJson, checksObject, renderAcross, renderChecks } from '../report/checks.js'
import { escapeCell } from '../report/markdown.js'
import {
  reportChecks,
  reportGroupJobs,
  reportGroupStatus,
  reportJobIdentity,
  reportJobStatus,
  reportSkipped,
} from '../report/outputs.js'
import { type GroupRow, renderGroupSummary, renderSummary } from '../report/summary.js'
import { RunnerFileError } from '../runner.js'
import { oneLine } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import { results } from './checks.js'
import { succeeded } from './endings.js'
import type { Lane } from './lane.js'
import { type Ending, type Step, write } from './step.js'

// Every exit path ends here: the commit status, the outputs, the job summary and at most one error annotation.

/** Outputs, the summary, the commit status and at most one error annotation, on every exit path. */
export async function finish(step: Step, ending: Ending): Promise<void> {
  const { deps, found } = step
  await settleStatus(step, ending)
  write(step, () => reportSkipped(deps.runner, ending.outcome === 'skipped'))
  if (step.group) reportGroup(step)
  else reportSingle(step)
  const anyJob = step.lanes.some(lane => lane.tracker.state.kind !== 'none' || lane.checks)
  if (anyJob || step.group) await writeSummary(step, ending)
  const failure = found.fileError ? fileFailure(step, found.fileError, ending.failure) : ending.failure
  if (!failure) return
  const [only] = step.lanes
  const job = step.lanes.length === 1 ? only?.tracker.state : undefined
  const named = job?.kind === 'exists' && !failure.message.includes(job.arn) ? ` Import job: ${job.arn}` : ''
  deps.runner.fail(`${failure.message}${named}`, { title: failure.title })
}

/** A single dataset's outputs: the checks, and its job's identity and status. */
function reportSingle(step: Step): void {
  const { deps } = step
  const [lane] = step.lanes
  if (!lane) return
  const checks = lane.checks
  if (checks) write(step, () => reportChecks(deps.runner, checksJson(results(lane, checks))))
  const job = lane.tracker.state
  if (job.kind === 'exists') write(step, () => reportJobStatus(deps.runner, lane.observed.last))
  else if (job.kind === 'may-exist') {
    write(step, () => reportJobIdentity(deps.runner, [lane.facts()], false))
  }
}

/** A group's outputs: every dataset's job (jobs, job-names), one status and failure reason, the checks of all. */
function reportGroup(step: Step): void {
  const { deps } = step
  write(step, () =>
    reportGroupJobs(
      deps.runner,
      step.lanes.map(lane => lane.facts()),
    ),
  )
  write(step, () => reportGroupStatus(deps.runner, groupStatus(step.lanes), groupFailureReason(step.lanes)))
  const datasets = Object.fromEntries(
    step.lanes.flatMap(lane => (lane.checks ? [[lane.name, checksObject(results(lane, lane.checks))]] : [])),
  )
  if (Object.keys(datasets).length > 0 || step.found.across) {
    const across = step.found.across ? { across: checksObject({ findings: step.found.across }) } : {}
    write(step, () => reportChecks(deps.runner, JSON.stringify({ datasets, ...across })))
  }
}

/** ACTIVE when every import is (or was skipped); else the status of the first that is not. */
function groupStatus(lanes: readonly Lane[]): string {
  const statuses = lanes.map(lane => lane.observed.last?.status ?? '')
  if (lanes.every(lane => succeeded(lane.ending)) && statuses.every(status => status === 'ACTIVE')) return 'ACTIVE'
  const failed = lanes.find(lane => lane.ending?.failure)
  return failed?.observed.last?.status ?? statuses.find(status => status !== 'ACTIVE') ?? ''
}

/** Each failed import's reason, led by its dataset. */
function groupFailureReason(lanes: readonly Lane[]): string {
  return lanes
    .filter(lane => lane.observed.last?.failureReason)
    .map(lane => `${lane.name}: ${oneLine(lane.observed.last?.failureReason ?? '')}`)
    .join('; ')
}

/** The commit status of the outcome (success, failure or error; none for wait: false, which stays pending). */
async function settleStatus(step: Step, ending: Ending): Promise<void> {
  const { status, found } = step
  if (!status) return
  const [only] = step.lanes
  const single = step.group ? undefined : only
  const job = single?.tracker.state
  const errors = step.lanes.reduce((sum, lane) => sum + (lane.checks?.findings.errors ?? 0), 0)
  const warnings = step.lanes.reduce((sum, lane) => sum + (lane.checks?.findings.warnings ?? 0), 0)
  const reason = step.group ? groupFailureReason(step.lanes) : single?.observed.last?.failureReason
  await status.settle(ending.outcome, {
    headline: ending.headline,
    ...(job && job.kind !== 'none' ? { jobName: job.name } : {}),
    ...(reason ? { failureReason: reason } : {}),
    errors: errors + (found.across?.errors ?? 0),
    warnings: warnings + (found.across?.warnings ?? 0),
    ...(ending.failure ? { failure: { title: ending.failure.title, message: ending.failure.message } } : {}),
  })
}

/** The runner's file could not be written: say which, and where the jobs are, since their outputs may be missing. */
function fileFailure(step: Step, error: RunnerFileError, other: ActionError | undefined): ActionError {
  const where = step.lanes
    .map(lane => {
      const job = lane.tracker.state
      if (job.kind === 'none') return ''
      const status = lane.observed.last?.status
      const continues = isTerminal(status) ? '' : '; it continues in AWS'
      return ` ${lane.prefix}The import job ${job.kind === 'exists' ? 'is' : 'may be'} ${job.arn} (last status ${oneLine(status ?? 'unknown')})${continues}.`
    })
    .join('')
  const also = other && !(other instanceof RunnerFileFailure) ? ` Besides: ${other.title}: ${other.message}` : ''
  return new RunnerFileFailure(`Could not write ${error.message}.${where}${also}`)
}

async function writeSummary(step: Step, ending: Ending): Promise<void> {
  const { deps, found } = step
  if (found.fileError) return
  const markdown = step.group ? groupSummary(step, ending) : singleSummary(step, ending)
  try {
    await deps.runner.appendSummary(markdown)
  } catch (error) {
    if (!(error instanceof RunnerFileError)) throw error
    found.fileError = error
  }
}

function singleSummary(step: Step, ending: Ending): string {
  const [lane] = step.lanes
  if (!lane) return ''
  const job = lane.tracker.state
  const request = lane.request
  const why = ending.failure ? `\n${escapeCell(ending.failure.message)}\n` : ''
  const summary =
    job.kind === 'none'
      ? `## Personalize dataset import: ${escapeCell(ending.headline)}\n\nNo import job was created.\n${why}`
      : renderSummary({
          headline: ending.headline,
          jobName: job.name,
          jobArn: job.arn,
          region: step.config.region,
          job: lane.observed.last,
          timeline: lane.observed.timeline,
          ...(request ? { datasetArn: request.datasetArn, dataLocation: request.dataSource.dataLocation } : {}),
          ...(request?.importMode ? { importMode: request.importMode } : {}),
        })
  return lane.checks ? `${summary}\n${renderChecks(results(lane, lane.checks))}` : summary
}

function groupSummary(step: Step, ending: Ending): string {
  const rows: GroupRow[] = step.lanes.map(lane => {
    const job = lane.tracker.state
    return {
      dataset: lane.name,
      ...(job.kind === 'none' ? {} : { jobName: job.name, jobArn: job.arn }),
      job: lane.observed.last,
      outcome: lane.ending?.headline ?? 'not created',
      ...(lane.request ? { dataLocation: lane.request.dataSource.dataLocation } : {}),
    }
  })
  const parts = [
    renderGroupSummary({
      group: step.group?.name ?? '',
      headline: ending.headline,
      rows,
      region: step.config.region,
      ...(step.lanes[0]?.datasetArn ? { anyDatasetArn: step.lanes[0].datasetArn } : {}),
      ...(ending.failure ? { failure: ending.failure.message } : {}),
    }),
    ...(step.found.across ? [renderAcross(step.found.across)] : []),
    ...step.lanes.flatMap(lane =>
      lane.checks ? [`### ${escapeCell(lane.name)}\n\n${renderChecks(results(lane, lane.checks), 4)}`] : [],
    ),
  ]
  return parts.join('\n')
}

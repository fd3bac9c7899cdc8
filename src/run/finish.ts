import { type ActionError, RunnerFileFailure } from '../failure.js'
import { checksJson, renderChecks } from '../report/checks.js'
import { escapeCell } from '../report/markdown.js'
import { reportChecks, reportJobIdentity, reportJobStatus, reportSkipped } from '../report/outputs.js'
import { renderSummary } from '../report/summary.js'
import { RunnerFileError } from '../runner.js'
import { oneLine } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import { results } from './checks.js'
import type { JobState } from './job.js'
import { type Ending, type Step, write } from './step.js'

// Every exit path ends here: the commit status, the outputs, the job summary and at most one error annotation.

/** Outputs, the summary, the commit status and at most one error annotation, on every exit path. */
export async function finish(step: Step, ending: Ending): Promise<void> {
  const { deps, found, observed } = step
  const { job } = ending
  await settleStatus(step, ending)
  write(step, () => reportSkipped(deps.runner, ending.outcome === 'skipped'))
  const checks = found.checks
  if (checks) write(step, () => reportChecks(deps.runner, checksJson(results(step, checks))))
  if (job.kind === 'exists') write(step, () => reportJobStatus(deps.runner, observed.last))
  else if (job.kind === 'may-exist') write(step, () => reportJobIdentity(deps.runner, job.arn, job.name))
  if (job.kind !== 'none' || checks) await writeSummary(step, ending)
  const failure = found.fileError ? fileFailure(step, job, found.fileError, failureOf(ending)) : failureOf(ending)
  if (!failure) return
  const named = job.kind === 'exists' && !failure.message.includes(job.arn) ? ` Import job: ${job.arn}` : ''
  deps.runner.fail(`${failure.message}${named}`, { title: failure.title })
}

/** The commit status of the outcome (success, failure or error; none for wait: false, which stays pending). */
async function settleStatus(step: Step, ending: Ending): Promise<void> {
  const { status, observed, found } = step
  if (!status) return
  const failure = failureOf(ending)
  await status.settle(ending.outcome, {
    headline: ending.headline,
    ...(ending.job.kind === 'none' ? {} : { jobName: ending.job.name }),
    ...(observed.last?.failureReason ? { failureReason: observed.last.failureReason } : {}),
    errors: found.checks?.findings.errors ?? 0,
    warnings: found.checks?.findings.warnings ?? 0,
    ...(failure ? { failure: { title: failure.title, message: failure.message } } : {}),
  })
}

function failureOf(ending: Ending): ActionError | undefined {
  return 'failure' in ending ? ending.failure : undefined
}

/** The runner's file could not be written: say which, and where the job is, since its outputs may be missing. */
function fileFailure(step: Step, job: JobState, error: RunnerFileError, other: ActionError | undefined): ActionError {
  const status = step.observed.last?.status
  const continues = isTerminal(status) ? '' : '; it continues in AWS'
  const where =
    job.kind === 'none'
      ? ''
      : ` The import job ${job.kind === 'exists' ? 'is' : 'may be'} ${job.arn} (last status ${oneLine(status ?? 'unknown')})${continues}.`
  const also = other && !(other instanceof RunnerFileFailure) ? ` Besides: ${other.title}: ${other.message}` : ''
  return new RunnerFileFailure(`Could not write ${error.message}.${where}${also}`)
}

async function writeSummary(step: Step, ending: Ending): Promise<void> {
  const { config, deps, found, observed } = step
  if (found.fileError) return
  const { job, headline } = ending
  const request = config.target.kind === 'create' ? config.target.request : undefined
  const failure = failureOf(ending)
  const why = failure ? `\n${escapeCell(failure.message)}\n` : ''
  const summary =
    job.kind === 'none'
      ? `## Personalize dataset import: ${escapeCell(headline)}\n\nNo import job was created.\n${why}`
      : renderSummary({
          headline,
          jobName: job.name,
          jobArn: job.arn,
          region: config.region,
          job: observed.last,
          timeline: observed.timeline,
          ...(request ? { datasetArn: request.datasetArn, dataLocation: request.dataSource.dataLocation } : {}),
          ...(request?.importMode ? { importMode: request.importMode } : {}),
        })
  const markdown = found.checks ? `${summary}\n${renderChecks(results(step, found.checks))}` : summary
  try {
    await deps.runner.appendSummary(markdown)
  } catch (error) {
    if (!(error instanceof RunnerFileError)) throw error
    found.fileError = error
  }
}

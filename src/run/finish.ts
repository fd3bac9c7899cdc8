import { TERMINAL_FAILURE, TERMINAL_SUCCESS } from '../aws/model.js'
import { ActionError } from '../failure.js'
import { checksJson, renderChecks } from '../report/checks.js'
import { reportChecks, reportJobIdentity, reportJobStatus } from '../report/outputs.js'
import { renderSummary } from '../report/summary.js'
import { RunnerFileError } from '../runner.js'
import { oneLine, plural } from '../text.js'
import { isTerminal } from '../wait/import-job.js'
import { results } from './checks.js'
import { type Ending, mayExistAt, type Step, write } from './step.js'

// Every exit path ends here: the commit status, the outputs, the job summary and at most one error annotation.

/** Outputs, the summary, the commit status and at most one error annotation, on every exit path. */
export async function finish(step: Step, ending: Ending): Promise<void> {
  const { deps, state } = step
  await postOutcome(step, ending)
  const mayExist = mayExistAt(state)
  const checks = state.checks
  if (checks) write(step, () => reportChecks(deps.runner, checksJson(results(step, checks))))
  if (state.jobArn) write(step, () => reportJobStatus(deps.runner, state.job))
  else if (mayExist) write(step, () => reportJobIdentity(deps.runner, mayExist, state.jobName ?? ''))
  if (state.jobArn || mayExist || checks) await writeSummary(step, ending.headline)
  const failure = state.fileError ? fileFailure(step, state.fileError, ending.failure) : ending.failure
  if (!failure) return
  const job = state.jobArn && !failure.message.includes(state.jobArn) ? ` Import job: ${state.jobArn}` : ''
  deps.runner.fail(`${failure.message}${job}`, { title: failure.title })
}

/**
 * The commit status for how the step ended: success for ACTIVE (or checks passed), failure for CREATE FAILED (or
 * checks failed), error for anything else; with wait: false it stays pending.
 */
async function postOutcome(step: Step, ending: Ending): Promise<void> {
  const { status, state, config } = step
  await Promise.all(step.posts)
  if (!status) return
  const failure = ending.failure
  const checksFailed = failure?.title === 'Checks failed' || failure?.title === 'Data checks failed'
  const jobFailed = state.job?.status === TERMINAL_FAILURE
  if (!failure) {
    if (config.target.kind === 'check') {
      await status.post('success', `Checks passed (${plural(state.checks?.findings.warnings ?? 0, 'warning')})`, true)
    } else if (state.job?.status === TERMINAL_SUCCESS) {
      await status.post('success', `Import job ${state.jobName ?? ''} is ACTIVE`, true)
    }
    return
  }
  if (jobFailed) await status.post('failure', `CREATE FAILED: ${state.job?.failureReason ?? 'no reason given'}`, true)
  else if (checksFailed)
    await status.post('failure', `${failure.title}: ${plural(state.checks?.findings.errors ?? 0, 'error')}`, true)
  else await status.post('error', `${failure.title}: ${failure.message}`, true)
}

/** The runner's file could not be written: say which, and where the job is, since its outputs may be missing. */
function fileFailure(step: Step, error: RunnerFileError, other: ActionError | undefined): ActionError {
  const { state } = step
  const arn = state.jobArn ?? mayExistAt(state)
  const continues = isTerminal(state.job?.status) ? '' : '; it continues in AWS'
  const job = arn
    ? ` The import job ${state.jobArn ? 'is' : 'may be'} ${arn} (last status ${oneLine(state.job?.status ?? 'unknown')})${continues}.`
    : ''
  const also = other ? ` Besides: ${other.title}: ${other.message}` : ''
  return new ActionError('Runner file not writable', `Could not write ${error.message}.${job}${also}`)
}

async function writeSummary(step: Step, headline: string): Promise<void> {
  const { config, deps, state } = step
  if (state.fileError) return
  const jobArn = state.jobArn ?? mayExistAt(state)
  const request = config.target.kind === 'create' ? config.target.request : undefined
  const job = jobArn
    ? renderSummary({
        headline,
        jobName: state.jobName ?? '',
        jobArn,
        region: config.region,
        job: state.job,
        timeline: state.timeline,
        ...(request ? { datasetArn: request.datasetArn, dataLocation: request.dataSource.dataLocation } : {}),
        ...(request?.importMode ? { importMode: request.importMode } : {}),
      })
    : `## Personalize dataset import: ${headline}\n\nNo import job was created.\n`
  const markdown = state.checks ? `${job}\n${renderChecks(results(step, state.checks))}` : job
  try {
    await deps.runner.appendSummary(markdown)
  } catch (error) {
    if (!(error instanceof RunnerFileError)) throw error
    state.fileError = error
  }
}

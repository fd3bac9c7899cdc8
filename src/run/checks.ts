import { preflight } from '../admission/preflight.js'
import { queueReport } from '../admission/queue.js'
import type { Dataset } from '../aws/personalize.js'
import type { Target } from '../config.js'
import { checkData, type DataChecks, type DataToCheck } from '../data/check-data.js'
import { describe, Findings } from '../data/findings.js'
import { ActionError, ChecksFailed } from '../failure.js'
import { annotateFindings, type CheckResults } from '../report/checks.js'
import { plural } from '../text.js'
import { NO_JOB } from './job.js'
import type { Ending, Step } from './step.js'

// The data checks as stages of the step: before Create (errors end the step), and check-only (every problem is a
// finding, and nothing is created).

/** The data before Create: errors end the step, nothing is imported. */
export async function checkTheData(step: Step, data: DataToCheck): Promise<void> {
  const checks = await runDataChecks(step, data, new Findings())
  const { errors } = checks.findings
  if (errors === 0) return
  throw new ChecksFailed(
    'Data checks failed',
    `The data breaks the dataset's rules (${plural(errors, 'error')}${firstError(checks.findings)}). No import job ` +
      'was created: fix the data, or set preflight: dataset to import it unchecked (local-data is checked either ' +
      'way). The findings are in the log and the job summary.',
  )
}

/** check-only: the dataset, the queue and the data, as far as the inputs and preflight allow; no Create. */
export async function checkOnly(step: Step, target: Extract<Target, { kind: 'check' }>): Promise<Ending> {
  const { config } = step
  const { check, admission } = target
  const findings = new Findings()
  const dataset = await checkDatasetAndQueue(step, target, findings)
  const checks = await runDataChecks(
    step,
    {
      ...(admission.preflight === 'all' && check.dataLocation ? { location: check.dataLocation } : {}),
      ...(check.datasetArn ? { datasetArn: check.datasetArn } : {}),
      dataset,
      schema: config.data.schema,
      importMode: check.importMode ?? 'FULL',
      localData: config.data.localData,
      strict: true,
    },
    findings,
  )
  const { errors } = checks.findings
  if (errors === 0)
    return { outcome: 'checks-passed', headline: 'checks passed (check-only: nothing created)', job: NO_JOB }
  const failure = new ActionError(
    'Checks failed',
    `The checks found ${plural(errors, 'error')}${firstError(checks.findings)}. Nothing was created (check-only). ` +
      'The findings are in the log, on the lines of the files, and in the job summary.',
  )
  return { outcome: 'checks-failed', headline: 'checks failed (check-only: nothing created)', job: NO_JOB, failure }
}

/** The dataset's pre-flight (each problem a finding) and the queue report, when a dataset is given. */
async function checkDatasetAndQueue(
  step: Step,
  target: Extract<Target, { kind: 'check' }>,
  findings: Findings,
): Promise<Dataset | undefined> {
  const { check, admission } = target
  const datasetArn = check.datasetArn
  if (!datasetArn || admission.preflight === 'off') return undefined
  const context = { api: step.api, runner: step.deps.runner, pacing: step.pacing, region: step.config.region }
  const request = { datasetArn, ...(check.importMode ? { importMode: check.importMode } : {}) }
  const checked = await preflight(context, request, check.importModeGiven, problem =>
    findings.add({ rule: 'dataset', what: problem.message, file: datasetArn }),
  )
  step.found.queue = await queueReport(context, checked.jobs)
  return checked.dataset
}

/** Runs the data checks, keeps their result for the outputs and the summary, and annotates the findings. */
async function runDataChecks(step: Step, data: DataToCheck, findings: Findings): Promise<DataChecks> {
  const { deps, config } = step
  const checks = await checkData(
    {
      ...(config.region === '' ? {} : { api: step.api }),
      runner: deps.runner,
      policy: step.policy,
      region: config.region,
      workspace: deps.workspace,
      env: deps.env,
      ...(deps.runner.isDebug() ? { debugLog: (line: string) => deps.runner.debug(line) } : {}),
    },
    data,
    findings,
  )
  step.found.checks = checks
  const local = new Set(checks.local?.files.map(file => file.path) ?? [])
  annotateFindings(deps.runner, checks.findings, file => local.has(file))
  const { errors, warnings } = checks.findings
  deps.runner.info(`Checks: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`)
  return checks
}

function firstError(findings: Findings): string {
  const first = findings.sorted()[0]
  return first?.severity === 'error' ? `; first: ${first.file}: ${describe(first)}` : ''
}

/** What the checks found, with what pre-flight learnt of the dataset and the queue. */
export function results(step: Step, data: DataChecks): CheckResults {
  const { config, found } = step
  const target = config.target
  const datasetArn =
    target.kind === 'create' ? target.request.datasetArn : target.kind === 'check' ? target.check.datasetArn : undefined
  return { data, ...(datasetArn ? { datasetArn } : {}), ...(found.queue ? { queue: found.queue } : {}) }
}

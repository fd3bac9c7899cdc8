import { preflight } from '../admission/preflight.js'
import { queueReport } from '../admission/queue.js'
import type { Dataset } from '../aws/personalize.js'
import type { CheckOnly, Target } from '../config.js'
import { checkData, type DataChecks, type DataToCheck } from '../data/check-data.js'
import { CrossCheck, checkOrder, type IdCollector } from '../data/cross-check.js'
import { describe, Findings } from '../data/findings.js'
import { ActionError, ChecksFailed } from '../failure.js'
import { annotateFindings, type CheckResults } from '../report/checks.js'
import { plural } from '../text.js'
import { preflightContext } from './admit.js'
import type { Lane } from './lane.js'
import type { Ending, Step } from './step.js'

// The data checks as stages of the step: before Create (errors end the lane's admission), check-only (every
// problem is a finding, and nothing is created), and, for a group, the checks across its datasets.

/** The data before Create: errors end the admission, nothing is imported. */
export async function checkTheData(step: Step, lane: Lane, data: DataToCheck): Promise<DataChecks> {
  const checks = await runDataChecks(step, lane, data, new Findings())
  const { errors } = checks.findings
  if (errors === 0) return checks
  throw new ChecksFailed(
    'Data checks failed',
    `The data breaks the dataset's rules (${plural(errors, 'error')}${firstError(checks.findings)}). ` +
      'No import job was created: fix the data, or set preflight: dataset to import it unchecked (local-data is ' +
      'checked either way). The findings are in the log and the job summary.',
  )
}

/** check-only: each dataset, its queue and its data, as far as the inputs and preflight allow; no Create. */
export async function checkOnly(step: Step, target: Extract<Target, { kind: 'check' }>): Promise<Ending> {
  const cross = crossCheckOf(step)
  for (const [lane, check] of inCheckOrder(step.lanes, target.checks)) {
    const findings = new Findings()
    const dataset = await checkDatasetAndQueue(step, lane, target, check, findings)
    const collect = lane.type && cross?.collector(lane.type)
    await runDataChecks(
      step,
      lane,
      {
        ...(target.admission.preflight === 'all' && check.dataLocation ? { location: check.dataLocation } : {}),
        ...(check.datasetArn ? { datasetArn: check.datasetArn } : {}),
        dataset,
        schema: check.data.schema,
        importMode: check.importMode ?? 'FULL',
        localData: check.data.localData,
        mode: target.admission.dataChecks,
        strict: true,
        ...(collect ? { collect } : {}),
      },
      findings,
    )
  }
  if (cross) acrossDatasets(step, cross)
  const errors = step.lanes.reduce((sum, lane) => sum + (lane.checks?.findings.errors ?? 0), 0)
  for (const lane of step.lanes) lane.ending = checkOnlyEnding(lane)
  if (errors === 0) return { outcome: 'checks-passed', headline: 'checks passed (check-only: nothing created)' }
  const first = step.lanes.find(lane => (lane.checks?.findings.errors ?? 0) > 0)
  const failure = new ActionError(
    'Checks failed',
    `The checks found ${plural(errors, 'error')}${first?.checks ? firstError(first.checks.findings, first) : ''}. ` +
      'Nothing was created (check-only). The findings are in the log, on the lines of the files, and in the job summary.',
  )
  return { outcome: 'checks-failed', headline: 'checks failed (check-only: nothing created)', failure }
}

function checkOnlyEnding(lane: Lane): NonNullable<Lane['ending']> {
  const errors = lane.checks?.findings.errors ?? 0
  return errors === 0
    ? { outcome: 'checks-passed', headline: 'checks passed' }
    : { outcome: 'checks-failed', headline: `${plural(errors, 'error')}` }
}

/**
 * A group's checks across its datasets, when it holds datasets that refer to each other. The datasets that
 * provide IDs (Items, Users, Actions) are read first.
 */
export function crossCheckOf(step: Step): CrossCheck | undefined {
  const types = step.lanes.flatMap(lane => (lane.type ? [lane.type] : []))
  return step.group && types.length > 1 ? new CrossCheck(types) : undefined
}

/** Lanes in the order their data is checked: providers of IDs first; each with its own part of the target. */
export function inCheckOrder<T>(lanes: readonly Lane[], parts: readonly T[]): Array<[Lane, T]> {
  return lanes
    .map((lane, i) => [lane, parts[i]] as [Lane, T])
    .sort((a, b) => checkOrder(a[0].type) - checkOrder(b[0].type))
}

/** The collector of a lane's data for the checks across datasets. */
export function collectorOf(cross: CrossCheck | undefined, lane: Lane): IdCollector | undefined {
  return lane.type ? cross?.collector(lane.type) : undefined
}

/** The findings across the group's datasets, annotated and kept for the summary and the `checks` output. */
export function acrossDatasets(step: Step, cross: CrossCheck): void {
  for (const lane of step.lanes) if (lane.type && readInFull(lane.checks)) cross.readInFull(lane.type)
  const fileOf = (type: string) => step.lanes.find(lane => lane.type === type)?.name ?? type
  const { findings, notJudged } = cross.findings(fileOf)
  const across = new Findings()
  for (const occurrence of findings) across.add(occurrence)
  step.found.across = across
  const runner = step.deps.runner
  if (notJudged.length > 0) {
    runner.info(
      `Checks across datasets not made for ${notJudged.join('; ')}: a dataset's data was not read in full ` +
        '(local-data, or S3 objects of at most 1 MiB each, all of them checked)',
    )
  }
  annotateFindings(runner, across, () => false)
}

/** Whether the checks read every record of the dataset's data. */
function readInFull(checks: DataChecks | undefined): boolean {
  if (!checks) return false
  const local = checks.local
  if (local && local.files.length > 0 && !checks.findings.list.some(f => f.rule === 'files-not-checked')) return true
  return checks.s3?.complete === true
}

/** The dataset's pre-flight (each problem a finding) and the queue report, when a dataset is given. */
async function checkDatasetAndQueue(
  step: Step,
  lane: Lane,
  target: Extract<Target, { kind: 'check' }>,
  check: CheckOnly,
  findings: Findings,
): Promise<Dataset | undefined> {
  const datasetArn = check.datasetArn
  if (!datasetArn || target.admission.preflight === 'off') return undefined
  const context = preflightContext(step, lane)
  const request = { datasetArn, ...(check.importMode ? { importMode: check.importMode } : {}) }
  const checked = await preflight(context, request, check.importModeGiven, problem =>
    findings.add({ rule: 'dataset', what: problem.message, file: datasetArn }),
  )
  lane.queue = await queueReport(context, checked.jobs)
  return checked.dataset
}

/** Runs the data checks, keeps their result on the lane, and annotates the findings. */
async function runDataChecks(step: Step, lane: Lane, data: DataToCheck, findings: Findings): Promise<DataChecks> {
  const { deps, config } = step
  const checks = await checkData(
    {
      ...(config.region === '' ? {} : { api: step.api }),
      runner: lane.runner(deps.runner),
      policy: step.policy,
      region: config.region,
      workspace: deps.workspace,
      env: deps.env,
      ...(deps.runner.isDebug() ? { debugLog: (line: string) => deps.runner.debug(line) } : {}),
    },
    data,
    findings,
  )
  lane.checks = checks
  const local = new Set(checks.local?.files.map(file => file.path) ?? [])
  annotateFindings(deps.runner, checks.findings, file => local.has(file))
  const { errors, warnings } = checks.findings
  lane.runner(deps.runner).info(`Checks: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`)
  return checks
}

function firstError(findings: Findings, lane?: Lane): string {
  const first = findings.sorted()[0]
  // The sentence that follows brings its own full stop.
  const said = first ? describe(first).replace(/\.$/, '') : ''
  return first?.severity === 'error' ? `; first: ${lane?.prefix ?? ''}${first.file}: ${said}` : ''
}

/** What the checks of a lane found, with what pre-flight learnt of the dataset and the queue. */
export function results(lane: Lane, data: DataChecks): CheckResults {
  return {
    data,
    ...(lane.datasetArn ? { datasetArn: lane.datasetArn } : {}),
    ...(lane.queue ? { queue: lane.queue } : {}),
  }
}

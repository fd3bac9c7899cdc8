import type { CreateEvents, StartedJob } from './admission/create.js'
import { checkDataset, checkImportMode, listImports, preflight } from './admission/preflight.js'
import { createWhenFree, type QueueReport, queueReport } from './admission/queue.js'
import { AwsError } from './aws/errors.js'
import { PROXY_VARIABLES } from './aws/http.js'
import { jobArnParts, TERMINAL_FAILURE, TERMINAL_SUCCESS } from './aws/model.js'
import {
  type ClientSettings,
  createPersonalizeApi,
  type Dataset,
  type ImportJob,
  type PersonalizeApi,
  VISIBILITY_GRACE_MS,
} from './aws/personalize.js'
import { DeadlineReached, type RetryPolicy } from './aws/retry.js'
import type { Config, Target } from './config.js'
import { checkData, type DataChecks, type DataToCheck } from './data/check-data.js'
import { Findings } from './data/findings.js'
import { ActionError, Cancelled } from './failure.js'
import { readConfig } from './inputs/read.js'
import { InputError } from './inputs/source.js'
import { type Clock, type Pacing, type Sleep, timerSleep } from './pacing.js'
import { annotateFindings, type CheckResults, checksJson, renderChecks } from './report/checks.js'
import { CommitStatus } from './report/commit-status.js'
import { toActionError } from './report/explain.js'
import { reportChecks, reportJobIdentity, reportJobStatus, reportSkeleton } from './report/outputs.js'
import { requestLines } from './report/request.js'
import { JSON_INPUT_SKELETON, sampleOutput, YAML_INPUT_SKELETON } from './report/skeleton.js'
import { consoleLink, renderSummary } from './report/summary.js'
import { coreRunner, type Runner, RunnerFileError } from './runner.js'
import { formatDuration, messageOf, oneLine, plural } from './text.js'
import { statusOf, type WaitResult, waitForJob } from './wait/import-job.js'
import { jobWaitLog, retryLog } from './wait/log.js'
import type { TimelineEntry } from './wait/poll.js'
import { workspaceFileReader } from './workspace.js'

// inputs -> config -> checks -> create (or attach) -> wait -> report. Side effects come in through Dependencies.

export interface Dependencies {
  runner: Runner
  env: Readonly<Record<string, string | undefined>>
  /** GITHUB_WORKSPACE: files named by inputs are read inside it. */
  workspace: string
  readWorkspaceFile(path: string): string
  createApi(settings: ClientSettings): PersonalizeApi
  clock: Clock
  sleep: Sleep
  random(): number
  /** Fires when the workflow is cancelled (the runner sends SIGINT, then SIGTERM). */
  cancel: AbortSignal
}

const GITHUB_HOSTED_JOB_LIMIT_MS = 6 * 60 * 60_000

/** What is known about the job so far, so every exit path can report the truth. */
interface RunState {
  /** The job exists: created, adopted or attached. */
  jobArn?: string
  jobName?: string
  /** When this step created or adopted the job (not for attached jobs). */
  startedAt?: number
  /** The latest description read, and every status change. */
  job?: ImportJob
  timeline: TimelineEntry[]
  /** A Create was sent at some point. */
  createSent: boolean
  /** A Create awaits its answer: the job may exist here. */
  createInFlightArn?: string | undefined
  /** A Create's outcome is unknown (a 5xx, a lost or cut answer): the job may exist here. */
  mayExistArn?: string | undefined
  /** The first file the runner handed over that could not be written. */
  fileError?: RunnerFileError
  /** What the data checks found, when they ran. */
  checks?: DataChecks
  /** check-only: the imports running on the dataset and in the region. */
  queue?: QueueReport
}

/** How the step ends: the summary's headline, and the failure if it failed. */
interface Ending {
  headline: string
  failure?: ActionError
}

/** The parts of one step's run that every stage uses. */
interface Step {
  config: Config
  deps: Dependencies
  state: RunState
  pacing: Pacing
  policy: RetryPolicy
  api: PersonalizeApi
  /** commit-status: the statuses posted on the commit. */
  status?: CommitStatus
  /** Statuses on their way, awaited before the final one. */
  posts: Promise<void>[]
}

export async function run(deps: Dependencies = defaultDependencies()): Promise<void> {
  const config = await readInputs(deps)
  if (!config) return
  const target = config.target
  if (target.kind === 'skeleton' || target.kind === 'dry-run') {
    printSkeleton(deps.runner, target)
    return
  }
  const step: Step = {
    config,
    deps,
    state: { timeline: [], createSent: false },
    ...connect(config, deps),
    ...commitStatus(config, deps),
    posts: [],
  }
  let ending: Ending
  try {
    if (target.kind === 'check') {
      ending = await checkOnly(step, target)
    } else {
      await startOrAttach(step)
      ending = config.wait.enabled ? await waitAndReport(step) : await readStatusOnce(step)
    }
  } catch (error) {
    ending = failureEnding(error, step)
  }
  await finish(step, ending)
}

export function defaultDependencies(): Dependencies {
  const controller = new AbortController()
  // Cancellation must not kill the process outright: the outputs and the ARN still have to be written.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort())
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  return {
    runner: coreRunner(),
    env: process.env,
    workspace,
    readWorkspaceFile: workspaceFileReader(workspace),
    createApi: createPersonalizeApi,
    clock: { now: () => Date.now() },
    sleep: timerSleep,
    random: Math.random,
    cancel: controller.signal,
  }
}

async function readInputs(deps: Dependencies): Promise<Config | undefined> {
  try {
    return await readConfig({
      getInput: name => deps.runner.getInput(name),
      env: deps.env,
      readWorkspaceFile: deps.readWorkspaceFile,
    })
  } catch (error) {
    if (error instanceof InputError) {
      deps.runner.fail(`Input ${error.input} ${error.message}`, { title: 'Invalid input' })
    } else {
      deps.runner.fail(`The action failed unexpectedly while reading its inputs: ${messageOf(error)}`, {
        title: 'Unexpected error',
      })
    }
    return undefined
  }
}

/** `generate-cli-skeleton`: print the CLI's skeleton, or the response a validated request would get. */
function printSkeleton(runner: Runner, target: Extract<Target, { kind: 'skeleton' | 'dry-run' }>): void {
  let text: string
  if (target.kind === 'skeleton') {
    text = target.format === 'input' ? JSON_INPUT_SKELETON : YAML_INPUT_SKELETON
  } else {
    runner.group('Import request (dry run: nothing is sent to AWS)', requestLines(target.request))
    text = sampleOutput(target.jobArn)
  }
  runner.info(text)
  try {
    reportSkeleton(runner, text)
  } catch (error) {
    runner.fail(messageOf(error), { title: 'Runner file not writable' })
  }
}

/** The step's deadline and pacing, and the Personalize client under the retry policy. */
function connect(config: Config, deps: Dependencies): { pacing: Pacing; policy: RetryPolicy; api: PersonalizeApi } {
  const { runner, clock, env } = deps
  const hosted = env.RUNNER_ENVIRONMENT === 'github-hosted'
  if (config.wait.enabled && config.wait.timeoutMs > GITHUB_HOSTED_JOB_LIMIT_MS && hosted) {
    runner.warning(
      `wait-timeout-minutes is ${config.wait.timeoutMs / 60_000}, but GitHub-hosted jobs are stopped after 6 hours, ` +
        'before the wait could time out. Use a lower value, or wait: false and check later with job-arn.',
      { title: 'Timeout beyond the job limit' },
    )
  }
  const startedAt = clock.now()
  const pacing: Pacing = {
    clock,
    sleep: deps.sleep,
    random: deps.random,
    startedAt,
    deadline: startedAt + config.wait.timeoutMs,
    maxPauseMs: config.wait.maxPauseMs,
    cancel: deps.cancel,
  }
  const policy: RetryPolicy = { pacing, events: retryLog(runner) }
  if (config.region === '') return { pacing, policy, api: offline() }
  const api = deps.createApi({
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(runner.isDebug() ? { debugLog: (line: string) => runner.debug(line) } : {}),
    proxyEnv: env,
    policy,
  })
  const proxy = PROXY_VARIABLES.find(name => env[name])
  // The proxy URL may carry credentials: name the variable, never its value.
  if (proxy) runner.info(`Connecting through the proxy in ${proxy} (NO_PROXY honoured)`)
  return { pacing, policy, api }
}

/** commit-status: a reporter for the dataset of the target (for job-arn, the job's dataset once described). */
function commitStatus(config: Config, deps: Dependencies): { status?: CommitStatus } {
  if (!config.status.enabled) return {}
  deps.runner.secret(config.status.token)
  const status = new CommitStatus({
    token: config.status.token,
    runner: deps.runner,
    targetUrl: datasetArn => consoleLink(datasetArn, config.region),
  })
  const target = config.target
  status.forDataset(
    target.kind === 'create'
      ? target.request.datasetArn
      : target.kind === 'check'
        ? target.check.datasetArn
        : undefined,
  )
  return { status }
}

/** For runs that need no AWS call (local data against a schema-file): any call would be a bug. */
function offline(): PersonalizeApi {
  const refuse = (): never => {
    throw new Error('this run makes no AWS call, yet one was attempted')
  }
  return {
    createImportJob: refuse,
    describeImportJob: refuse,
    describeDataset: refuse,
    listImportJobs: refuse,
    describeSchema: refuse,
    credentialsExpiry: async () => undefined,
  }
}

/** Creates the job (after pre-flight and queueing), or attaches to the one job-arn names. */
async function startOrAttach(step: Step): Promise<void> {
  const { config, deps, state, pacing, api } = step
  const { runner } = deps
  const target = config.target
  await warnIfCredentialsExpire(step)
  if (target.kind === 'attach') {
    runner.info(`Attaching to import job ${target.jobArn}`)
    jobExists(step, target.jobArn, jobArnParts(target.jobArn)?.jobName ?? '')
    return
  }
  if (target.kind !== 'create') return
  runner.group(`Import request (region ${config.region})`, requestLines(target.request))
  state.jobName = target.request.jobName
  const context = { api, runner, pacing, region: config.region }
  const { preflight: level, ifBusy } = target.admission
  const checked = level === 'off' ? {} : await preflight(context, target.request, target.importModeGiven)
  const { localData, schema } = config.data
  if (level === 'all' || localData.length > 0) {
    const location = target.request.dataSource.dataLocation
    await checkTheData(step, {
      ...(level === 'all' ? { location } : {}),
      datasetArn: target.request.datasetArn,
      dataset: checked.dataset,
      schema,
      importMode: target.request.importMode ?? 'FULL',
      localData,
    })
  }
  const started = await createWhenFree(
    context,
    target.request,
    target.jobArn,
    { ifBusy, lookFirst: level !== 'off' },
    checked.jobs,
    createEvents(step),
  )
  reportStarted(step, started)
}

/** The data before Create: errors end the step, nothing is imported. */
async function checkTheData(step: Step, data: DataToCheck): Promise<void> {
  const checks = await runDataChecks(step, data, new Findings())
  const { errors } = checks.findings
  if (errors === 0) return
  throw new ActionError(
    'Data checks failed',
    `The data breaks the dataset's rules (${plural(errors, 'error')}${firstError(checks.findings)}). No import job ` +
      'was created: fix the data, or set preflight: dataset to import it unchecked (local-data is checked either ' +
      'way). The findings are in the log and the job summary.',
  )
}

/** check-only: the dataset, the queue and the data, as far as the inputs and preflight allow; no Create. */
async function checkOnly(step: Step, target: Extract<Target, { kind: 'check' }>): Promise<Ending> {
  const { config, deps, state } = step
  const { check, admission } = target
  const findings = new Findings()
  let dataset: Dataset | undefined
  if (check.datasetArn && admission.preflight !== 'off') {
    const context = { api: step.api, runner: deps.runner, pacing: step.pacing, region: config.region }
    const datasetArn = check.datasetArn
    // Each problem is a finding and the checks go on: a pull request hears of every problem at once.
    const asFinding = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run()
      } catch (error) {
        if (!(error instanceof ActionError)) throw error
        findings.add({ severity: 'error', rule: 'dataset', message: error.message, file: datasetArn })
        return undefined
      }
    }
    dataset = await asFinding(() => checkDataset(context, datasetArn))
    const jobs = await listImports(context, datasetArn)
    const request = { datasetArn, ...(check.importMode ? { importMode: check.importMode } : {}) }
    if (jobs) await asFinding(async () => checkImportMode(context, request, check.importModeGiven, jobs))
    state.queue = await queueReport(context, jobs)
  }
  const checks = await runDataChecks(
    step,
    {
      ...(admission.preflight === 'all' && check.dataLocation ? { location: check.dataLocation } : {}),
      ...(check.datasetArn ? { datasetArn: check.datasetArn } : {}),
      dataset,
      schema: config.data.schema,
      importMode: check.importMode ?? 'FULL',
      localData: config.data.localData,
    },
    findings,
  )
  const { errors } = checks.findings
  if (errors === 0) return { headline: 'checks passed (check-only: nothing created)' }
  const failure = new ActionError(
    'Checks failed',
    `The checks found ${plural(errors, 'error')}${firstError(checks.findings)}. Nothing was created (check-only). ` +
      'The findings are in the log, on the lines of the files, and in the job summary.',
  )
  return { headline: 'checks failed (check-only: nothing created)', failure }
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
      proxyEnv: deps.env,
      ...(deps.runner.isDebug() ? { debugLog: (line: string) => deps.runner.debug(line) } : {}),
    },
    data,
    findings,
  )
  step.state.checks = checks
  const local = new Set(checks.local?.files.map(file => file.path) ?? [])
  annotateFindings(deps.runner, checks.findings, file => local.has(file))
  const { errors, warnings } = checks.findings
  deps.runner.info(`Checks: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`)
  return checks
}

function firstError(findings: Findings): string {
  const first = findings.kept.find(finding => finding.severity === 'error')
  return first ? `; first: ${first.file}: ${first.message}` : ''
}

/** Tracks a Create in flight, so that cancellation or the deadline can say the job may exist, and where. */
function createEvents(step: Step): CreateEvents {
  const { state, deps } = step
  return {
    sending: jobArn => {
      state.createSent = true
      state.createInFlightArn = jobArn
    },
    answered: () => {
      state.createInFlightArn = undefined
    },
    mayExist: jobArn => {
      state.mayExistArn = jobArn
      deps.runner.info(`The import job may exist (its Create had no clear answer): ${jobArn}`)
      write(step, () => reportJobIdentity(deps.runner, jobArn, state.jobName ?? ''))
      if (state.fileError) throw state.fileError
    },
  }
}

function reportStarted(step: Step, started: StartedJob): void {
  const { runner } = step.deps
  const jobName = step.state.jobName ?? ''
  step.state.startedAt = started.startedAt
  if (!started.adopted) {
    runner.info(`Created import job ${started.jobArn}`)
    jobExists(step, started.jobArn, jobName)
    return
  }
  // A fixed job-name reused on a later day would adopt that day's job: say how old it is.
  const created = started.adopted.creationDateTime ? `created ${started.adopted.creationDateTime.toISOString()}, ` : ''
  runner.notice(
    `Import job ${jobName} already exists for this dataset and data location ` +
      `(${created}${oneLine(started.adopted.status ?? 'status unknown')}): a re-run, or a retried request whose ` +
      `first answer was lost. Attached to it instead of creating another: ${started.jobArn}. ` +
      'To import again, use a new job-name.',
    { title: 'Attached to existing import job' },
  )
  jobExists(step, started.jobArn, jobName)
}

/** The job exists: its ARN goes to the log first (it survives an unwritable GITHUB_OUTPUT), then the outputs. */
function jobExists(step: Step, jobArn: string, jobName: string): void {
  const { state, deps } = step
  state.jobArn = jobArn
  state.jobName = jobName
  state.mayExistArn = undefined
  state.createInFlightArn = undefined
  write(step, () => reportJobIdentity(deps.runner, jobArn, jobName))
  // Without its outputs the step cannot hand the job on: end now; the import continues in AWS.
  if (state.fileError) throw state.fileError
  postPending(step)
}

/** The job exists (and its dataset is known): `pending` on the commit, once. */
function postPending(step: Step): void {
  const { status, state } = step
  if (!status?.ready || step.posts.length > 0 || !state.jobArn) return
  step.posts.push(status.post('pending', `Import job ${state.jobName ?? ''}: ${state.job?.status ?? 'started'}`))
}

/** Credentials that expire before the step's deadline end a long wait with ExpiredToken: say so at the start. */
async function warnIfCredentialsExpire(step: Step): Promise<void> {
  const { pacing, deps, config } = step
  const expiry = await step.api.credentialsExpiry()
  if (!expiry || expiry.getTime() >= pacing.deadline) return
  const needed = Math.ceil((pacing.deadline - pacing.clock.now()) / 1000) + 300
  deps.runner.warning(
    `The AWS credentials expire at ${expiry.toISOString()}, ${formatDuration(pacing.deadline - expiry.getTime())} ` +
      `before this step's deadline (wait-timeout-minutes: ${config.wait.timeoutMs / 60_000}). Set ` +
      `role-duration-seconds: ${needed} (or more) in aws-actions/configure-aws-credentials (the role's maximum ` +
      'session duration must allow it), or lower wait-timeout-minutes.',
    { title: 'Credentials expire before the deadline' },
  )
}

/** Where the job may exist although none is confirmed: a Create in flight, or one whose outcome is unknown. */
function mayExistAt(state: RunState): string | undefined {
  return state.jobArn ? undefined : (state.mayExistArn ?? state.createInFlightArn)
}

/** How long Describe may answer "not found" for the job: a job this step started may not be visible yet. */
function visibility(step: Step): { visibleBy?: number } {
  return step.state.startedAt === undefined ? {} : { visibleBy: step.state.startedAt + VISIBILITY_GRACE_MS }
}

/** Keeps every description read, so that no exit path loses the last status. */
function observe(step: Step, job: ImportJob): void {
  const status = statusOf(job)
  step.state.job = job
  // An attached job's dataset is known from its description: the commit status can name it now.
  if (step.status && job.datasetArn && step.posts.length === 0) {
    step.status.forDataset(job.datasetArn)
    postPending(step)
  }
  const last = step.state.timeline.at(-1)
  if (last?.status !== status) step.state.timeline.push({ status, at: step.deps.clock.now() })
}

/** `wait: false`: one status read, reported, and the step succeeds. */
async function readStatusOnce(step: Step): Promise<Ending> {
  const { deps, state, api } = step
  const jobArn = state.jobArn ?? ''
  try {
    observe(step, await api.describeImportJob(jobArn, visibility(step)))
  } catch (error) {
    if (!(error instanceof DeadlineReached)) throw error
    const why = error.lastError ? ` (${error.lastError.code})` : ''
    deps.runner.warning(`Could not read the job's status before the deadline${why}; the job exists: ${jobArn}`, {
      title: 'Status unknown',
    })
  }
  deps.runner.info(
    `Status: ${oneLine(state.job?.status ?? 'unknown')}. Not waiting (wait: false); follow it with job-arn: ${jobArn}`,
  )
  return { headline: 'created, not waited for' }
}

/** Polls until ACTIVE, CREATE FAILED, the deadline or cancellation. */
async function waitAndReport(step: Step): Promise<Ending> {
  const { config, deps, state, pacing, api } = step
  const jobArn = state.jobArn ?? ''
  const maxPause = formatDuration(config.wait.maxPauseMs)
  const left = formatDuration(pacing.deadline - deps.clock.now())
  deps.runner.info(`Waiting up to ${left} for the import, checking at most every ${maxPause}`)
  const result = await waitForJob({
    ...pacing,
    describe: () => api.describeImportJob(jobArn, visibility(step)),
    events: jobWaitLog(deps.runner),
    observe: job => observe(step, job),
  })
  return waitEnding(step, result)
}

function waitEnding(step: Step, result: WaitResult): Ending {
  const { deps, state, pacing } = step
  const jobArn = state.jobArn ?? ''
  const status = oneLine(state.job?.status ?? 'unknown')
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  switch (result.outcome) {
    case 'active':
      deps.runner.info(`Import job ${jobArn} is ACTIVE after ${elapsed}`)
      return { headline: 'ACTIVE' }
    case 'failed': {
      const reason = state.job?.failureReason ? oneLine(state.job.failureReason) : 'no failure reason given'
      return {
        headline: 'CREATE FAILED',
        failure: new ActionError('Import job failed', `Import job ${jobArn} failed: ${reason}`),
      }
    }
    case 'timeout': {
      const lastError = result.lastError
        ? ` The last status checks failed: ${result.lastError.code}: ${oneLine(result.lastError.message)}.`
        : ''
      const message =
        `Gave up waiting after ${elapsed} (wait-timeout-minutes): import job ${jobArn} is still ${status}.` +
        `${lastError} The import continues in AWS (import jobs cannot be stopped); check it later with job-arn: ${jobArn}`
      return {
        headline: `timed out while ${status}`,
        failure: new ActionError('Timed out waiting for import', message),
      }
    }
    case 'cancelled':
      return cancelledEnding(step)
  }
}

function cancelledEnding(step: Step): Ending {
  const { state } = step
  const status = oneLine(state.job?.status ?? 'unknown')
  if (state.jobArn) {
    const message =
      `Cancelled: stopped waiting for import job ${state.jobArn}, last status ${status}. ` +
      'The import keeps running in AWS (import jobs cannot be stopped).'
    return { headline: `cancelled while ${status}`, failure: new ActionError('Cancelled', message) }
  }
  const mayExist = mayExistAt(state)
  if (mayExist) {
    const message =
      'Cancelled while creating the import job, before its outcome was known: the job may exist at ' +
      `${mayExist}; check it with job-arn before importing again.`
    return { headline: 'cancelled while creating', failure: new ActionError('Cancelled', message) }
  }
  const sent = state.createSent ? '' : ' (no Create was sent)'
  return {
    headline: 'cancelled',
    failure: new ActionError('Cancelled', `Cancelled before an import job was created${sent}.`),
  }
}

/** Whatever ended the step early, as an ending that tells the truth about the job. */
function failureEnding(error: unknown, step: Step): Ending {
  const { config, deps, state, pacing } = step
  if (error instanceof Cancelled || deps.cancel.aborted) return cancelledEnding(step)
  if (error instanceof DeadlineReached) return deadlineEnding(error, step)
  if (error instanceof RunnerFileError) return { headline: 'error: runner file not writable' }
  const request = config.target.kind === 'create' ? config.target.request : undefined
  const jobArn = state.jobArn ?? (config.target.kind === 'attach' ? config.target.jobArn : undefined)
  const failure = toActionError(error, {
    region: config.region,
    ...(request ? { datasetArn: request.datasetArn } : {}),
    ...(request?.roleArn ? { roleArn: request.roleArn } : {}),
    ...(jobArn ? { jobArn } : {}),
    ...(state.startedAt === undefined ? {} : { jobStartedAt: new Date(state.startedAt).toISOString() }),
    hasTags: (request?.tags?.length ?? 0) > 0,
    elapsedMs: deps.clock.now() - pacing.startedAt,
  })
  // Only a bug of ours earns a stack trace, and only in debug logs.
  if (!(error instanceof ActionError || error instanceof AwsError) && error instanceof Error && error.stack) {
    deps.runner.debug(error.stack)
  }
  return { headline: `error: ${failure.title}`, failure }
}

function deadlineEnding(error: DeadlineReached, step: Step): Ending {
  const { state, deps, pacing } = step
  const elapsed = formatDuration(deps.clock.now() - pacing.startedAt)
  const last = error.lastError ? ` (last answer: ${error.lastError.code}: ${oneLine(error.lastError.message)})` : ''
  const mayExist = mayExistAt(state)
  const job = state.jobArn
    ? ` Import job ${state.jobArn} exists and continues in AWS; check it later with job-arn.`
    : mayExist
      ? ` The import job may exist: ${mayExist}; check it with job-arn before importing again.`
      : ' No import job was created.'
  const message = `Gave up after ${elapsed} (wait-timeout-minutes): ${error.operation} had not succeeded${last}.${job}`
  return { headline: 'timed out', failure: new ActionError('Timed out', message) }
}

/** Outputs, the summary, the commit status and at most one error annotation, on every exit path. */
async function finish(step: Step, ending: Ending): Promise<void> {
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
      await status.post('success', `Checks passed (${plural(state.checks?.findings.warnings ?? 0, 'warning')})`)
    } else if (state.job?.status === TERMINAL_SUCCESS) {
      await status.post('success', `Import job ${state.jobName ?? ''} is ACTIVE`)
    }
    return
  }
  if (jobFailed) await status.post('failure', `CREATE FAILED: ${state.job?.failureReason ?? 'no reason given'}`)
  else if (checksFailed)
    await status.post('failure', `${failure.title}: ${plural(state.checks?.findings.errors ?? 0, 'error')}`)
  else await status.post('error', `${failure.title}: ${failure.message}`)
}

/** The runner's file could not be written: say which, and where the job is, since its outputs may be missing. */
function fileFailure(step: Step, error: RunnerFileError, other: ActionError | undefined): ActionError {
  const { state } = step
  const arn = state.jobArn ?? mayExistAt(state)
  const job = arn
    ? ` The import job ${state.jobArn ? 'is' : 'may be'} ${arn} (last status ${oneLine(state.job?.status ?? 'unknown')}); it continues in AWS.`
    : ''
  const also = other ? ` Besides: ${other.title}: ${other.message}` : ''
  return new ActionError('Runner file not writable', `Could not write ${error.message}.${job}${also}`)
}

/** Runs an output or summary write; the first file the runner cannot write is kept, and nothing more is tried. */
function write(step: Step, action: () => void): void {
  if (step.state.fileError) return
  try {
    action()
  } catch (error) {
    if (!(error instanceof RunnerFileError)) throw error
    step.state.fileError = error
  }
}

/** What the checks found, with what pre-flight learnt of the dataset and the queue. */
function results(step: Step, data: DataChecks): CheckResults {
  const { config, state } = step
  const target = config.target
  const datasetArn =
    target.kind === 'create' ? target.request.datasetArn : target.kind === 'check' ? target.check.datasetArn : undefined
  return { data, ...(datasetArn ? { datasetArn } : {}), ...(state.queue ? { queue: state.queue } : {}) }
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

import { preflight } from './admission/preflight.js'
import { createWhenFree } from './admission/queue.js'
import { AwsError } from './aws/errors.js'
import { jobArnParts } from './aws/model.js'
import {
  type ClientSettings,
  createPersonalizeApi,
  type ImportJob,
  type PersonalizeApi,
  PROXY_VARIABLES,
} from './aws/personalize.js'
import type { Config, Target } from './config.js'
import { ActionError } from './failure.js'
import { readConfig } from './inputs/read.js'
import { InputError } from './inputs/source.js'
import { workspaceFileReader } from './inputs/workspace.js'
import { type Clock, type Pacing, type Sleep, timerSleep } from './pacing.js'
import { toActionError } from './report/explain.js'
import { reportJobIdentity, reportJobStatus, reportSkeleton } from './report/outputs.js'
import { requestLines } from './report/request.js'
import { JSON_INPUT_SKELETON, sampleOutput, YAML_INPUT_SKELETON } from './report/skeleton.js'
import { renderSummary } from './report/summary.js'
import { coreRunner, type Runner } from './runner.js'
import { formatDuration, messageOf, oneLine } from './text.js'
import { waitForJob } from './wait/import-job.js'
import { pollLog } from './wait/log.js'
import type { TimelineEntry } from './wait/poll.js'

// inputs -> config -> checks -> create (or attach) -> wait -> report. Side effects come in through Dependencies.

export interface Dependencies {
  runner: Runner
  env: Readonly<Record<string, string | undefined>>
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
  jobArn?: string
  jobName?: string
  job?: ImportJob
  timeline: TimelineEntry[]
  statusReported: boolean
}

/** The parts of one step's run that every stage uses. */
interface Step {
  config: Config
  deps: Dependencies
  state: RunState
  pacing: Pacing
  api: PersonalizeApi
}

export async function run(deps: Dependencies = defaultDependencies()): Promise<void> {
  let config: Config
  try {
    config = await readConfig({
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
    return
  }
  const target = config.target
  if (target.kind === 'skeleton' || target.kind === 'dry-run') {
    printSkeleton(deps.runner, target)
    return
  }
  const step: Step = { config, deps, state: { timeline: [], statusReported: false }, ...connect(config, deps) }
  try {
    await startOrAttach(step)
    if (config.wait.enabled) await waitAndReport(step)
    else await finishWithoutWaiting(step)
  } catch (error) {
    await failWith(error, step)
  }
}

export function defaultDependencies(): Dependencies {
  const controller = new AbortController()
  // Cancellation must not kill the process outright: the outputs and the ARN still have to be written.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => controller.abort())
  return {
    runner: coreRunner(),
    env: process.env,
    readWorkspaceFile: workspaceFileReader(process.env.GITHUB_WORKSPACE ?? process.cwd()),
    createApi: createPersonalizeApi,
    clock: { now: () => Date.now() },
    sleep: timerSleep,
    random: Math.random,
    cancel: controller.signal,
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
  reportSkeleton(runner, text)
}

/** The step's deadline and pacing, and the Personalize client. */
function connect(config: Config, deps: Dependencies): { pacing: Pacing; api: PersonalizeApi } {
  const { runner, clock, env } = deps
  if (
    config.wait.enabled &&
    config.wait.timeoutMs > GITHUB_HOSTED_JOB_LIMIT_MS &&
    env.RUNNER_ENVIRONMENT === 'github-hosted'
  ) {
    runner.warning(
      `wait-timeout-minutes is ${config.wait.timeoutMs / 60_000}, but GitHub-hosted jobs are stopped after 6 hours, ` +
        'before the wait could time out. Use a lower value, or wait: false and check later with job-arn.',
      { title: 'Timeout beyond the job limit' },
    )
  }
  const startedAt = clock.now()
  const deadline = startedAt + config.wait.timeoutMs
  const pacing: Pacing = {
    clock,
    sleep: deps.sleep,
    random: deps.random,
    startedAt,
    deadline,
    maxPauseMs: config.wait.maxPauseMs,
    cancel: deps.cancel,
    // Every request carries cancellation and the time left, so a black-holed call cannot outlive the step's budget.
    requestSignal: () => AbortSignal.any([deps.cancel, AbortSignal.timeout(Math.max(1, deadline - clock.now()))]),
  }
  const api = deps.createApi({
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(runner.isDebug() ? { debugLog: (line: string) => runner.debug(line) } : {}),
    proxyEnv: env,
  })
  const proxy = PROXY_VARIABLES.find(name => env[name])
  // The proxy URL may carry credentials: name the variable, never its value.
  if (proxy) runner.info(`Connecting through the proxy in ${proxy} (NO_PROXY honoured)`)
  return { pacing, api }
}

/** Creates the job (after pre-flight and queueing), or attaches to the one job-arn names. */
async function startOrAttach(step: Step): Promise<void> {
  const { config, deps, state, pacing, api } = step
  const { runner } = deps
  const target = config.target
  if (target.kind !== 'create') {
    if (target.kind !== 'attach') return
    state.jobArn = target.jobArn
    state.jobName = jobArnParts(target.jobArn)?.jobName ?? ''
    reportJobIdentity(runner, state.jobArn, state.jobName)
    runner.info(`Attaching to import job ${target.jobArn}`)
    return
  }
  runner.group(`Import request (region ${config.region})`, requestLines(target.request))
  state.jobName = target.request.jobName
  const context = { api, runner, pacing, region: config.region }
  const { preflight: checkFirst, ifBusy } = target.admission
  const listing = checkFirst ? await preflight(context, target.request, target.importModeGiven) : undefined
  const started = await createWhenFree(
    context,
    target.request,
    target.jobArn,
    { ifBusy, lookFirst: checkFirst },
    listing,
  )
  state.jobArn = started.jobArn
  reportJobIdentity(runner, started.jobArn, target.request.jobName)
  if (!started.adopted) {
    runner.info(`Created import job ${started.jobArn}`)
    return
  }
  // A fixed job-name reused on a later day would adopt that day's job: say how old it is.
  const created = started.adopted.creationDateTime ? `created ${started.adopted.creationDateTime.toISOString()}, ` : ''
  runner.notice(
    `Import job ${target.request.jobName} already exists for this dataset and data location ` +
      `(${created}${oneLine(started.adopted.status ?? 'status unknown')}): a re-run, or a retried request whose ` +
      `first answer was lost. Attached to it instead of creating another: ${started.jobArn}. ` +
      'To import again, use a new job-name.',
    { title: 'Attached to existing import job' },
  )
}

/** `wait: false`: one status read, reported, and the step succeeds. */
async function finishWithoutWaiting(step: Step): Promise<void> {
  const { deps, state, pacing, api } = step
  const jobArn = state.jobArn ?? ''
  try {
    state.job = await api.describeImportJob(jobArn, pacing.requestSignal())
    state.timeline.push({ status: state.job.status ?? 'UNKNOWN', at: deps.clock.now() })
  } catch (error) {
    if (!(error instanceof AwsError) || error.kind === 'permanent' || deps.cancel.aborted) throw error
    deps.runner.warning(`Could not read the job's status (${error.code}); the job exists: ${jobArn}`, {
      title: 'Status unknown',
    })
  }
  finishStatus(step)
  deps.runner.info(
    `Status: ${oneLine(state.job?.status ?? 'unknown')}. Not waiting (wait: false); follow it with job-arn: ${jobArn}`,
  )
  await writeSummary(step, 'created, not waited for')
}

/** Polls until ACTIVE, CREATE FAILED, the deadline or cancellation, and reports the outcome. */
async function waitAndReport(step: Step): Promise<void> {
  const { config, deps, state, pacing, api } = step
  const { runner, clock } = deps
  const jobArn = state.jobArn ?? ''
  const maxPause = formatDuration(config.wait.maxPauseMs)
  runner.info(
    `Waiting up to ${formatDuration(pacing.deadline - clock.now())} for the import, checking at most every ${maxPause}`,
  )
  const result = await waitForJob({
    ...pacing,
    describe: signal => api.describeImportJob(jobArn, signal),
    events: pollLog(runner, ''),
  })
  if (result.job) state.job = result.job
  state.timeline = result.timeline
  finishStatus(step)
  const status = oneLine(state.job?.status ?? 'unknown')
  const elapsed = formatDuration(clock.now() - pacing.startedAt)
  switch (result.outcome) {
    case 'active':
      runner.info(`Import job ${jobArn} is ACTIVE after ${elapsed}`)
      await writeSummary(step, 'ACTIVE')
      return
    case 'failed': {
      await writeSummary(step, 'CREATE FAILED')
      const reason = state.job?.failureReason ? oneLine(state.job.failureReason) : 'no failure reason given'
      runner.fail(`Import job ${jobArn} failed: ${reason}`, { title: 'Import job failed' })
      return
    }
    case 'timeout': {
      await writeSummary(step, `timed out while ${status}`)
      const lastError = result.lastError
        ? ` The last status checks failed: ${result.lastError.code}: ${oneLine(result.lastError.message)}.`
        : ''
      runner.fail(
        `Gave up waiting after ${elapsed} (wait-timeout-minutes): import job ${jobArn} is still ${status}.${lastError} ` +
          `The import continues in AWS (import jobs cannot be stopped); check it later with job-arn: ${jobArn}`,
        { title: 'Timed out waiting for import' },
      )
      return
    }
    case 'cancelled':
      await reportCancelled(step)
      return
  }
}

function finishStatus(step: Step): void {
  reportJobStatus(step.deps.runner, step.state.job)
  step.state.statusReported = true
}

async function reportCancelled(step: Step): Promise<void> {
  const { config, deps, state } = step
  const status = oneLine(state.job?.status ?? 'unknown')
  if (!state.jobArn) {
    const inFlight =
      config.target.kind === 'create' ? ` If a Create was in flight, the job may exist: ${config.target.jobArn}` : ''
    deps.runner.fail(`Cancelled before an import job was created.${inFlight}`, { title: 'Cancelled' })
    return
  }
  await writeSummary(step, `cancelled while ${status}`)
  deps.runner.fail(
    `Cancelled: stopped waiting for import job ${state.jobArn}, last status ${status}. ` +
      'The import keeps running in AWS (import jobs cannot be stopped).',
    { title: 'Cancelled' },
  )
}

async function failWith(error: unknown, step: Step): Promise<void> {
  const { config, deps, state } = step
  const { runner } = deps
  if (state.jobArn && !state.statusReported) finishStatus(step)
  if (deps.cancel.aborted) {
    await reportCancelled(step)
    return
  }
  const request = config.target.kind === 'create' ? config.target.request : undefined
  const failure = toActionError(error, {
    region: config.region,
    ...(request ? { datasetArn: request.datasetArn } : {}),
    ...(request?.roleArn ? { roleArn: request.roleArn } : {}),
    ...(state.jobArn
      ? { jobArn: state.jobArn }
      : config.target.kind === 'attach'
        ? { jobArn: config.target.jobArn }
        : {}),
    ...(!state.jobArn && config.target.kind === 'create' ? { jobArnIfCreated: config.target.jobArn } : {}),
    hasTags: (request?.tags?.length ?? 0) > 0,
  })
  if (state.jobArn) await writeSummary(step, `error: ${failure.title}`)
  const job = state.jobArn ? ` Import job: ${state.jobArn}` : ''
  runner.fail(`${failure.message}${job}`, { title: failure.title })
  // Only a bug of ours earns a stack trace, and only in debug logs.
  if (!(error instanceof ActionError || error instanceof AwsError) && error instanceof Error && error.stack) {
    runner.debug(error.stack)
  }
}

async function writeSummary(step: Step, headline: string): Promise<void> {
  const { config, deps, state } = step
  if (!state.jobArn) return
  const request = config.target.kind === 'create' ? config.target.request : undefined
  const markdown = renderSummary({
    headline,
    jobName: state.jobName ?? '',
    jobArn: state.jobArn,
    region: config.region,
    job: state.job,
    timeline: state.timeline,
    ...(request ? { datasetArn: request.datasetArn, dataLocation: request.dataSource.dataLocation } : {}),
    ...(request?.importMode ? { importMode: request.importMode } : {}),
  })
  try {
    await deps.runner.appendSummary(markdown)
  } catch (error) {
    deps.runner.warning(`Could not write the job summary: ${messageOf(error)}`, { title: 'Job summary' })
  }
}

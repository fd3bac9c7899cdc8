import { AwsError } from './aws-error.js'
import {
  type ClientSettings,
  createPersonalizeApi,
  type ImportJob,
  type PersonalizeApi,
  PROXY_VARIABLES,
} from './client.js'
import { ActionError, explainAwsError } from './errors.js'
import { type Config, InputError, readConfig, workspaceFileReader } from './inputs.js'
import { type ImportRequest, jobArnParts } from './model.js'
import { preflight } from './preflight.js'
import { createWhenFree } from './queue.js'
import {
  formatDuration,
  oneLine,
  pollLog,
  reportJobIdentity,
  reportJobStatus,
  reportSkeleton,
  requestLines,
} from './report.js'
import { coreRunner, type Runner } from './runner.js'
import { JSON_INPUT_SKELETON, sampleOutput, YAML_INPUT_SKELETON } from './skeleton.js'
import { renderSummary } from './summary.js'
import { type Clock, type Pacing, type Sleep, type TimelineEntry, waitForJob } from './wait.js'

// inputs -> config -> create (or attach) -> wait -> report. Side effects come in through Dependencies.

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
  request?: ImportRequest
  timeline: TimelineEntry[]
  statusReported: boolean
}

export async function run(deps: Dependencies = defaultDependencies()): Promise<void> {
  const state: RunState = { timeline: [], statusReported: false }
  let config: Config
  try {
    config = readConfig({
      getInput: name => deps.runner.getInput(name),
      env: deps.env,
      readWorkspaceFile: deps.readWorkspaceFile,
    })
  } catch (error) {
    if (error instanceof InputError)
      deps.runner.fail(`Input ${error.input} ${error.message}`, { title: 'Invalid input' })
    else
      deps.runner.fail(
        `The action failed unexpectedly while reading its inputs: ${error instanceof Error ? error.message : String(error)}`,
        { title: 'Unexpected error' },
      )
    return
  }
  try {
    await execute(config, deps, state)
  } catch (error) {
    await failWith(error, config, deps, state)
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
    sleep: (ms, signal) =>
      new Promise(resolve => {
        const timer = setTimeout(done, ms)
        signal.addEventListener('abort', done, { once: true })
        function done(): void {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          resolve()
        }
      }),
    random: Math.random,
    cancel: controller.signal,
  }
}

async function execute(config: Config, deps: Dependencies, state: RunState): Promise<void> {
  const { runner, clock } = deps
  const target = config.target
  if (target.kind === 'skeleton') {
    const text = target.format === 'input' ? JSON_INPUT_SKELETON : YAML_INPUT_SKELETON
    runner.info(text)
    reportSkeleton(runner, text)
    return
  }
  if (target.kind === 'dry-run') {
    runner.group('Import request (dry run: nothing is sent to AWS)', requestLines(target.request))
    const text = sampleOutput(target.jobArn)
    runner.info(text)
    reportSkeleton(runner, text)
    return
  }

  if (
    config.wait.enabled &&
    config.wait.timeoutMs > GITHUB_HOSTED_JOB_LIMIT_MS &&
    deps.env.RUNNER_ENVIRONMENT === 'github-hosted'
  ) {
    runner.warning(
      `wait-timeout-minutes is ${config.wait.timeoutMs / 60_000}, but GitHub-hosted jobs are stopped after 6 hours, before the wait could time out. Use a lower value, or wait: false and check later with job-arn.`,
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
    proxyEnv: deps.env,
  })
  const proxy = PROXY_VARIABLES.find(name => deps.env[name])
  // The proxy URL may carry credentials: name the variable, never its value.
  if (proxy) runner.info(`Connecting through the proxy in ${proxy} (NO_PROXY honoured)`)

  if (target.kind === 'create') {
    state.request = target.request
    runner.group(`Import request (region ${config.region})`, requestLines(target.request))
    state.jobName = target.request.jobName
    const context = { api, runner, pacing, region: config.region }
    const listing = target.admission.preflight
      ? await preflight(context, target.request, target.importModeGiven)
      : undefined
    const started = await createWhenFree(
      context,
      target.request,
      target.jobArn,
      { ifBusy: target.admission.ifBusy, lookFirst: target.admission.preflight },
      listing,
    )
    state.jobArn = started.jobArn
    reportJobIdentity(runner, started.jobArn, target.request.jobName)
    if (started.adopted) {
      // A fixed job-name reused on a later day would adopt that day's job: say how old it is.
      const created = started.adopted.creationDateTime
        ? `created ${started.adopted.creationDateTime.toISOString()}, `
        : ''
      runner.notice(
        `Import job ${target.request.jobName} already exists for this dataset and data location (${created}${oneLine(started.adopted.status ?? 'status unknown')}): a re-run, or a retried request whose first answer was lost. Attached to it instead of creating another: ${started.jobArn}. To import again, use a new job-name.`,
        { title: 'Attached to existing import job' },
      )
    } else {
      runner.info(`Created import job ${started.jobArn}`)
    }
  } else {
    state.jobArn = target.jobArn
    state.jobName = jobArnParts(target.jobArn)?.jobName ?? ''
    reportJobIdentity(runner, state.jobArn, state.jobName)
    runner.info(`Attaching to import job ${target.jobArn}`)
  }
  const jobArn = state.jobArn

  if (!config.wait.enabled) {
    try {
      state.job = await api.describeImportJob(jobArn, pacing.requestSignal())
      state.timeline.push({ status: state.job.status ?? 'UNKNOWN', at: clock.now() })
    } catch (error) {
      if (!(error instanceof AwsError) || error.kind === 'permanent' || deps.cancel.aborted) throw error
      runner.warning(`Could not read the job's status (${error.code}); the job exists: ${jobArn}`, {
        title: 'Status unknown',
      })
    }
    finishStatus(runner, state)
    runner.info(
      `Status: ${oneLine(state.job?.status ?? 'unknown')}. Not waiting (wait: false); follow it with job-arn: ${jobArn}`,
    )
    await writeSummary(deps, config, state, 'created, not waited for')
    return
  }

  runner.info(
    `Waiting up to ${formatDuration(deadline - clock.now())} for the import, checking at most every ${formatDuration(config.wait.maxPauseMs)}`,
  )
  const result = await waitForJob({
    ...pacing,
    describe: signal => api.describeImportJob(jobArn, signal),
    events: pollLog(runner, ''),
  })
  if (result.job) state.job = result.job
  state.timeline = result.timeline
  finishStatus(runner, state)
  const status = oneLine(state.job?.status ?? 'unknown')
  const elapsed = formatDuration(clock.now() - startedAt)
  switch (result.outcome) {
    case 'active':
      runner.info(`Import job ${jobArn} is ACTIVE after ${elapsed}`)
      await writeSummary(deps, config, state, 'ACTIVE')
      return
    case 'failed': {
      await writeSummary(deps, config, state, 'CREATE FAILED')
      const reason = state.job?.failureReason ? oneLine(state.job.failureReason) : 'no failure reason given'
      runner.fail(`Import job ${jobArn} failed: ${reason}`, { title: 'Import job failed' })
      return
    }
    case 'timeout': {
      await writeSummary(deps, config, state, `timed out while ${status}`)
      const lastError = result.lastError
        ? ` The last status checks failed: ${result.lastError.code}: ${oneLine(result.lastError.message)}.`
        : ''
      runner.fail(
        `Gave up waiting after ${elapsed} (wait-timeout-minutes): import job ${jobArn} is still ${status}.${lastError} The import continues in AWS (import jobs cannot be stopped); check it later with job-arn: ${jobArn}`,
        { title: 'Timed out waiting for import' },
      )
      return
    }
    case 'cancelled':
      await reportCancelled(deps, config, state)
      return
  }
}

function finishStatus(runner: Runner, state: RunState): void {
  reportJobStatus(runner, state.job)
  state.statusReported = true
}

async function reportCancelled(deps: Dependencies, config: Config, state: RunState): Promise<void> {
  const status = oneLine(state.job?.status ?? 'unknown')
  if (!state.jobArn) {
    const inFlight =
      config.target.kind === 'create' ? ` If a Create was in flight, the job may exist: ${config.target.jobArn}` : ''
    deps.runner.fail(`Cancelled before an import job was created.${inFlight}`, { title: 'Cancelled' })
    return
  }
  await writeSummary(deps, config, state, `cancelled while ${status}`)
  deps.runner.fail(
    `Cancelled: stopped waiting for import job ${state.jobArn}, last status ${status}. The import keeps running in AWS (import jobs cannot be stopped).`,
    {
      title: 'Cancelled',
    },
  )
}

async function failWith(error: unknown, config: Config, deps: Dependencies, state: RunState): Promise<void> {
  const { runner } = deps
  if (state.jobArn && !state.statusReported) finishStatus(runner, state)
  if (deps.cancel.aborted) {
    await reportCancelled(deps, config, state)
    return
  }
  const failure =
    error instanceof AwsError && error.kind === 'aborted'
      ? new ActionError(
          'Timed out',
          `${error.operation} did not answer before wait-timeout-minutes ran out.${state.jobArn ? '' : config.target.kind === 'create' ? ` If a Create was in flight, the job may exist: ${config.target.jobArn}` : ''}`,
        )
      : error instanceof ActionError
        ? error
        : error instanceof AwsError
          ? explainAwsError(error, {
              region: config.region,
              ...(state.request ? { datasetArn: state.request.datasetArn } : {}),
              ...(state.request?.roleArn ? { roleArn: state.request.roleArn } : {}),
              ...(state.jobArn
                ? { jobArn: state.jobArn }
                : config.target.kind === 'attach'
                  ? { jobArn: config.target.jobArn }
                  : {}),
              hasTags: (state.request?.tags?.length ?? 0) > 0,
            })
          : new ActionError(
              'Unexpected error',
              `The action failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
            )
  if (state.jobArn) await writeSummary(deps, config, state, `error: ${failure.title}`)
  const job = state.jobArn ? ` Import job: ${state.jobArn}` : ''
  runner.fail(`${failure.message}${job}`, { title: failure.title })
  // Only a bug of ours earns a stack trace, and only in debug logs.
  if (!(error instanceof ActionError || error instanceof AwsError) && error instanceof Error && error.stack)
    runner.debug(error.stack)
}

async function writeSummary(deps: Dependencies, config: Config, state: RunState, headline: string): Promise<void> {
  if (!state.jobArn) return
  const request = state.request
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
    deps.runner.warning(`Could not write the job summary: ${(error as Error).message}`, { title: 'Job summary' })
  }
}

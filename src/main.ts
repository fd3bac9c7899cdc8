import { PROXY_VARIABLES } from './aws/http.js'
import { createPersonalizeApi, type PersonalizeApi } from './aws/personalize.js'
import type { RetryPolicy } from './aws/retry.js'
import type { Config, Target } from './config.js'
import { readConfig } from './inputs/read.js'
import { InputError } from './inputs/source.js'
import { type Pacing, timerSleep } from './pacing.js'
import { CommitStatus } from './report/commit-status.js'
import { reportSkeleton } from './report/outputs.js'
import { requestLines } from './report/request.js'
import { JSON_INPUT_SKELETON, sampleOutput, YAML_INPUT_SKELETON } from './report/skeleton.js'
import { consoleLink } from './report/summary.js'
import { checkOnly } from './run/checks.js'
import { interruptedEnding } from './run/endings.js'
import { finish } from './run/finish.js'
import { attachJobs, importDatasets } from './run/import.js'
import { Lane } from './run/lane.js'
import type { Dependencies, Ending, Step } from './run/step.js'
import { coreRunner, type Runner } from './runner.js'
import { messageOf } from './text.js'
import { retryLog } from './wait/log.js'
import { workspaceFileReader } from './workspace.js'

export type { Dependencies } from './run/step.js'

// inputs -> config -> checks -> create (or attach) -> wait -> report: each stage a call into run/. Side effects come
// in through Dependencies.

const GITHUB_HOSTED_JOB_LIMIT_MS = 6 * 60 * 60_000

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
    ...connect(config, deps),
    ...commitStatus(config, deps),
    ...(target.group ? { group: target.group } : {}),
    lanes: lanesOf(target),
    found: {},
  }
  let ending: Ending
  try {
    if (target.kind === 'check') ending = await checkOnly(step, target)
    else if (target.kind === 'attach') ending = await attachJobs(step, target)
    else ending = await importDatasets(step, target)
  } catch (error) {
    ending = interruptedEnding(error, step)
  }
  await finish(step, ending)
}

/** One lane per dataset of the target: its job, what its checks found, how it ended. */
function lanesOf(target: Extract<Target, { kind: 'create' | 'attach' | 'check' }>): Lane[] {
  switch (target.kind) {
    case 'create':
      return target.entries.map(entry => new Lane(entry.type, entry.request.datasetArn, entry.request))
    case 'attach':
      return target.jobs.map(job => new Lane(job.type, undefined))
    case 'check':
      return target.checks.map(check => new Lane(check.type, check.datasetArn))
  }
}

function defaultDependencies(): Dependencies {
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
    env,
    policy,
  })
  const proxy = PROXY_VARIABLES.find(name => env[name])
  // The proxy URL may carry credentials: name the variable, never its value.
  if (proxy) runner.info(`Connecting through the proxy in ${proxy} (NO_PROXY honoured)`)
  return { pacing, policy, api }
}

/**
 * commit-status: a reporter for the dataset of the target (for job-arn, the job's dataset once described), or one
 * for a whole dataset group.
 */
function commitStatus(config: Config, deps: Dependencies): { status?: CommitStatus } {
  if (!config.status.enabled) return {}
  deps.runner.secret(config.status.token)
  const status = new CommitStatus({
    token: config.status.token,
    runner: deps.runner,
    // The final state's retries pause even after cancellation: it is what the commit keeps.
    sleep: ms => deps.sleep(ms, new AbortController().signal),
    targetUrl: datasetArn => consoleLink(datasetArn, config.region),
  })
  const target = config.target
  if (target.kind !== 'create' && target.kind !== 'check' && target.kind !== 'attach') return { status }
  const datasets =
    target.kind === 'create'
      ? target.entries.map(entry => entry.request.datasetArn)
      : target.kind === 'check'
        ? target.checks.flatMap(check => (check.datasetArn ? [check.datasetArn] : []))
        : []
  if (target.group) status.forGroup(target.group.name, datasets[0])
  else status.forDataset(datasets[0])
  // check-only of local data against a schema-file has no dataset: the schema names the check.
  const [check] = target.kind === 'check' ? target.checks : []
  const schema = check?.data.schema
  if (check && !check.datasetArn && schema) status.forContext(`Personalize data check (${schema.name.slice(0, 60)})`)
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
    listTags: refuse,
    credentialsExpiry: async () => undefined,
  }
}

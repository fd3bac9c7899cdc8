import type { ImportJob } from './client.js'
import type { ImportRequest } from './model.js'
import type { Runner } from './runner.js'
import type { PollEvents } from './wait.js'

// Step outputs and the log lines a person reads while the job runs. Output names live here only.

export function reportJobIdentity(runner: Runner, jobArn: string, jobName: string): void {
  runner.setOutput('job-arn', jobArn)
  runner.setOutput('job-name', jobName)
}

/** Status outputs from the latest description; an empty status means the job could not be read. */
export function reportJobStatus(runner: Runner, job: ImportJob | undefined): void {
  runner.setOutput('status', job?.status ?? '')
  runner.setOutput('failure-reason', job?.failureReason ?? '')
  // Dates serialise as ISO-8601.
  runner.setOutput('job', job ? JSON.stringify(job) : '')
}

export function reportSkeleton(runner: Runner, text: string): void {
  runner.setOutput('skeleton', text)
}

/** `1h02m`, `3m05s`, `12s`: elapsed times in log lines and the summary. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`
  if (m > 0) return `${m}m${String(s).padStart(2, '0')}s`
  return `${s}s`
}

/** Text from AWS on one line, so it can never start a workflow command of its own. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()
}

/** The request in the log, by the model's member names. Tags are sensitive in the model: count only. */
export function requestLines(request: ImportRequest): string[] {
  return [
    `jobName: ${request.jobName}`,
    `datasetArn: ${request.datasetArn}`,
    `dataSource.dataLocation: ${JSON.stringify(request.dataSource.dataLocation)}`,
    `roleArn: ${request.roleArn ?? '(not set)'}`,
    `importMode: ${request.importMode ?? '(not set: the service default FULL replaces existing bulk data)'}`,
    `publishAttributionMetricsToS3: ${request.publishAttributionMetricsToS3 ?? '(not set)'}`,
    `tags: ${request.tags ? `${request.tags.length} (keys and values not shown)` : '(none)'}`,
  ]
}

/**
 * Log lines for one wait: each status change once with the elapsed time, a heartbeat while nothing
 * changes, the first fault of a streak (the rest in debug logs).
 */
export function pollLog(runner: Runner, subject: string): PollEvents {
  const prefix = subject === '' ? '' : `${subject}: `
  return {
    statusChanged: (status, elapsed) => runner.info(`[${formatDuration(elapsed)}] ${prefix}${oneLine(status)}`),
    stillWaiting: (status, elapsed) => runner.info(`[${formatDuration(elapsed)}] ${prefix}still ${oneLine(status)}`),
    fault: (error, pause, consecutive) => {
      const line = `${error.operation} ${error.kind} (${error.code}); next check in ${formatDuration(pause)}`
      if (consecutive === 1) runner.info(line)
      else runner.debug(`${line} (fault ${consecutive} in a row)`)
    },
  }
}

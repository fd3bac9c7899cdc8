import type { RetryEvents } from '../aws/retry.js'
import type { Runner } from '../runner.js'
import { formatDuration, oneLine } from '../text.js'
import type { JobWaitEvents } from './import-job.js'
import type { PollEvents } from './poll.js'

// The log lines a person reads while the step waits and retries.

/** Each status change once with the elapsed time, and a heartbeat while nothing changes. */
export function pollLog(runner: Runner, subject: string): PollEvents {
  const prefix = subject === '' ? '' : `${subject}: `
  return {
    statusChanged: (status, elapsed) => runner.info(`[${formatDuration(elapsed)}] ${prefix}${oneLine(status)}`),
    stillWaiting: (status, elapsed) => runner.info(`[${formatDuration(elapsed)}] ${prefix}still ${oneLine(status)}`),
  }
}

/**
 * pollLog for an import job (`subject`: a group's dataset, or nothing), which also says once when Personalize
 * reports a status the action does not know.
 */
export function jobWaitLog(runner: Runner, subject = ''): JobWaitEvents {
  return {
    ...pollLog(runner, subject),
    unexpectedStatus: description =>
      runner.info(
        `Personalize reported ${oneLine(description)}: the job counts as still running (only ACTIVE and CREATE FAILED end the wait)`,
      ),
  }
}

/** The first fault of a streak in the log, the rest in debug logs: a throttled minute is one line, not sixty. */
export function retryLog(runner: Runner): RetryEvents {
  return {
    retrying: (error, pause, consecutive) => {
      const line = `${error.operation}: ${error.kind === 'throttled' ? 'throttled' : 'failed'} (${error.code}); trying again in ${formatDuration(pause)}`
      if (consecutive === 1) runner.info(line)
      else runner.debug(`${line} (fault ${consecutive} in a row)`)
    },
  }
}

import type { Runner } from '../runner.js'
import { formatDuration, oneLine } from '../text.js'
import type { PollEvents } from './poll.js'

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

import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

// How the SDK clients reach AWS: connection timeouts, the proxy of the environment, the SDK's debug log.

export interface HttpSettings {
  /** Receives the SDK's own request log (sensitive members already redacted by the SDK); debug runs only. */
  debugLog?: (line: string) => void
  /**
   * The step's environment: its HTTP(S)_PROXY / NO_PROXY, which the SDK ignores on its own, and (for S3) the
   * endpoint variables, read from it rather than from the process so that the environment is one value.
   */
  env?: Readonly<Record<string, string | undefined>>
}

// A black-holed endpoint must not hold the step: connecting and each pause in the answer have their own limits;
// the retry policy bounds the whole request and the step's deadline everything.
const CONNECTION_TIMEOUT_MS = 5_000
const SOCKET_IDLE_TIMEOUT_MS = 20_000

export const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

export function requestHandler(settings: HttpSettings): {
  connectionTimeout: number
  requestTimeout: number
  httpAgent?: HttpAgent
  httpsAgent?: HttpsAgent
} {
  return {
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    requestTimeout: SOCKET_IDLE_TIMEOUT_MS,
    ...proxyAgents(settings.env ?? {}),
  }
}

/**
 * Self-hosted runners behind a proxy set HTTPS_PROXY / HTTP_PROXY / NO_PROXY. Node 24's agents honour them
 * through `proxyEnv` (the same rules as NODE_USE_ENV_PROXY), so no proxy library is needed. Without a proxy
 * variable the SDK keeps its own agents.
 */
function proxyAgents(env: Readonly<Record<string, string | undefined>>): {
  httpAgent?: HttpAgent
  httpsAgent?: HttpsAgent
} {
  if (!PROXY_VARIABLES.some(name => env[name])) return {}
  const proxyEnv: Record<string, string> = {}
  for (const name of [...PROXY_VARIABLES, 'NO_PROXY', 'no_proxy']) {
    const value = env[name]
    if (value) proxyEnv[name] = value
  }
  return {
    httpAgent: new HttpAgent({ keepAlive: true, proxyEnv }),
    httpsAgent: new HttpsAgent({ keepAlive: true, proxyEnv }),
  }
}

/**
 * The SDK logs objects whose sensitive members (tag keys and values) its schema already replaced. A log line can
 * never fail a call: objects that cannot be written as JSON (a response holding a live stream or socket, a cycle)
 * are written in part, and a line that still cannot be written is dropped with a note.
 */
export function sdkLogger(
  log: (line: string) => void,
): Record<'trace' | 'debug' | 'info' | 'warn' | 'error', (...content: unknown[]) => void> {
  const write = (...content: unknown[]): void => {
    try {
      log(`sdk: ${content.map(part => (typeof part === 'string' ? part : safeJson(part))).join(' ')}`)
    } catch {
      // Debug logging must never change the outcome.
    }
  }
  // info carries one line per call (command, filtered input and output, attempts); trace and debug are
  // the provider chain's chatter.
  const quiet = (): void => undefined
  return { trace: quiet, debug: quiet, info: write, warn: write, error: write }
}

const MAX_LOG_LINE = 16_384

/** JSON of a logged object, with streams, sockets, buffers and cycles named instead of followed. */
function safeJson(value: unknown): string {
  const seen = new WeakSet<object>()
  try {
    const text = JSON.stringify(value, (_key, member: unknown) => {
      if (typeof member === 'bigint') return String(member)
      if (typeof member !== 'object' || member === null) return member
      if (ArrayBuffer.isView(member)) return `[${member.byteLength} bytes]`
      if (
        typeof (member as { pipe?: unknown }).pipe === 'function' ||
        typeof (member as { on?: unknown }).on === 'function'
      ) {
        return `[${member.constructor?.name ?? 'stream'}]`
      }
      if (seen.has(member)) return '[circular]'
      seen.add(member)
      return member
    })
    return text === undefined ? String(value) : text.length > MAX_LOG_LINE ? `${text.slice(0, MAX_LOG_LINE)}...` : text
  } catch {
    return '[not loggable]'
  }
}

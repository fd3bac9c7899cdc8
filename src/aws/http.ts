import { Agent as HttpAgent } from 'node:http'
import { Agent as HttpsAgent } from 'node:https'

// How the SDK clients reach AWS: connection timeouts, the proxy of the environment, the SDK's debug log.

export interface HttpSettings {
  /** Receives the SDK's own request log (sensitive members already redacted by the SDK); debug runs only. */
  debugLog?: (line: string) => void
  /** The environment's HTTP(S)_PROXY / NO_PROXY, which the SDK ignores on its own. */
  proxyEnv?: Readonly<Record<string, string | undefined>>
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
    ...proxyAgents(settings.proxyEnv ?? {}),
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

/** The SDK logs objects whose sensitive members (tag keys and values) its schema already replaced. */
export function sdkLogger(
  log: (line: string) => void,
): Record<'trace' | 'debug' | 'info' | 'warn' | 'error', (...content: unknown[]) => void> {
  const write = (...content: unknown[]): void =>
    log(`sdk: ${content.map(part => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')}`)
  // info carries one line per call (command, filtered input and output, attempts); trace and debug are
  // the provider chain's chatter.
  const quiet = (): void => undefined
  return { trace: quiet, debug: quiet, info: write, warn: write, error: write }
}

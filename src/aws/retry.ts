import { Cancelled } from '../failure.js'
import { type Pacing, requestBound, retryPause } from '../pacing.js'
import { AwsError, toAwsError, UNREACHABLE_CODES } from './errors.js'

// The one retry policy for every AWS call of the step. A call is sent with its own time bound (and the step's
// deadline and cancellation); faults that heal (throttling, 5xx, lost connections, timeouts, cut or malformed
// answers) are retried on the status-check schedule until the deadline; faults that cannot heal are thrown.

export interface RetryEvents {
  /** A call failed with a fault that heals and will be sent again after `pauseMs`. */
  retrying(error: AwsError, pauseMs: number, consecutive: number): void
}

export interface RetryPolicy {
  pacing: Pacing
  events: RetryEvents
  /** The longest one request may take; default: requestBound(pacing.maxPauseMs). */
  requestBoundMs?: number
}

/** The step's deadline passed while a call kept failing (or was still waiting for its answer). */
export class DeadlineReached extends Error {
  constructor(
    readonly operation: string,
    /** The last fault, when the call was failing; undefined when it was simply still waiting. */
    readonly lastError?: AwsError,
  ) {
    super(`${operation} had not succeeded when wait-timeout-minutes ran out`)
  }
}

/** Throws when the step is cancelled or out of time: called between the chunks of a long read. */
export function checkTime(pacing: Pacing, operation: string): void {
  if (pacing.cancel.aborted) throw new Cancelled()
  if (pacing.clock.now() >= pacing.deadline) throw new DeadlineReached(operation)
}

/** An unreachable endpoint is tried this often before the first answer; afterwards it is a passing network fault. */
const UNREACHABLE_ATTEMPTS = 3

export interface CallOptions {
  /** Also retry these errors (e.g. a job not visible yet); the policy's own rules still apply first. */
  alsoRetry?: (error: AwsError) => boolean
  /** Retry only these of the faults that heal (e.g. Create retries only answers that prove nothing was done). */
  onlyRetry?: (error: AwsError) => boolean
  /**
   * An optional read gives up this long after it began (DeadlineReached), however far the step's deadline: its
   * caller goes on without it.
   */
  withinMs?: number
}

/** The endpoint gave no answer at all (no HTTP response) within the time it had for its first one. */
export const NO_ANSWER = 'NoAnswer'

/**
 * A client's calls under the policy. It remembers whether the endpoint ever answered (any HTTP response, an error
 * too): before that, an endpoint that cannot be reached (a wrong region or endpoint-url) fails after a few tries
 * instead of at the deadline, and with `answerWithinMs` one that never answers (a firewall that drops packets, a
 * connection that stays silent) fails with NO_ANSWER once that time has passed since its first call.
 */
export class RetryingCaller {
  private reached = false
  private firstCallAt: number | undefined

  constructor(
    private readonly policy: RetryPolicy,
    private readonly answerWithinMs?: number,
  ) {}

  async call<T>(operation: string, send: (signal: AbortSignal) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const { pacing, events } = this.policy
    const now = pacing.clock.now()
    this.firstCallAt ??= now
    const deadline =
      options.withinMs === undefined ? pacing.deadline : Math.min(pacing.deadline, now + options.withinMs)
    let lastError: AwsError | undefined
    for (let attempt = 1; ; attempt++) {
      const sent = await this.attempt(operation, send, lastError, deadline)
      if (sent.ok) return sent.value
      const error = sent.error
      if (!this.heals(error, attempt, options)) throw error
      lastError = error
      const pause = Math.min(
        retryPause(attempt, pacing.maxPauseMs, pacing.random),
        deadline - pacing.clock.now(),
        Math.max(0, this.answerLeft()),
      )
      events.retrying(error, pause, attempt)
      await pacing.sleep(Math.max(0, pause), pacing.cancel)
    }
  }

  /**
   * One request within its bound, the time left and the time the endpoint has for a first answer. Cancellation,
   * the deadline and no answer at all end the call (thrown); any other fault is returned for the policy to judge.
   */
  private async attempt<T>(
    operation: string,
    send: (signal: AbortSignal) => Promise<T>,
    lastError: AwsError | undefined,
    deadline: number,
  ): Promise<{ ok: true; value: T } | { ok: false; error: AwsError }> {
    const { pacing } = this.policy
    const bound = this.policy.requestBoundMs ?? requestBound(pacing.maxPauseMs)
    if (pacing.cancel.aborted) throw new Cancelled()
    const left = deadline - pacing.clock.now()
    if (left <= 0) throw new DeadlineReached(operation, lastError)
    const answerLeft = this.answerLeft()
    if (answerLeft <= 0) throw this.noAnswer(operation, lastError)
    const signal = AbortSignal.any([pacing.cancel, AbortSignal.timeout(Math.max(1, Math.min(bound, left, answerLeft)))])
    let error: AwsError
    try {
      const value = await send(signal)
      this.reached = true
      return { ok: true, value }
    } catch (thrown) {
      if (thrown instanceof Cancelled || thrown instanceof DeadlineReached) throw thrown
      error = this.classify(operation, thrown, signal, bound, deadline)
    }
    if (pacing.cancel.aborted) throw new Cancelled()
    if (error.kind === 'aborted' || pacing.clock.now() >= deadline) {
      throw new DeadlineReached(operation, error.kind === 'aborted' ? lastError : error)
    }
    if (error.httpStatus !== undefined) this.reached = true
    return { ok: false, error }
  }

  /** How long the endpoint still has for its first answer (Infinity once it answered, or without a limit). */
  private answerLeft(): number {
    if (this.reached || this.answerWithinMs === undefined || this.firstCallAt === undefined) return Infinity
    return this.firstCallAt + this.answerWithinMs - this.policy.pacing.clock.now()
  }

  private noAnswer(operation: string, lastError: AwsError | undefined): AwsError {
    const seconds = Math.round((this.answerWithinMs ?? 0) / 1000)
    const last = lastError ? ` (last: ${lastError.code})` : ''
    return new AwsError(operation, NO_ANSWER, 'permanent', `no answer at all within ${seconds}s${last}`)
  }

  private classify(operation: string, thrown: unknown, signal: AbortSignal, bound: number, deadline: number): AwsError {
    const error = thrown instanceof AwsError ? thrown : toAwsError(operation, thrown, signal.aborted)
    if (error.kind !== 'aborted' || this.policy.pacing.cancel.aborted) return error
    if (this.policy.pacing.clock.now() >= deadline) return error
    // Our own bound on this one request fired (a trickled or stalled answer): a transient fault like a timeout.
    const seconds = Math.round(bound / 1000)
    return new AwsError(
      operation,
      'RequestTimeout',
      'transient',
      `no complete answer within ${seconds}s`,
      undefined,
      true,
    )
  }

  private heals(error: AwsError, attempt: number, options: CallOptions): boolean {
    if (options.alsoRetry?.(error)) return true
    if (error.kind !== 'throttled' && error.kind !== 'transient') return false
    if (options.onlyRetry && !options.onlyRetry(error)) return false
    return !(UNREACHABLE_CODES.has(error.code) && !this.reached && attempt >= UNREACHABLE_ATTEMPTS)
  }
}

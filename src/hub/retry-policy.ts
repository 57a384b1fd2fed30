/** What a retry policy is told about the attempt to come. */
export interface RetryAttempt {
  /** How many attempts in a row have failed so far. */
  previousRetryCount: number;
}

/** Decides how long to wait before the next connection attempt. */
export interface RetryPolicy {
  /** Delay in ms before the next attempt; never null: the widget retries forever. */
  nextRetryDelayInMilliseconds: (attempt: RetryAttempt) => number;
}

/** Settings of {@link JitteredBackoff}. */
export interface JitteredBackoffOptions {
  /** Upper bound of the first delay, in ms. */
  initialDelayMs?: number;
  /** No delay exceeds this, in ms. */
  maxDelayMs?: number;
  /** Share of each delay that is random, 0..1: 0.5 means a delay lies in [base/2, base]. */
  jitter?: number;
  /** Source of randomness in [0, 1); injected for tests. */
  random?: () => number;
}

/**
 * Exponential backoff, capped and jittered, that never gives up. Jitter spreads the
 * reconnects of many pages after a server restart so they do not arrive as one wave.
 */
export class JitteredBackoff implements RetryPolicy {
  readonly #initialDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #jitter: number;
  readonly #random: () => number;

  constructor(options: JitteredBackoffOptions = {}) {
    this.#initialDelayMs = options.initialDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 30_000;
    this.#jitter = Math.min(1, Math.max(0, options.jitter ?? 0.5));
    this.#random = options.random ?? Math.random;
  }

  nextRetryDelayInMilliseconds({ previousRetryCount }: RetryAttempt): number {
    // 2^n overflows to Infinity long before n is large enough to matter; min() caps it.
    const base = Math.min(this.#maxDelayMs, this.#initialDelayMs * 2 ** Math.max(0, previousRetryCount));
    return Math.round(base * (1 - this.#jitter) + base * this.#jitter * this.#random());
  }
}

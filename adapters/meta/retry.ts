/**
 * Retries with exponential backoff and full jitter. A server's `Retry-After` wins over the computed wait.
 */

export interface RetryPolicy {
  /** Total attempts, the first included. */
  tries: number;
  /**
   * Total attempts when the platform says "too many, slow down" (throughput and pair-rate limits): the
   * message is fine and will go through once the limit clears, so it is worth waiting longer for.
   */
  rateLimitTries?: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  tries: 3,
  rateLimitTries: 8,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
};

export interface RetryDecision {
  retry: boolean;
  retryAfterMs?: number;
  /** A rate limit: allowed `rateLimitTries` attempts instead of `tries`. */
  rateLimited?: boolean;
}

export async function withRetry<T>(
  attempt: (tryNumber: number) => Promise<T>,
  decide: (error: unknown) => RetryDecision,
  policy: RetryPolicy = DEFAULT_RETRY,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let tryNumber = 1; ; tryNumber += 1) {
    try {
      return await attempt(tryNumber);
    } catch (error) {
      const decision = decide(error);
      const limit = decision.rateLimited
        ? Math.max(policy.tries, policy.rateLimitTries ?? policy.tries)
        : policy.tries;
      if (!decision.retry || tryNumber >= limit) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (tryNumber - 1));
      const wait = decision.retryAfterMs ?? Math.round(Math.random() * ceiling);
      await sleep(Math.min(wait, policy.maxDelayMs));
    }
  }
}

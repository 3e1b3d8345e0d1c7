/**
 * Requests a minute per operator key: a token bucket per key holding at most a minute's allowance,
 * refilled continuously, so a key may burst up to its cap and then goes at its steady rate. Kept in the
 * process: with several instances, each caps on its own.
 */
import { RateCapError } from './apiErrors';

interface Bucket {
  tokens: number;
  at: number;
}

export class RateCap {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request of `key`'s allowance; `RateCapError` (429, with the wait) when none is left. */
  admit(key: string): void {
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * perMs);
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      const retryAfterSeconds = Math.max(1, Math.ceil((1 - tokens) / perMs / 1000));
      throw new RateCapError({ retryAfterSeconds, perMinute: this.perMinute });
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
  }
}

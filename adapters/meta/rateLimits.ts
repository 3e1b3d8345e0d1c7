/**
 * Meta's "slow down" answers, told apart by scope: the whole number or page (throughput 130429, app and
 * account call limits 4, 17, 32, 613, 80007, maintenance during a throughput upgrade 131057, HTTP 429)
 * or one recipient (the WhatsApp pair rate limit 131056).
 */
import { ChannelApiError } from '../../src/core/errors';
import type { RateLimitVerdict } from '../base/outboundScheduler';

const ACCOUNT_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131057]);
const RECIPIENT_CODES = new Set([131056]);

export function metaRateLimit(error: unknown): RateLimitVerdict | undefined {
  if (!(error instanceof ChannelApiError)) return undefined;
  const retryAfterMs = error.retryAfterMs;
  if (error.code !== undefined && RECIPIENT_CODES.has(error.code))
    return { scope: 'recipient', retryAfterMs };
  if (error.status === 429 || (error.code !== undefined && ACCOUNT_CODES.has(error.code)))
    return { scope: 'account', retryAfterMs };
  return undefined;
}

/** WhatsApp's pair rate limit: bursts of up to 45 messages, then about one every 6 seconds. */
export const WHATSAPP_PAIR_LIMIT = { burst: 45, intervalMs: 6_000 };

/**
 * An error answer of Meta's APIs as a typed error: `WindowClosedError` for 131047 (and Messenger's and
 * Instagram's "outside of allowed window"), `ChannelApiError {status, code, subcode, fbtraceId,
 * retryable, retryAfterMs, recipientOptedOut}` otherwise, with a rejected token (190, 401) logged loudly. A POST answered by a
 * gateway instead of Meta (5xx without Meta's error body, other than 503) is `DeliveryUnknownError`: the
 * message may have gone through behind it.
 */
import { z } from 'zod';
import { ChannelApiError, DeliveryUnknownError, WindowClosedError } from '../../src/core/errors';
import type { Logger } from '../../src/core/log';
import { outcomeOfAnswer } from './sendOutcome';

const RETRYABLE_CODES = new Set([
  1, 2, 4, 17, 32, 613, 80007, 130429, 131000, 131016, 131056, 131057, 133004,
]);
const WINDOW_CLOSED = 131047;
/** Messenger (2018278) and Instagram (2534022): "sent outside of allowed window". */
const OUTSIDE_WINDOW_SUBCODES = new Set([2018278, 2534022]);
const TOKEN_INVALID = 190;
/**
 * The person stopped our messages: only 131050, "user stopped marketing messages" (never retry), in
 * Meta's WhatsApp error codes (developers.facebook.com/documentation/business-messaging/whatsapp/support/
 * error-codes; the project's protocol facts §7). It comes as the refusal of a send or in a `failed`
 * status; either records an opt-out (`ChannelApiError.recipientOptedOut`, `meansOptedOut`). Not these:
 * Meta documents no code for a person who blocked the number; 131026 (undeliverable) is also a number
 * not on WhatsApp, terms not accepted or an old app; 131049 is a per-person marketing limit (wait 24 h);
 * Messenger's 551/1545041 "this person isn't available right now" and 2 (temporary) say nothing sure.
 */
const OPTED_OUT_CODES = new Set([131050]);

/** Whether a code of Meta's (a refused send, a `failed` status) says the person stopped our messages. */
export function meansOptedOut(code: number | undefined): boolean {
  return code !== undefined && OPTED_OUT_CODES.has(code);
}

const graphErrorSchema = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
  }),
});

export async function errorOfAnswer(
  channel: string,
  method: 'GET' | 'POST',
  response: Response,
  log: Logger,
): Promise<Error> {
  const text = await response.text().catch(() => '');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  const parsed = graphErrorSchema.safeParse(raw);
  if (method === 'POST' && outcomeOfAnswer(response.status, parsed.success) === 'unknown') {
    return new DeliveryUnknownError(
      channel,
      `the API answered ${response.status} without its error body (a gateway's answer); it may have been delivered`,
    );
  }
  const error = parsed.success ? parsed.data.error : undefined;
  const code = error?.code;
  const details = error?.error_data?.details;
  const message = [error?.message ?? (response.statusText || 'no error body'), details]
    .filter(Boolean)
    .join(' — ');
  if (code === WINDOW_CLOSED || (code === 10 && OUTSIDE_WINDOW_SUBCODES.has(error?.error_subcode ?? 0))) {
    return new WindowClosedError(channel, message);
  }
  if (code === TOKEN_INVALID || response.status === 401) {
    log.error(`${channel}: the API rejected our credentials; renew the access token / API key`, {
      status: response.status,
      code,
      fbtraceId: error?.fbtrace_id,
    });
  }
  return new ChannelApiError({
    channel,
    status: response.status,
    code,
    subcode: error?.error_subcode,
    fbtraceId: error?.fbtrace_id,
    message,
    retryable:
      code !== undefined
        ? RETRYABLE_CODES.has(code) || (response.status >= 500 && code !== 100)
        : response.status >= 500 || response.status === 429,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    recipientOptedOut: meansOptedOut(code),
  });
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

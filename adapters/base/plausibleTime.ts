/**
 * A platform's timestamp, as a date the rest of the system can trust. Webhooks are redelivered for days,
 * so an event may be old, but never older than the platforms retry (7 days, with margin) nor from the
 * future beyond clock skew; `9999999999999` or `1e20` would otherwise become an Invalid Date that drops
 * the turn, or sort an event after everything else in its conversation. Anything implausible becomes
 * the time of receipt.
 */

/** Older than this, a timestamp is not a redelivery but nonsense. */
export const MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** Clock skew allowed between the platform and us. */
export const MAX_SKEW_MS = 5 * 60 * 1000;

/** `milliseconds` since the epoch as a date, or the time of receipt when it is not plausible. */
export function plausibleDate(milliseconds: number, receivedAt: number = Date.now()): Date {
  const plausible =
    Number.isFinite(milliseconds) &&
    milliseconds >= receivedAt - MAX_AGE_MS &&
    milliseconds <= receivedAt + MAX_SKEW_MS;
  return new Date(plausible ? milliseconds : receivedAt);
}

/** The largest order key: 15 digits, the width of the inbox's names. */
const MAX_ORDER = 999_999_999_999_999;

/**
 * The order key of an event in its conversation's inbox: the platform's own time in milliseconds, exactly
 * as sent (clamped to 0 … 10^15 - 1), or 0 when there is none. Never the time of receipt: the key is part
 * of the event's name, and a redelivery must find the name its first delivery wrote, or it would run again.
 */
export function orderKeyOf(milliseconds: number): number {
  return Number.isFinite(milliseconds) && milliseconds > 0
    ? Math.min(Math.floor(milliseconds), MAX_ORDER)
    : 0;
}

/** The order key of Unix seconds as Meta's WhatsApp webhooks write them. */
export function orderKeyOfUnixSeconds(seconds: string): number {
  return orderKeyOf(/^\d{1,16}$/.test(seconds) ? Number(seconds) * 1000 : Number.NaN);
}

/** Unix seconds as Meta's WhatsApp webhooks write them (a string of digits). */
export function dateOfUnixSeconds(seconds: string, receivedAt: number = Date.now()): Date {
  return plausibleDate(/^\d{1,12}$/.test(seconds) ? Number(seconds) * 1000 : Number.NaN, receivedAt);
}

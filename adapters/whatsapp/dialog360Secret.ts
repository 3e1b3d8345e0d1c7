/**
 * 360dialog's proof of origin: the `X-Webhook-Secret` header, the secret configured for the number's
 * webhook, compared in constant time. Failures say what was wrong, never what was expected.
 */
import { WebhookAuthError } from '../../src/core/errors';
import { headerOf, type HttpRequest } from '../../src/core/http';
import { matchSecret } from '../meta/secretCompare';

/** The lines (numbers) whose webhook secret the request carries; missing → 401, matching none → 403. */
export function secretLines<Line>(
  request: Pick<HttpRequest, 'headers'>,
  lines: readonly Line[],
  secretOf: (line: Line) => string,
): Line[] {
  const given = headerOf(request, 'x-webhook-secret');
  if (given === undefined || given === '') throw new WebhookAuthError(401, 'Missing X-Webhook-Secret header');
  const secret = matchSecret(given, [...new Set(lines.map(secretOf))]);
  if (secret === undefined) throw new WebhookAuthError(403, 'X-Webhook-Secret does not match');
  return lines.filter((line) => secretOf(line) === secret);
}

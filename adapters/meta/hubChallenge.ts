/**
 * Meta's webhook verification: `GET ?hub.mode=subscribe&hub.verify_token=...&hub.challenge=...` is
 * answered 200 with the raw challenge when the token is one of ours, 403 otherwise.
 */
import { WebhookAuthError } from '../../src/core/errors';
import type { HttpRequest, HttpResponse } from '../../src/core/http';
import { matchSecret } from './secretCompare';

export function answerHubChallenge(
  request: HttpRequest,
  response: HttpResponse,
  verifyTokens: readonly string[],
): void {
  const mode = request.query['hub.mode'];
  const token = request.query['hub.verify_token'];
  const challenge = request.query['hub.challenge'];
  if (mode !== 'subscribe' || token === undefined || challenge === undefined) {
    throw new WebhookAuthError(403, 'Not a hub verification request');
  }
  if (matchSecret(token, verifyTokens) === undefined) {
    throw new WebhookAuthError(403, 'Verify token does not match');
  }
  response.status(200);
  response.header('content-type', 'text/plain; charset=utf-8');
  response.end(challenge);
}

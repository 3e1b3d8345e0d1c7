/** Signs raw webhook bytes the way Meta does: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>`. */
import { createHmac } from 'node:crypto';
import type { HttpRequest } from '../../src/core/http';

export function metaSignature(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Headers for a signed Meta webhook POST of these exact bytes. */
export function signedHeaders(rawBody: Buffer | string, appSecret: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(rawBody, appSecret) };
}

/** POSTs a body as Meta would, signed with `appSecret`, to a webhook route of the app at `appUrl`. */
export function postSigned(
  appUrl: string,
  body: unknown,
  appSecret: string,
  route = '/webhooks/whatsapp',
): Promise<Response> {
  const raw = Buffer.from(JSON.stringify(body));
  return fetch(`${appUrl}${route}`, { method: 'POST', headers: signedHeaders(raw, appSecret), body: raw });
}

/** A body's JSON POSTed to a webhook route, signed with `appSecret`, as an adapter's `process` takes it. */
export function signedRequest(url: string, body: unknown, appSecret: string): HttpRequest {
  const raw = Buffer.from(JSON.stringify(body));
  return { method: 'POST', url, headers: signedHeaders(raw, appSecret), query: {}, rawBody: raw, body };
}

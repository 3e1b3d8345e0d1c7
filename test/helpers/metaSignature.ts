/** Signs raw webhook bytes the way Meta does: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256>`. */
import { createHmac } from 'node:crypto';

export function metaSignature(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Headers for a signed Meta webhook POST of these exact bytes. */
export function signedHeaders(rawBody: Buffer | string, appSecret: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(rawBody, appSecret) };
}

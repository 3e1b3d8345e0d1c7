/**
 * Meta's proof of origin: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, app secret as key>`.
 * Checked over the exact bytes received, in constant time. Failures say what was wrong, never what was
 * expected.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookAuthError } from '../../src/core/errors';
import { headerOf, type HttpRequest } from '../../src/core/http';

const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Returns the app secret that signed this body (several numbers or pages may belong to different apps).
 * Missing or malformed header → 401; a signature no secret produces → 403.
 */
export function verifyMetaSignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecrets: readonly string[],
): string {
  if (header === undefined || header === '') {
    throw new WebhookAuthError(401, 'Missing X-Hub-Signature-256 header');
  }
  const given = HEADER.exec(header.trim())?.[1];
  if (given === undefined) throw new WebhookAuthError(401, 'Malformed X-Hub-Signature-256 header');
  const givenBytes = Buffer.from(given, 'hex');
  let signer: string | undefined;
  for (const secret of appSecrets) {
    const expected = createHmac('sha256', secret).update(rawBody).digest();
    if (timingSafeEqual(expected, givenBytes) && signer === undefined) signer = secret;
  }
  if (signer === undefined) throw new WebhookAuthError(403, 'X-Hub-Signature-256 does not match the body');
  return signer;
}

/** The lines (numbers, pages) whose app secret signed the body; refused as `verifyMetaSignature` refuses. */
export function signedLines<Line>(
  request: Pick<HttpRequest, 'headers'>,
  rawBody: Buffer,
  lines: readonly Line[],
  appSecretOf: (line: Line) => string,
): Line[] {
  const secrets = [...new Set(lines.map(appSecretOf))];
  const signer = verifyMetaSignature(rawBody, headerOf(request, 'x-hub-signature-256'), secrets);
  return lines.filter((line) => appSecretOf(line) === signer);
}

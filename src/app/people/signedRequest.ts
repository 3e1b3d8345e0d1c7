/**
 * Meta's `signed_request` (the data-deletion callback): `<base64url signature>.<base64url payload>`, the
 * signature an HMAC-SHA256 of the payload part (as sent) with the app secret. Checked in constant time
 * against each of our app secrets; the payload is parsed only once proven.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InboundRequestError, WebhookAuthError } from '../../core/errors';

const payloadSchema = z.object({
  algorithm: z.string().refine((a) => a.toUpperCase() === 'HMAC-SHA256', 'algorithm must be HMAC-SHA256'),
  user_id: z.string().regex(/^[\w.:-]{1,128}$/, 'an app-scoped user id'),
  issued_at: z.number().optional(),
});
export type SignedRequest = z.infer<typeof payloadSchema>;

/** The proven payload; 403 for a signature none of `secrets` made, 400 for a malformed request. */
export function verifySignedRequest(signed: string, secrets: readonly string[]): SignedRequest {
  const [signature, payload, ...rest] = signed.split('.');
  if (!signature || !payload || rest.length > 0)
    throw new InboundRequestError(
      400,
      'invalid_signed_request',
      'signed_request is not <signature>.<payload>',
    );
  const given = Buffer.from(signature, 'base64url');
  const proven = secrets.some((secret) => {
    const expected = createHmac('sha256', secret).update(payload, 'utf8').digest();
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!proven) throw new WebhookAuthError(403, 'signed_request: the signature does not match');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new InboundRequestError(400, 'invalid_signed_request', 'signed_request: the payload is not JSON');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success)
    throw new InboundRequestError(
      400,
      'invalid_signed_request',
      `signed_request: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

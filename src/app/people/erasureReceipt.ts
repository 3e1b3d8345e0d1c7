/**
 * The receipt of a person's erasure, `erasures/<reference>.json` in the system container: its state,
 * who asked (the person, an operator, Meta), when, and how many things of each kind were deleted or
 * redacted. It names no person: the reference is a keyed hash of the person (channel and id), so asking
 * again for the same person finds the same receipt, and nothing leads back from it to them.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { Person } from '../../domain/communities/community';

export const ERASURE_STATES = ['erasing', 'done'] as const;
export const ERASURE_SOURCES = ['person', 'operator', 'meta', 'retention'] as const;
export type ErasureSource = (typeof ERASURE_SOURCES)[number];

/** `DEL-` and 12 letters and digits (Crockford-like, no I, L, O, U). */
export const erasureReferenceSchema = z
  .string()
  .regex(/^DEL-[0-9A-HJKMNP-TV-Z]{12}$/, 'a deletion reference');

/** What an erasure counts: submissions redacted, and blobs deleted by where they were. */
export const ERASURE_COUNTS = [
  ...['submissionsRedacted', 'memberships', 'conversationHistory', 'inbox', 'media', 'state'],
] as const;
export const erasureCountsSchema = z.record(z.enum(ERASURE_COUNTS), z.number().int());
export type ErasureCounts = z.infer<typeof erasureCountsSchema>;

export const erasureReceiptSchema = z.object({
  reference: erasureReferenceSchema,
  state: z.enum(ERASURE_STATES),
  via: z.enum(ERASURE_SOURCES),
  requestedAt: z.string(),
  finishedAt: z.string().optional(),
  counts: erasureCountsSchema.optional(),
});
export type ErasureReceipt = z.infer<typeof erasureReceiptSchema>;

export function receiptName(reference: string): string {
  return `erasures/${reference}.json`;
}

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The deletion reference of a person: a keyed hash of their channel and id, never reversible. */
export function erasureReferenceOf(person: Person, key: string): string {
  const digest = createHmac('sha256', key).update(`${person.channel}\n${person.id}`, 'utf8').digest();
  const code = [...digest.subarray(0, 12)].map((byte) => ALPHABET[byte % 32] ?? '0').join('');
  return `DEL-${code}`;
}

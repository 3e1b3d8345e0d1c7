/**
 * A submission (work demand, grievance, story) as stored: one JSON document, validated on every read.
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';

export const SUBMISSION_TYPES = ['work_demand', 'grievance', 'story'] as const;
export type SubmissionType = (typeof SUBMISSION_TYPES)[number];

export const SUBMISSION_STATUSES = ['submitted', 'under_review', 'accepted', 'resolved', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const REFERENCE_PREFIX: Record<SubmissionType, string> = {
  work_demand: 'WD',
  grievance: 'GR',
  story: 'ST',
};

/** Crockford's base32 without I, L, O, U: easy to read aloud and to type back. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 6;

/**
 * What a reference looks like, derived from the prefix table (`WD-7K3F9Q`): a type added to the table is
 * accepted by the stored-document schema with nothing else to change.
 */
export function referencePattern(prefixes: Readonly<Record<string, string>>): RegExp {
  const alternatives = Object.values(prefixes);
  const bad = alternatives.find((prefix) => !/^[A-Z]{2,4}$/.test(prefix));
  if (bad !== undefined) throw new TypeError(`A reference prefix is 2-4 capital letters, not "${bad}"`);
  return new RegExp(`^(?:${alternatives.join('|')})-[${ALPHABET}]{${CODE_LENGTH}}$`);
}

const mediaSchema = z.object({
  blobName: z.string(),
  sha256: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
  voice: z.boolean().optional(),
});
export type SubmissionMedia = z.infer<typeof mediaSchema>;

export const locationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  name: z.string().optional(),
  address: z.string().optional(),
  source: z.enum(['pin', 'typed', 'community', 'list']),
});
export type SubmissionLocation = z.infer<typeof locationSchema>;

export const submissionSchema = z.object({
  reference: z.string().regex(referencePattern(REFERENCE_PREFIX)),
  type: z.enum(SUBMISSION_TYPES),
  user: z.object({ channel: z.string(), id: z.string(), name: z.string().optional() }),
  channel: z.string(),
  community: z.object({ id: z.string(), name: z.string() }),
  location: locationSchema.optional(),
  text: z.string().optional(),
  media: z.array(mediaSchema),
  locale: z.enum(['en', 'hi']),
  createdAt: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  statusHistory: z.array(
    z.object({ status: z.enum(SUBMISSION_STATUSES), at: z.string(), note: z.string().optional() }),
  ),
  backend: z
    .object({
      state: z.enum(['sent', 'failed']),
      attempts: z.number().int(),
      at: z.string(),
      itemId: z.string().optional(),
      error: z.string().optional(),
    })
    .optional(),
});
export type Submission = z.infer<typeof submissionSchema>;

export function newReference(type: SubmissionType): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${REFERENCE_PREFIX[type]}-${code}`;
}

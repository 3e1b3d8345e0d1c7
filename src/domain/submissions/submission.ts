/**
 * A submission as stored: one JSON document, validated on every read. Which types exist (work demand,
 * grievance, story, and any a bot adds) is data the domain is given: see `submissionTypes.ts`.
 */
import { z } from 'zod';

/** A submission type's name as stored (`work_demand`): lower case, digits and `_`. */
export type SubmissionType = string;

export const SUBMISSION_STATUSES = ['submitted', 'under_review', 'accepted', 'resolved', 'rejected'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** Crockford's base32 without I, L, O, U: easy to read aloud and to type back. */
export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_CODE_LENGTH = 6;

/**
 * What a reference looks like, derived from the prefix table (`WD-7K3F9Q`): a type added to the table is
 * accepted by the stored-document schema with nothing else to change.
 */
export function referencePattern(prefixes: Readonly<Record<string, string>>): RegExp {
  const alternatives = Object.values(prefixes);
  const bad = alternatives.find((prefix) => !/^[A-Z]{2,4}$/.test(prefix));
  if (bad !== undefined) throw new TypeError(`A reference prefix is 2-4 capital letters, not "${bad}"`);
  return new RegExp(`^(?:${alternatives.join('|')})-[${REFERENCE_ALPHABET}]{${REFERENCE_CODE_LENGTH}}$`);
}

const mediaSchema = z.object({
  /** Absent once the media expired (`MEDIA_RETENTION_DAYS`: deleted, `expiredAt` says when). */
  blobName: z.string().optional(),
  sha256: z.string().optional(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  kind: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
  voice: z.boolean().optional(),
  expiredAt: z.string().optional(),
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

/**
 * Telling the person of a status change: `sent` (as `text` inside their 24-hour window, or as the
 * `template`; the platform's `messageId` names its delivery statuses), `not_sent` (`reason`: why, e.g.
 * `window_closed`), or `failed` (the platform or the channel refused; `reason`: its code).
 */
export const notificationSchema = z.object({
  state: z.enum(['sent', 'not_sent', 'failed']),
  via: z.enum(['text', 'template']).optional(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
  at: z.string(),
});
export type StatusNotification = z.infer<typeof notificationSchema>;

/** Every submission's shape, whatever its type; `submissionTypes.ts` narrows `type`, `reference`, `fields`. */
export const baseSubmissionSchema = z.object({
  reference: z.string(),
  type: z.string(),
  user: z.object({ channel: z.string(), id: z.string(), name: z.string().optional() }),
  channel: z.string(),
  /** The number or page the person wrote to (`recipient.id` of their message); absent on older ones. */
  line: z.object({ channel: z.string(), id: z.string() }).optional(),
  community: z.object({ id: z.string(), name: z.string() }),
  location: locationSchema.optional(),
  text: z.string().optional(),
  /** The type's own answers (a water tanker's litres), validated by the type's schema. */
  fields: z.record(z.string(), z.unknown()).optional(),
  media: z.array(mediaSchema),
  locale: z.enum(['en', 'hi']),
  createdAt: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  statusHistory: z.array(
    z.object({
      status: z.enum(SUBMISSION_STATUSES),
      at: z.string(),
      /** Who made the change (an operator key's name); absent for the person's own submission. */
      by: z.string().optional(),
      note: z.string().optional(),
      /** Whether the person was told of this change, and how (the operator API's status changes). */
      notification: notificationSchema.optional(),
    }),
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
export type Submission = z.infer<typeof baseSubmissionSchema>;

/**
 * The filters of a submission listing, as a query takes them: `type`, `status`, `community`, and `since`
 * and `until` (an ISO date or date-time). Shared by the list (and its CSV) and the counts.
 */
import { z } from 'zod';
import { SUBMISSION_STATUSES } from '../../../domain/submissions/submission';

const time = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((value) => new Date(value));

export function submissionFilterQuery(types: readonly string[]) {
  return z.object({
    type: z
      .string()
      .refine((value) => types.includes(value), `one of ${types.join(', ')}`)
      .optional(),
    status: z.enum(SUBMISSION_STATUSES).optional(),
    community: z.string().min(1).optional(),
    since: time.optional(),
    until: time.optional(),
  });
}

/**
 * `mask=true` on the submission routes: the person's number or account id as `91••••••••16` (the first and
 * last two characters), so a screen can tell people apart without showing their number. The whole id
 * comes only from `POST /submissions/{reference}/contact`, which the audit trail records.
 */
import { z } from 'zod';
import type { Submission } from '../../../domain/submissions/submission';

export const maskQuery = z.object({
  /** `true`: the person's id masked in what is answered. */
  mask: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

export function maskedId(id: string): string {
  if (id.length <= 4) return '•'.repeat(id.length);
  return `${id.slice(0, 2)}${'•'.repeat(id.length - 4)}${id.slice(-2)}`;
}

/** `submission` with its person's id masked when `mask` is set. */
export function maskedIf<S extends Pick<Submission, 'user'>>(mask: boolean, submission: S): S {
  return mask
    ? { ...submission, user: { ...submission.user, id: maskedId(submission.user.id) } }
    : submission;
}

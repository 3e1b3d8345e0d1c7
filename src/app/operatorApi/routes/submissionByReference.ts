/**
 * A submission named in a route's path: the `{reference}` parameter's schema, and the stored submission
 * (404 naming the reference when there is none).
 */
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors';
import type { Submission } from '../../../domain/submissions/submission';
import type { SubmissionStore } from '../../../domain/submissions/submissionStore';

export const referenceParams = z.object({ reference: z.string().min(1).max(64) });

export async function submissionNamed(
  submissions: Pick<SubmissionStore, 'located'>,
  reference: string,
): Promise<Submission> {
  const located = await submissions.located(reference);
  if (!located) throw new NotFoundError('submission', reference);
  return located.value;
}

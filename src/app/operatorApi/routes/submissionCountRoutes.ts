/**
 * `GET /api/v1/submissions/counts`: how many submissions there are in each status, with the list's filters
 * (type, community, dates): the figures above a console's list.
 */
import { z } from 'zod';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../../../domain/submissions/submission';
import { MAX_LIMIT, type SubmissionFilters } from '../../../domain/submissions/submissionIndex';
import type { SubmissionStore } from '../../../domain/submissions/submissionStore';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { submissionFilterQuery } from './submissionFilters';

const countsSchema = z.object({
  total: z.number().int().min(0),
  byStatus: z.record(z.enum(SUBMISSION_STATUSES), z.number().int().min(0)),
});

export function submissionCountRoutes({
  submissions,
}: Pick<OperatorServices, 'submissions'>): OperatorRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/submissions/counts',
      summary: 'How many submissions are in each status, with the list’s filters',
      query: submissionFilterQuery(submissions.types.types).omit({ status: true }),
      response: countsSchema,
      handle: (input) => countByStatus(submissions, input.query),
    }),
  ];
}

/** Counts the selection's submissions by status, a page of `MAX_LIMIT` at a time. */
export async function countByStatus(
  submissions: Pick<SubmissionStore, 'list'>,
  filters: SubmissionFilters,
): Promise<z.input<typeof countsSchema>> {
  const byStatus: Record<SubmissionStatus, number> = {
    submitted: 0,
    under_review: 0,
    accepted: 0,
    resolved: 0,
    rejected: 0,
  };
  let total = 0;
  let cursor: string | undefined;
  do {
    const page = await submissions.list(filters, {
      limit: MAX_LIMIT,
      ...(cursor === undefined ? {} : { cursor }),
    });
    for (const submission of page.items) byStatus[submission.status] += 1;
    total += page.items.length;
    cursor = page.next;
  } while (cursor !== undefined);
  return { total, byStatus };
}

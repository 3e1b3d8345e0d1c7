/**
 * `GET /api/v1/submissions/counts`: how many submissions there are in each status, with the list's filters
 * (type, community, dates): the figures above a console's list, counted on the index (no document read).
 */
import { z } from 'zod';
import { SUBMISSION_STATUSES } from '../../../domain/submissions/submission';
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
      handle: async ({ query }) => {
        const byStatus = await submissions.countByStatus(query);
        return { total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus };
      },
    }),
  ];
}

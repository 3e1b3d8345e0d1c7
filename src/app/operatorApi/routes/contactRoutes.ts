/**
 * `POST /api/v1/submissions/{reference}/contact`: who filed a submission, their number or account id in
 * full, recorded in the audit trail (`submission.contact`, the reference as target: never the number).
 * The console shows a masked number and reveals it through this route, so each reveal is on record.
 */
import { z } from 'zod';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { referenceParams, submissionNamed } from './submissionByReference';

export function contactRoutes({ submissions }: Pick<OperatorServices, 'submissions'>): OperatorRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/submissions/{reference}/contact',
      summary: 'Reveals who filed a submission: their channel and id (a phone number on WhatsApp); audited',
      params: referenceParams,
      response: z.object({ channel: z.string(), userId: z.string(), name: z.string().nullable() }),
      audit: { action: 'submission.contact', target: ({ params }) => params.reference },
      handle: async ({ params }) => {
        const { user } = await submissionNamed(submissions, params.reference);
        return { channel: user.channel, userId: user.id, name: user.name ?? null };
      },
    }),
  ];
}

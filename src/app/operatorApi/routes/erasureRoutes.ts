/**
 * A person's rights through the operator API: `DELETE /api/v1/people/{channel}/{userId}` erases them
 * (202 and a receipt; the same person again answers a receipt too), `GET /api/v1/erasures/{reference}`
 * is the receipt's state, `GET /api/v1/people/{channel}/{userId}/export` is everything stored of them.
 */
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors';
import { communitySchema } from '../../../domain/communities/community';
import { historyEntrySchema, statusRecordSchema } from '../../../domain/history/historyEntry';
import { ERASURE_STATES, erasureReceiptSchema, erasureReferenceSchema } from '../../people/erasureReceipt';
import type { PersonErasure } from '../../people/personErasure';
import { exportPerson, type ExportSources } from '../../people/personExport';
import { defineRoute, type OperatorRoute } from '../route';
import { personParams } from './personPath';
import { submissionViewSchema } from './submissionView';

const exportSchema = z.object({
  channel: z.string(),
  userId: z.string(),
  userState: z.record(z.string(), z.unknown()).nullable(),
  optOut: z.unknown(),
  communities: z.array(communitySchema),
  submissions: z.array(submissionViewSchema),
  conversation: z.array(historyEntrySchema.extend({ id: z.string(), statuses: z.array(statusRecordSchema) })),
  media: z.array(z.object({ source: z.string(), contentType: z.string(), url: z.string().nullable() })),
});

export function erasureRoutes(services: { erasure: PersonErasure } & ExportSources): OperatorRoute[] {
  const statusUrl = (reference: string) => `/api/v1/erasures/${reference}`;
  return [
    defineRoute({
      method: 'DELETE',
      path: '/api/v1/people/{channel}/{userId}',
      summary: 'Erases everything stored of a person (submissions are kept, redacted); answers a receipt',
      params: personParams,
      status: 202,
      response: z.object({ reference: z.string(), state: z.enum(ERASURE_STATES), statusUrl: z.string() }),
      audit: { action: 'person.erase', target: (_input, answer) => answer.reference },
      handle: async ({ params }) => {
        const receipt = await services.erasure.request(
          { channel: params.channel, id: params.userId },
          'operator',
        );
        return {
          reference: receipt.reference,
          state: receipt.state,
          statusUrl: statusUrl(receipt.reference),
        };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/erasures/{reference}',
      summary: "An erasure's receipt: its state and what it deleted (no personal data)",
      params: z.object({ reference: erasureReferenceSchema }),
      response: erasureReceiptSchema,
      handle: async ({ params }) => {
        const receipt = await services.erasure.receipt(params.reference);
        if (!receipt) throw new NotFoundError('erasure', params.reference);
        return receipt;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/people/{channel}/{userId}/export',
      summary:
        'Everything stored of a person: profile, communities, submissions, conversation, opt-out, media',
      params: personParams,
      response: exportSchema,
      handle: ({ params }) => exportPerson({ channel: params.channel, id: params.userId }, services),
    }),
  ];
}

/**
 * The operator API's submissions: list them (newest first, filtered, paged; or all of the selection as
 * CSV), read one, download its media, and change its status, which tells the person (`statusNotifier.ts`)
 * and records how that went on the change.
 */
import { z } from 'zod';
import { headerOf, type HttpRequest } from '../../../core/http';
import { NotFoundError } from '../../../core/errors';
import { RawAnswer } from '../../../core/rawAnswer';
import { SUBMISSION_STATUSES, type Submission } from '../../../domain/submissions/submission';
import { MAX_LIMIT } from '../../../domain/submissions/submissionIndex';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { submissionsCsv } from './submissionCsv';
import { submissionFilterQuery } from './submissionFilters';
import { referenceParams, submissionNamed } from './submissionByReference';
import { maskedIf, maskQuery } from './maskedPerson';
import { notificationViewSchema, submissionViewSchema, viewOf } from './submissionView';
import { changeStatusAndTell } from './statusNotifier';

const CSV = 'text/csv';
const reference = referenceParams;

export function submissionRoutes(services: OperatorServices): OperatorRoute[] {
  const { submissions, history } = services;
  const types = submissions.types.types;
  const found = (ref: string): Promise<Submission> => submissionNamed(submissions, ref);
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/submissions',
      summary:
        'Submissions, newest first, filtered and paged; `Accept: text/csv` (or `format=csv`) exports all of them',
      query: submissionFilterQuery(types).extend({
        ...maskQuery.shape,
        cursor: z.string().min(1).optional(),
        limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(50),
        format: z.enum(['json', 'csv']).optional(),
      }),
      response: z.object({ items: z.array(submissionViewSchema), next: z.string().nullable() }),
      produces: [CSV],
      handle: async ({ query, request }) => {
        const { cursor, limit, format, mask, ...filters } = query;
        const pageAfter = async (after: string | undefined, size: number) => {
          const page = await submissions.list(filters, {
            limit: size,
            ...(after === undefined ? {} : { cursor: after }),
          });
          return { ...page, items: page.items.map((s) => maskedIf(mask, s)) };
        };
        if (format === 'csv' || (format === undefined && acceptsCsv(request)))
          return new RawAnswer(
            `${CSV}; charset=utf-8`,
            submissionsCsv((after) => pageAfter(after, MAX_LIMIT), cursor),
            {
              'Content-Disposition': 'attachment; filename="submissions.csv"',
            },
          );
        const page = await pageAfter(cursor, limit);
        return { items: await Promise.all(page.items.map((s) => viewOf(s))), next: page.next ?? null };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/submissions/{reference}',
      summary: 'One submission: its media as download URLs, each status change with its notification',
      params: reference,
      query: maskQuery,
      response: submissionViewSchema,
      handle: async ({ params, query }) =>
        maskedIf(query.mask, await viewOf(await found(params.reference), history)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/v1/submissions/{reference}/media/{index}',
      summary: 'The bytes of one media item of a submission (a photo, a voice note), with its content type',
      params: reference.extend({ index: z.coerce.number().int().min(0) }),
      produces: ['image/*', 'audio/*', 'video/*', 'application/*'],
      handle: async ({ params }) => {
        const item = (await found(params.reference)).media[params.index];
        const blob = item?.blobName && (await services.media.documents.openBytes(item.blobName));
        if (!item || !blob) throw new NotFoundError('media', `${params.reference}/${params.index}`);
        return new RawAnswer(item.contentType, blob.body, {
          'Content-Length': String(blob.size),
          'X-Content-Type-Options': 'nosniff',
        });
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/api/v1/submissions/{reference}',
      summary: "Changes a submission's status (added to its history) and tells the person in their language",
      params: reference,
      body: z.object({ status: z.enum(SUBMISSION_STATUSES), note: z.string().max(2000).optional() }),
      response: submissionViewSchema.extend({ notification: notificationViewSchema }),
      audit: { action: 'submission.status', target: ({ params }) => params.reference },
      handle: async ({ params, body, operator }) => {
        const { submission, notification } = await changeStatusAndTell(
          {
            submissions,
            sender: services.sender,
            template: services.config.SUBMISSION_UPDATE_TEMPLATE,
            log: services.log,
          },
          params.reference,
          { ...body, by: operator.name },
        );
        return { ...(await viewOf(submission, history)), notification };
      },
    }),
  ];
}

/** Whether the request's `Accept` asks for CSV (`text/csv`, without `q=0`). */
function acceptsCsv(request: HttpRequest): boolean {
  return (headerOf(request, 'accept') ?? '')
    .split(',')
    .map((range) => range.split(';').map((part) => part.trim().toLowerCase()))
    .some(([type, ...parameters]) => type === CSV && !parameters.some((p) => /^q=0(\.0*)?$/.test(p)));
}

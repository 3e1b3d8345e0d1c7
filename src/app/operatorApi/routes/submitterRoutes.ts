/**
 * The person who filed a submission, reached through the submission (so a screen that shows their number
 * masked never needs it): `GET /submissions/{reference}/conversation`, their conversation, and
 * `POST /submissions/{reference}/messages`, a message to them from the line they wrote to (the same rules
 * as `POST /messages`: window, opt-out, templates on WhatsApp; audited with the reference). Neither
 * answer names the person: the conversation's media come without their blob names.
 */
import { z } from 'zod';
import { NotFoundError } from '../../../core/errors';
import { HISTORY_PAGE_MAX } from '../../../domain/history/conversationHistory';
import { historyEntrySchema, statusRecordSchema } from '../../../domain/history/historyEntry';
import { InvalidRequestError } from '../apiErrors';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { CONVERSATION_PAGE_DEFAULT } from './conversationRoutes';
import { sendOperatorMessage } from './messageRoutes';
import { mediaSchema, operatorMessageSchema, templateSchema } from './operatorMessage';

const reference = z.object({ reference: z.string().min(1).max(64) });
const itemSchema = historyEntrySchema.extend({ id: z.string(), statuses: z.array(statusRecordSchema) });

export function submitterRoutes(
  services: Pick<OperatorServices, 'submissions' | 'history' | 'sender'>,
): OperatorRoute[] {
  const submitter = async (ref: string) => {
    const found = await services.submissions.located(ref);
    if (!found) throw new NotFoundError('submission', ref);
    return found.value;
  };
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/submissions/{reference}/conversation',
      summary: 'One page of the conversation with the person who filed a submission, newest first',
      params: reference,
      query: z.object({
        cursor: z.string().max(1024).optional(),
        limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(CONVERSATION_PAGE_DEFAULT),
      }),
      response: z.object({ items: z.array(itemSchema), next: z.string().nullable() }),
      handle: async ({ params, query }) => {
        const { user } = await submitter(params.reference);
        const page = await services.history.list({ channel: user.channel, userId: user.id, ...query });
        // Media without their blob names: a blob's name holds the person's id.
        const items = page.items.map((item) =>
          item.media === undefined
            ? item
            : { ...item, media: item.media.map(({ blobName: _, ...kept }) => kept) },
        );
        return { items, next: page.next };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/v1/submissions/{reference}/messages',
      summary: 'Sends the person who filed a submission a message (text, media or a WhatsApp template)',
      params: reference,
      body: z.object({
        text: z.string().optional(),
        template: templateSchema.optional(),
        media: mediaSchema.optional(),
      }),
      response: z.object({ messageId: z.string().nullable() }),
      status: 202,
      audit: { action: 'message.send', target: ({ params }) => params.reference },
      handle: async ({ params, body, operator }) => {
        const { user, line } = await submitter(params.reference);
        const message = operatorMessageSchema.safeParse({
          ...body,
          channel: user.channel,
          to: user.id,
          ...(line === undefined ? {} : { from: line.id }),
        });
        if (!message.success) throw InvalidRequestError.of('body', message.error);
        return sendOperatorMessage(services, message.data, operator.name);
      },
    }),
  ];
}

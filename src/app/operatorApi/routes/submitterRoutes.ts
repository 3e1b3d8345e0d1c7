/**
 * The person who filed a submission, reached through the submission (so a screen that shows their number
 * masked never needs it): `GET /submissions/{reference}/conversation`, their conversation, and
 * `POST /submissions/{reference}/messages`, a message to them from the line they wrote to (the same rules
 * as `POST /messages`: window, opt-out, templates on WhatsApp; audited with the reference). Neither
 * answer names the person: the conversation's media come without their blob names.
 */
import { z } from 'zod';
import { InvalidRequestError } from '../apiErrors';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { conversationPageSchema, conversationQuery } from './conversationRoutes';
import { referenceParams, submissionNamed } from './submissionByReference';
import { sendOperatorMessage } from './messageRoutes';
import { mediaSchema, operatorMessageSchema, templateSchema } from './operatorMessage';

export function submitterRoutes(
  services: Pick<OperatorServices, 'submissions' | 'history' | 'sender'>,
): OperatorRoute[] {
  const submitter = (ref: string) => submissionNamed(services.submissions, ref);
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/submissions/{reference}/conversation',
      summary: 'One page of the conversation with the person who filed a submission, newest first',
      params: referenceParams,
      query: conversationQuery,
      response: conversationPageSchema,
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
      params: referenceParams,
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

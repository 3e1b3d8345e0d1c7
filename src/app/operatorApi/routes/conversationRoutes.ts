/**
 * `GET /api/v1/conversations/{channel}/{userId}/messages`: one person's conversation, newest first: what
 * they sent, what the bot and operators sent them (text, choices offered, media by our blob names,
 * templates), with times and the delivery statuses the channel reported. Paged by `next`.
 */
import { z } from 'zod';
import { HISTORY_PAGE_MAX } from '../../../domain/history/conversationHistory';
import { historyEntrySchema, statusRecordSchema } from '../../../domain/history/historyEntry';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { personParams } from './personPath';

export const CONVERSATION_PAGE_DEFAULT = 20;

const itemSchema = historyEntrySchema.extend({ id: z.string(), statuses: z.array(statusRecordSchema) });
export const conversationPageSchema = z.object({ items: z.array(itemSchema), next: z.string().nullable() });
export const conversationQuery = z.object({
  /** The `next` of the page before. */
  cursor: z.string().max(1024).optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).default(CONVERSATION_PAGE_DEFAULT),
});

export function conversationRoutes({ history }: Pick<OperatorServices, 'history'>): OperatorRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/conversations/{channel}/{userId}/messages',
      summary: 'One page of a conversation with a person, newest first, with delivery statuses',
      params: personParams,
      query: conversationQuery,
      response: conversationPageSchema,
      handle: ({ params, query }) =>
        history.list({
          channel: params.channel,
          userId: params.userId,
          cursor: query.cursor,
          limit: query.limit,
        }),
    }),
  ];
}

/**
 * `POST /api/v1/messages`: an operator's message to a person, through the one path of proactive messages
 * (`ProactiveSender`), so the conversation's lease, the outbound scheduler and the 24-hour window hold
 * for it as for the bot's replies, and the history records it as `operator:<key name>`'s. Outside the
 * window free-form is refused (409 `window_closed`) before any call to the platform; a template goes.
 * Without `from`, it goes from the line the person last wrote to.
 */
import { z } from 'zod';
import { InvalidValueError } from '../../../core/errors';
import { InvalidRequestError, PlatformRefusedError } from '../apiErrors';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { lastLine } from './lastLine';
import { activityOf, operatorMessageSchema, type OperatorMessage } from './operatorMessage';

export function messageRoutes(services: Pick<OperatorServices, 'sender' | 'history'>): OperatorRoute[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/v1/messages',
      summary: 'Sends a person a message (text, media or, on WhatsApp, a template) from one of our lines',
      body: operatorMessageSchema,
      response: z.object({
        /** The platform's id of the message: its delivery statuses name it in the conversation. */
        messageId: z.string().nullable(),
      }),
      status: 202,
      // Never the person: the channel (and our line, when chosen) is what the record names.
      audit: {
        action: 'message.send',
        target: ({ body }) => (body.from === undefined ? body.channel : `${body.channel}:${body.from}`),
      },
      handle: ({ body, operator }) => sendOperatorMessage(services, body, operator.name),
    }),
  ];
}

/** Sends `message` as `operator` through the one proactive path; its refusals as the API answers them. */
export async function sendOperatorMessage(
  services: Pick<OperatorServices, 'sender' | 'history'>,
  message: OperatorMessage,
  operator: string,
): Promise<{ messageId: string | null }> {
  try {
    const sent = await services.sender.send({
      channel: message.channel,
      userId: message.to,
      lineId: message.from ?? (await lastLine(services, message.channel, message.to)),
      activity: activityOf(message),
      by: `operator:${operator}`,
    });
    return { messageId: sent.messageId ?? null };
  } catch (error) {
    // `from` that is none of ours: the same 422 as the schema's, naming the field.
    if (error instanceof InvalidValueError)
      throw new InvalidRequestError([{ path: error.field, message: error.message }]);
    if (PlatformRefusedError.covers(error)) throw new PlatformRefusedError(error);
    throw error;
  }
}

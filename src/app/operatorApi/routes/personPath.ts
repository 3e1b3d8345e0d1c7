/**
 * How the operator API names a person: the channel and their id on it (a WhatsApp `wa_id` or
 * business-scoped id, a Messenger PSID, an Instagram-scoped id), in a body or in a path.
 */
import { z } from 'zod';
import { PROACTIVE_CHANNELS } from '../../outbound/proactiveSender';

export const channelSchema = z.enum(PROACTIVE_CHANNELS);

/** A person's id on the channel: letters, digits and `.`, `_`, `:`, `-`, at most 128 of them. */
export const userIdSchema = z
  .string()
  .regex(/^[\w.:-]{1,128}$/, "the person's id on the channel (wa_id, PSID or Instagram-scoped id)");

/** `{channel}/{userId}` of a path. */
export const personParams = z.object({ channel: channelSchema, userId: userIdSchema });

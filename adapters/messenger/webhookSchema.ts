/**
 * The Messenger Platform webhook body (Facebook pages, `object: "page"`, and Instagram accounts,
 * `object: "instagram"`), validated with zod. Each `messaging` item is parsed on its own, so one odd
 * item never rejects the batch; unknown fields are kept (`loose`) for `channelData`.
 */
import { z } from 'zod';

const id = z.union([z.string(), z.number()]).transform(String);

export const webhookSchema = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z.array(
    z
      .object({
        id,
        time: z.number().optional(),
        messaging: z.array(z.unknown()).optional(),
        standby: z.array(z.unknown()).optional(),
      })
      .loose(),
  ),
});
export type MessengerWebhook = z.infer<typeof webhookSchema>;

const attachmentSchema = z
  .object({
    type: z.string(),
    payload: z
      .object({
        url: z.string().optional(),
        title: z.string().optional(),
        sticker_id: z.union([z.string(), z.number()]).optional(),
        coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
      })
      .loose()
      .nullish(),
  })
  .loose();
export type MessengerAttachment = z.infer<typeof attachmentSchema>;

export const messagingSchema = z
  .object({
    sender: z.object({ id }).loose().optional(),
    recipient: z.object({ id }).loose(),
    timestamp: z.number().optional(),
    message: z
      .object({
        mid: z.string(),
        text: z.string().optional(),
        is_echo: z.boolean().optional(),
        quick_reply: z.object({ payload: z.string() }).loose().optional(),
        reply_to: z.object({ mid: z.string().optional() }).loose().optional(),
        attachments: z.array(attachmentSchema).optional(),
        is_deleted: z.boolean().optional(),
        is_unsupported: z.boolean().optional(),
      })
      .loose()
      .optional(),
    postback: z
      .object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string().optional() })
      .loose()
      .optional(),
    delivery: z
      .object({ mids: z.array(z.string()).optional(), watermark: z.number() })
      .loose()
      .optional(),
    read: z.object({ watermark: z.number() }).loose().optional(),
    reaction: z
      .object({
        mid: z.string(),
        action: z.string().optional(),
        emoji: z.string().optional(),
        reaction: z.string().optional(),
      })
      .loose()
      .optional(),
    referral: z.record(z.string(), z.unknown()).optional(),
    optin: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
export type MessengerEvent = z.infer<typeof messagingSchema>;

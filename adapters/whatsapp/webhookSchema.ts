/**
 * The WhatsApp Cloud API webhook body (also what 360dialog forwards), validated with zod. Envelope and
 * common fields are strict enough to route and deduplicate; every object keeps unknown fields (`loose`)
 * so the raw item can travel in `channelData`. Per-type payloads are parsed separately, so one odd
 * message never rejects its batch.
 */
import { z } from 'zod';

export const contactSchema = z
  .object({
    profile: z.object({ name: z.string().optional(), username: z.string().optional() }).loose().optional(),
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
    parent_user_id: z.string().optional(),
  })
  .loose();
export type WaContact = z.infer<typeof contactSchema>;

export const messageSchema = z
  .object({
    id: z.string().min(1),
    from: z.string().optional(),
    from_user_id: z.string().optional(),
    timestamp: z.string(),
    type: z.string(),
    group_id: z.string().optional(),
    context: z
      .object({
        id: z.string().optional(),
        from: z.string().optional(),
        forwarded: z.boolean().optional(),
        frequently_forwarded: z.boolean().optional(),
      })
      .loose()
      .optional(),
    referral: z.record(z.string(), z.unknown()).optional(),
    errors: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .loose();
export type WaMessage = z.infer<typeof messageSchema>;

export const statusSchema = z
  .object({
    id: z.string().min(1),
    status: z.string(),
    timestamp: z.string(),
    recipient_id: z.string().optional(),
    recipient_user_id: z.string().optional(),
    errors: z
      .array(
        z
          .object({
            code: z.number().optional(),
            title: z.string().optional(),
            message: z.string().optional(),
            error_data: z.object({ details: z.string().optional() }).loose().optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();
export type WaStatus = z.infer<typeof statusSchema>;

export const valueSchema = z
  .object({
    messaging_product: z.string().optional(),
    metadata: z
      .object({ display_phone_number: z.string().optional(), phone_number_id: z.string().min(1) })
      .loose(),
    // Each contact is parsed on its own: one odd contact must not drop the messages beside it.
    contacts: z.array(z.unknown()).optional(),
    messages: z.array(z.unknown()).optional(),
    statuses: z.array(z.unknown()).optional(),
    errors: z.array(z.unknown()).optional(),
  })
  .loose();
export type WaValue = z.infer<typeof valueSchema>;

export const webhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z
      .object({
        id: z.string().optional(),
        changes: z.array(z.object({ field: z.string(), value: z.unknown() }).loose()),
      })
      .loose(),
  ),
});
export type WaWebhook = z.infer<typeof webhookSchema>;

// Per-type payloads.
const media = {
  // Media ids are Graph object ids; anything else (a URL, a path) is refused so no credential is sent elsewhere.
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  url: z.string().optional(),
  caption: z.string().optional(),
};
export const mediaPayloadSchema = z
  .object({ ...media, filename: z.string().optional(), voice: z.boolean().optional() })
  .loose();
export const textPayloadSchema = z.object({ body: z.string() }).loose();
export const locationPayloadSchema = z
  .object({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  })
  .loose();
export const interactivePayloadSchema = z
  .object({
    type: z.string(),
    button_reply: z.object({ id: z.string(), title: z.string() }).loose().optional(),
    list_reply: z
      .object({ id: z.string(), title: z.string(), description: z.string().optional() })
      .loose()
      .optional(),
    nfm_reply: z
      .object({
        name: z.string().optional(),
        body: z.string().optional(),
        response_json: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();
export const buttonPayloadSchema = z
  .object({ payload: z.string().optional(), text: z.string().optional() })
  .loose();
export const reactionPayloadSchema = z
  .object({ message_id: z.string(), emoji: z.string().optional() })
  .loose();
export const orderPayloadSchema = z
  .object({ catalog_id: z.string().optional(), text: z.string().optional() })
  .loose();
export const systemPayloadSchema = z
  .object({
    body: z.string().optional(),
    type: z.string().optional(),
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
  })
  .loose();
export const editPayloadSchema = z
  .object({
    original_message_id: z.string().optional(),
    message: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

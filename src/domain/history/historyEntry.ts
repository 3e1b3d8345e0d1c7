/**
 * One entry of a conversation's history: what the person sent, or what the bot (or, later, an operator)
 * sent them; and a delivery status the channel reported for a message we sent. Media are named by our
 * stored blob names, never by URLs. Checked by these schemas on every write and read.
 */
import { z } from 'zod';

export const DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const historyMediaSchema = z.object({
  /** Our blob name in the media container (absent for media we sent from elsewhere). */
  blobName: z.string().optional(),
  contentType: z.string(),
  kind: z.string().optional(),
  caption: z.string().optional(),
});

export const historyEntrySchema = z.object({
  direction: z.enum(['in', 'out']),
  /** ISO time: the platform's for what the person sent, ours for what we sent. */
  time: z.string(),
  /** `person`, `bot`, or `operator:<key name>`. */
  by: z.string().min(1),
  /** Our number or page the conversation is on, when the channel has one. */
  line: z.string().optional(),
  /** The platform's message id, when known. */
  messageId: z.string().optional(),
  text: z.string().optional(),
  /** The choice the person tapped. */
  choice: z.object({ value: z.string(), title: z.string().optional() }).optional(),
  /** The choices offered with the message. */
  choices: z.array(z.string()).optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
    })
    .optional(),
  media: z.array(historyMediaSchema).optional(),
  template: z.object({ name: z.string(), language: z.string() }).optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const statusRecordSchema = z.object({
  status: z.enum(DELIVERY_STATUSES),
  time: z.string(),
  /** Why a message failed (the platform's code and title), never personal data. */
  error: z.string().optional(),
});
export type StatusRecord = z.infer<typeof statusRecordSchema>;

/** An entry as the reader gives it: its opaque id, and the statuses reported for it, oldest first. */
export type HistoryItem = HistoryEntry & { id: string; statuses: StatusRecord[] };

/** Whose conversation: the channel and the person's id on it. */
export interface ConversationKey {
  channel: string;
  userId: string;
}

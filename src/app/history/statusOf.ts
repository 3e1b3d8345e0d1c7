/**
 * A delivery status the channel reported, as the history records it (pure): WhatsApp's `whatsapp.status`
 * names one message; Messenger's `messenger.status` (Instagram's too) is a watermark, everything sent
 * before it. Anything else is not a status.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { STATUS_EVENT as WHATSAPP_STATUS } from '../../../adapters/whatsapp/toActivities';
import { STATUS_EVENT as MESSENGER_STATUS } from '../../../adapters/messenger/toActivities';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../../domain/history/historyEntry';

export type ReportedStatus =
  | {
      kind: 'message';
      messageId: string;
      status: DeliveryStatus;
      time: Date;
      error?: string;
      /** The platform's code of the (first) error of a `failed` status. */
      code?: number;
    }
  | { kind: 'watermark'; status: DeliveryStatus; time: Date };

const whatsappStatusSchema = z.object({
  messageId: z.string().min(1),
  status: z.enum(DELIVERY_STATUSES),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() })).optional(),
});

const messengerStatusSchema = z.object({
  status: z.enum(DELIVERY_STATUSES),
  watermark: z.number().int().positive(),
});

/** True for an activity that is a channel's status event (recorded as a status, never as an entry). */
export function isStatusEvent(activity: Partial<Activity>): boolean {
  return (
    activity.type === 'event' && (activity.name === WHATSAPP_STATUS || activity.name === MESSENGER_STATUS)
  );
}

/** The status an event reports; undefined for one the history does not keep (`deleted`, malformed). */
export function statusOf(activity: Partial<Activity>, received: Date): ReportedStatus | undefined {
  if (activity.type !== 'event') return undefined;
  if (activity.name === WHATSAPP_STATUS) {
    const parsed = whatsappStatusSchema.safeParse(activity.value);
    if (!parsed.success) return undefined;
    const first = parsed.data.errors?.[0];
    return {
      kind: 'message',
      messageId: parsed.data.messageId,
      status: parsed.data.status,
      time: timeOf(activity) ?? received,
      error: first && [first.code, first.title].filter((part) => part !== undefined).join(' '),
      ...(first?.code === undefined ? {} : { code: first.code }),
    };
  }
  if (activity.name === MESSENGER_STATUS) {
    const parsed = messengerStatusSchema.safeParse(activity.value);
    return parsed.success
      ? { kind: 'watermark', status: parsed.data.status, time: new Date(parsed.data.watermark) }
      : undefined;
  }
  return undefined;
}

/** The activity's own time, when it has a valid one (Bot Framework JSON may carry it as a string). */
export function timeOf(activity: Partial<Activity>): Date | undefined {
  const raw: unknown = activity.timestamp;
  const time = raw instanceof Date ? raw : typeof raw === 'string' ? new Date(raw) : undefined;
  return time && Number.isFinite(time.getTime()) ? time : undefined;
}

/**
 * Messenger / Instagram webhook → Bot Framework activities. Pure, over every entry and every `messaging`
 * item. Echoes of our own messages and standby (handover) items are acknowledged, not turned into user
 * messages; deliveries and reads become `messenger.status` events.
 */
import type { Activity, Attachment, ChannelAccount, Entity } from 'botbuilder';
import { placeEntity } from '../../src/conventions/place';
import { plausibleDate } from '../base/plausibleTime';
import {
  messagingSchema,
  type MessengerAttachment,
  type MessengerEvent,
  type MessengerWebhook,
} from './webhookSchema';

/** The channel ids of the people who write to a page (`messenger`) or its Instagram account. */
export const MESSENGER_CHANNEL_IDS = ['messenger', 'instagram'] as const;
export type MessengerChannelId = (typeof MESSENGER_CHANNEL_IDS)[number];

export const STATUS_EVENT = 'messenger.status';
export const REFERRAL_EVENT = 'messenger.referral';
export const OPTIN_EVENT = 'messenger.optin';

export type MessengerMediaKind = 'image' | 'audio' | 'video' | 'document';

export interface InboundMedia {
  kind: MessengerMediaKind;
  url: string;
}

export interface InboundItem {
  /** The page or Instagram account that received it (`entry.id`). */
  accountId: string;
  channelId: MessengerChannelId;
  userKey: string;
  dedupeKey: string;
  activity: Partial<Activity>;
  media: InboundMedia[];
}

export interface InboundBatch {
  items: InboundItem[];
  notices: string[];
}

export function conversationIdOf(accountId: string, userKey: string): string {
  return `${accountId}:${userKey}`;
}

export function toActivities(
  webhook: MessengerWebhook,
  serviceUrl: (accountId: string) => string,
): InboundBatch {
  const batch: InboundBatch = { items: [], notices: [] };
  const channelId: MessengerChannelId = webhook.object === 'instagram' ? 'instagram' : 'messenger';
  webhook.entry.forEach((entry, e) => {
    if ((entry.standby ?? []).length > 0)
      batch.notices.push(`entry[${e}]: ${entry.standby?.length} standby item(s) acknowledged`);
    (entry.messaging ?? []).forEach((raw, m) => {
      const parsed = messagingSchema.safeParse(raw);
      if (!parsed.success) {
        batch.notices.push(
          `entry[${e}].messaging[${m}]: not a messaging event (${parsed.error.issues[0]?.message ?? ''})`,
        );
        return;
      }
      const item = eventItem(parsed.data, entry.id, channelId, serviceUrl(entry.id));
      if (typeof item === 'string') batch.notices.push(`entry[${e}].messaging[${m}]: ${item}`);
      else batch.items.push(item);
    });
  });
  return batch;
}

function eventItem(
  event: MessengerEvent,
  accountId: string,
  channelId: MessengerChannelId,
  serviceUrl: string,
): InboundItem | string {
  if (event.message?.is_echo) return 'echo of our own message, acknowledged';
  const userKey = event.sender?.id;
  if (userKey === undefined) return event.optin ? 'opt-in without a sender, acknowledged' : 'no sender';
  const timestamp = plausibleDate(event.timestamp ?? Number.NaN);
  const base: Partial<Activity> = {
    timestamp,
    channelId,
    serviceUrl,
    from: { id: userKey, name: '', role: 'user' } satisfies ChannelAccount,
    recipient: { id: accountId, name: '', role: 'bot' },
    conversation: {
      id: conversationIdOf(accountId, userKey),
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
    channelData: { [channelId]: event },
  };
  const item = (dedupeKey: string, fields: Partial<Activity>, media: InboundMedia[] = []): InboundItem => ({
    accountId,
    channelId,
    userKey,
    dedupeKey,
    activity: { ...base, ...fields },
    media,
  });
  const stamp = `${userKey}:${event.timestamp ?? ''}`;

  if (event.message) {
    const message = event.message;
    const media: InboundMedia[] = [];
    const entities: Entity[] = [];
    const other: Attachment[] = [];
    for (const attachment of message.attachments ?? []) sortAttachment(attachment, media, entities, other);
    const quick = message.quick_reply;
    return item(
      message.mid,
      {
        type: message.is_deleted ? 'messageDelete' : 'message',
        id: message.mid,
        text: quick ? quick.payload : (message.text ?? ''),
        ...(quick ? { value: { payload: quick.payload, title: message.text } } : {}),
        ...(message.reply_to?.mid ? { replyToId: message.reply_to.mid } : {}),
        ...(entities.length > 0 ? { entities } : {}),
        ...(other.length > 0 ? { attachments: other } : {}),
        ...(message.is_unsupported ? { value: { unsupported: true } } : {}),
      },
      media,
    );
  }
  if (event.postback) {
    const { payload, title, mid } = event.postback;
    const id = mid ?? `${stamp}:postback`;
    return item(id, { type: 'message', id, text: payload ?? title ?? '', value: { payload, title } });
  }
  if (event.reaction) {
    const { mid, action, emoji, reaction } = event.reaction;
    const type = emoji ?? reaction ?? '';
    return item(`${mid}:${action ?? 'react'}:${type}:${event.timestamp ?? ''}`, {
      type: 'messageReaction',
      replyToId: mid,
      ...(action === 'unreact' ? { reactionsRemoved: [{ type }] } : { reactionsAdded: [{ type }] }),
    });
  }
  if (event.delivery || event.read) {
    const status = event.delivery ? 'delivered' : 'read';
    const watermark = event.delivery?.watermark ?? event.read?.watermark ?? 0;
    const id = `${userKey}:${status}:${watermark}`;
    return item(id, {
      type: 'event',
      name: STATUS_EVENT,
      id,
      value: { status, watermark, messageIds: event.delivery?.mids ?? [] },
    });
  }
  if (event.referral)
    return item(`${stamp}:referral`, { type: 'event', name: REFERRAL_EVENT, value: event.referral });
  if (event.optin) return item(`${stamp}:optin`, { type: 'event', name: OPTIN_EVENT, value: event.optin });
  return 'an event this adapter does not handle, acknowledged';
}

function sortAttachment(
  attachment: MessengerAttachment,
  media: InboundMedia[],
  entities: Entity[],
  other: Attachment[],
): void {
  const payload = attachment.payload ?? undefined;
  if (attachment.type === 'location' && payload?.coordinates) {
    entities.push(
      placeEntity({
        latitude: payload.coordinates.lat,
        longitude: payload.coordinates.long,
        name: payload.title,
      }),
    );
    return;
  }
  const kind = mediaKind(attachment.type);
  // A sticker (the thumbs-up "like" is one) arrives as an image; it is not a photo of anything.
  if (kind && payload?.url && payload.sticker_id === undefined) {
    media.push({ kind, url: payload.url });
    return;
  }
  other.push({ contentType: `application/vnd.messenger.${attachment.type}`, content: payload ?? {} });
}

function mediaKind(type: string): MessengerMediaKind | undefined {
  if (type === 'image' || type === 'audio' || type === 'video') return type;
  if (type === 'file') return 'document';
  return undefined;
}

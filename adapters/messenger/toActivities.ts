/**
 * Messenger / Instagram webhook → Bot Framework activities. Pure, over every entry and every `messaging`
 * item. Echoes of our own messages and standby (handover) items are acknowledged, not turned into user
 * messages; deliveries and reads become `messenger.status` events. An item that cannot be mapped is a
 * notice (quarantined), and the rest of the batch is mapped.
 */
import type { Activity, Attachment, ChannelAccount, Entity } from 'botbuilder';
import { placeEntity } from '../../src/core/conventions/place';
import { quarantined } from '../base/noticeSummary';
import { orderKeyOf, plausibleDate } from '../base/plausibleTime';
import type { ChannelItem, Mapped as BaseMapped, MappedBatch } from '../base/webhookPipeline';
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

/** One event (`where`: `entry[0].messaging[3]`, for the log; never an id). */
export interface InboundItem extends ChannelItem<InboundMedia> {
  /** The page or Instagram account that received it (`entry.id`). */
  accountId: string;
  channelId: MessengerChannelId;
}

export type InboundBatch = MappedBatch<InboundItem>;

export function conversationIdOf(accountId: string, userKey: string): string {
  return `${accountId}:${userKey}`;
}

/** One result of the mapping: an item to record, or a notice for the log. */
export type Mapped = BaseMapped<InboundItem>;

/** The whole batch mapped at once. */
export function toActivities(
  webhook: MessengerWebhook,
  serviceUrl: (accountId: string) => string,
): InboundBatch {
  const batch: InboundBatch = { items: [], notices: [] };
  for (const mapped of mapWebhook(webhook, serviceUrl)) {
    if ('item' in mapped) batch.items.push(mapped.item);
    else batch.notices.push(mapped.notice);
  }
  return batch;
}

/** The batch mapped one item at a time, in order, so that a caller can pause between items. */
export function* mapWebhook(
  webhook: MessengerWebhook,
  serviceUrl: (accountId: string) => string,
): Generator<Mapped> {
  const channelId: MessengerChannelId = webhook.object === 'instagram' ? 'instagram' : 'messenger';
  for (const [e, entry] of webhook.entry.entries()) {
    for (const s of (entry.standby ?? []).keys()) {
      yield { notice: { kind: 'standby item acknowledged', where: `entry[${e}].standby[${s}]` } };
    }
    for (const [m, raw] of (entry.messaging ?? []).entries()) {
      const where = `entry[${e}].messaging[${m}]`;
      const parsed = messagingSchema.safeParse(raw);
      if (!parsed.success) {
        yield { notice: { kind: 'not a messaging event', where, detail: parsed.error.issues[0]?.message } };
        continue;
      }
      let item: InboundItem | string;
      try {
        item = eventItem(parsed.data, entry.id, channelId, serviceUrl(entry.id), where);
      } catch (error) {
        // One item the mapping cannot handle never costs the rest of the batch.
        yield { notice: quarantined(where, error) };
        continue;
      }
      yield typeof item === 'string' ? { notice: { kind: item, where } } : { item };
    }
  }
}

function eventItem(
  event: MessengerEvent,
  accountId: string,
  channelId: MessengerChannelId,
  serviceUrl: string,
  where: string,
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
    where,
    accountId,
    channelId,
    userKey,
    dedupeKey,
    orderMs: orderKeyOf(event.timestamp ?? Number.NaN),
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

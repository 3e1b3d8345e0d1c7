/**
 * WhatsApp webhook → Bot Framework activities. Pure: every entry, change, message and status of the
 * payload, in order; nothing is read from `entry[0]` alone. Media are described (to be downloaded and
 * stored by the adapter), not fetched here. An item that cannot be mapped is a notice (quarantined), and
 * the rest of the batch is mapped.
 */
import type { Activity, ChannelAccount, ConversationAccount, Entity } from 'botbuilder';
import { z } from 'zod';
import { placeEntity } from '../../src/core/conventions/place';
import { MAX_JSON_DEPTH, pruneDepth } from '../base/jsonDepth';
import { quarantined, type Notice } from '../base/noticeSummary';
import { dateOfUnixSeconds, orderKeyOfUnixSeconds } from '../base/plausibleTime';
import {
  buttonPayloadSchema,
  contactSchema,
  editPayloadSchema,
  interactivePayloadSchema,
  locationPayloadSchema,
  mediaPayloadSchema,
  messageSchema,
  orderPayloadSchema,
  reactionPayloadSchema,
  statusSchema,
  systemPayloadSchema,
  textPayloadSchema,
  valueSchema,
  type WaContact,
  type WaMessage,
  type WaStatus,
  type WaWebhook,
} from './webhookSchema';

export const WHATSAPP_CHANNEL_ID = 'whatsapp';
export const STATUS_EVENT = 'whatsapp.status';
export const SYSTEM_EVENT = 'whatsapp.system';
export const CONTACTS_CONTENT_TYPE = 'application/vnd.whatsapp.contacts+json';

export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'sticker';
const MEDIA_KINDS: readonly string[] = ['image', 'audio', 'video', 'document', 'sticker'];

/** A media item announced by the webhook, to be downloaded before its URL expires. */
export interface InboundMedia {
  kind: MediaKind;
  mediaId: string;
  url?: string;
  mimeType?: string;
  sha256?: string;
  filename?: string;
  caption?: string;
  voice?: boolean;
}

export interface InboundItem {
  /** Where in the webhook: `entry[0].changes[0].messages[1]` (for the log; never an id). */
  where: string;
  /** Which of our numbers received it (`metadata.phone_number_id`). */
  phoneNumberId: string;
  /** The person: `wa_id`, or the business-scoped `user_id` when the phone is hidden. */
  userKey: string;
  /** The business-scoped user id when the webhook gave one (to link hidden-phone messages to the person). */
  businessUserId?: string;
  /** The event's id in the inbox: the message id, or status id + status. */
  dedupeKey: string;
  /** The platform's own time, as sent (`orderKeyOf`): the event's order in its inbox, the same on redelivery. */
  orderMs: number;
  activity: Partial<Activity>;
  media: InboundMedia[];
}

export interface InboundBatch {
  items: InboundItem[];
  /** What was skipped, malformed or quarantined, for the log. */
  notices: Notice[];
}

export interface MappingOptions {
  /** The `serviceUrl` replies for this number go to. */
  serviceUrl: (phoneNumberId: string) => string;
}

export function conversationIdOf(phoneNumberId: string, userKey: string, groupId?: string): string {
  return groupId === undefined ? `${phoneNumberId}:${userKey}` : `${phoneNumberId}:group:${groupId}`;
}

/** One result of the mapping: an item to record, or a notice for the log. */
export type Mapped = { item: InboundItem } | { notice: Notice };

/** The whole batch mapped at once. */
export function toActivities(webhook: WaWebhook, options: MappingOptions): InboundBatch {
  const batch: InboundBatch = { items: [], notices: [] };
  for (const mapped of mapWebhook(webhook, options)) {
    if ('item' in mapped) batch.items.push(mapped.item);
    else batch.notices.push(mapped.notice);
  }
  return batch;
}

/**
 * The batch mapped one item at a time, in order, so that a caller can pause between items: a webhook of
 * 20,000 statuses is never one long stretch of synchronous work.
 */
export function* mapWebhook(webhook: WaWebhook, options: MappingOptions): Generator<Mapped> {
  for (const [e, entry] of webhook.entry.entries()) {
    for (const [c, change] of entry.changes.entries()) {
      const where = `entry[${e}].changes[${c}]`;
      if (change.field !== 'messages') {
        yield { notice: { kind: 'field not handled', where, detail: change.field.slice(0, 100) } };
        continue;
      }
      const value = valueSchema.safeParse(change.value);
      if (!value.success) {
        yield {
          notice: { kind: 'value does not match the schema', where, detail: value.error.issues[0]?.message },
        };
        continue;
      }
      const { metadata } = value.data;
      const contacts = (value.data.contacts ?? []).flatMap((raw) => {
        const parsed = contactSchema.safeParse(raw);
        return parsed.success ? [parsed.data] : [];
      });
      const bot: ChannelAccount = {
        id: metadata.phone_number_id,
        name: metadata.display_phone_number ?? metadata.phone_number_id,
        role: 'bot',
      };
      const base = {
        phoneNumberId: metadata.phone_number_id,
        bot,
        serviceUrl: options.serviceUrl(metadata.phone_number_id),
      };
      for (const [m, raw] of (value.data.messages ?? []).entries()) {
        const at = `${where}.messages[${m}]`;
        const message = messageSchema.safeParse(raw);
        if (!message.success) {
          yield { notice: { kind: 'not a message', where: at, detail: message.error.issues[0]?.message } };
          continue;
        }
        const item = guarded(at, () => messageItem(message.data, contacts, base, at));
        yield item ?? { notice: { kind: 'message without a sender id', where: at } };
      }
      for (const [i, raw] of (value.data.statuses ?? []).entries()) {
        const at = `${where}.statuses[${i}]`;
        const status = statusSchema.safeParse(raw);
        if (!status.success) {
          yield { notice: { kind: 'not a status', where: at, detail: status.error.issues[0]?.message } };
          continue;
        }
        const mapped = guarded(at, () => statusItem(status.data, base, at));
        if (mapped) yield mapped;
      }
      for (const [i, error] of (value.data.errors ?? []).entries()) {
        yield {
          notice: { kind: 'platform error', where: `${where}.errors[${i}]`, detail: platformError(error) },
        };
      }
    }
  }
}

interface Base {
  phoneNumberId: string;
  bot: ChannelAccount;
  serviceUrl: string;
}

/**
 * One item mapped (`undefined` when the mapping found nothing to map), or, when mapping it throws, a
 * "quarantined" notice: one item the mapping cannot handle never costs the rest of the batch.
 */
function guarded(where: string, map: () => InboundItem | undefined): Mapped | undefined {
  try {
    const item = map();
    return item === undefined ? undefined : { item };
  } catch (error) {
    return { notice: quarantined(where, error) };
  }
}

const platformErrorSchema = z.object({ code: z.number().optional(), title: z.string().optional() }).loose();

/** A platform error's code and title (never the whole object: it may be nested without end). */
function platformError(error: unknown): string {
  const parsed = platformErrorSchema.safeParse(error);
  if (!parsed.success) return 'unreadable';
  return `${parsed.data.code ?? 'no code'}: ${(parsed.data.title ?? '').slice(0, 200)}`;
}

function messageItem(
  message: WaMessage,
  contacts: WaContact[],
  base: Base,
  where: string,
): InboundItem | undefined {
  const contact =
    contacts.find(
      (c) =>
        (message.from && c.wa_id === message.from) ||
        (message.from_user_id && c.user_id === message.from_user_id),
    ) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const waId = nonEmpty(message.from) ?? nonEmpty(contact?.wa_id);
  const businessUserId = nonEmpty(message.from_user_id) ?? nonEmpty(contact?.user_id);
  const userKey = waId ?? businessUserId;
  if (userKey === undefined) return undefined;

  const user: ChannelAccount = {
    id: userKey,
    name: contact?.profile?.name ?? '',
    role: 'user',
    properties: {
      waId: waId ?? null,
      userId: businessUserId ?? null,
      username: contact?.profile?.username ?? null,
    },
  };
  const conversation: ConversationAccount = {
    id: conversationIdOf(base.phoneNumberId, userKey, message.group_id),
    isGroup: message.group_id !== undefined,
    conversationType: message.group_id === undefined ? 'personal' : 'group',
    name: '',
  };
  const entities: Entity[] = [];
  if (message.referral) entities.push({ type: 'referral', ...message.referral });
  const activity: Partial<Activity> = {
    type: 'message',
    id: message.id,
    timestamp: dateOfUnixSeconds(message.timestamp),
    channelId: WHATSAPP_CHANNEL_ID,
    serviceUrl: base.serviceUrl,
    from: user,
    recipient: base.bot,
    conversation,
    channelData: { whatsapp: { message, contact, phoneNumberId: base.phoneNumberId } },
    ...(message.context?.id === undefined ? {} : { replyToId: message.context.id }),
  };
  const media: InboundMedia[] = [];
  Object.assign(activity, payloadFields(message, media));
  if (activity.type === 'conversationUpdate') activity.membersAdded = [user];
  if (entities.length > 0) activity.entities = [...(activity.entities ?? []), ...entities];
  return {
    where,
    phoneNumberId: base.phoneNumberId,
    userKey,
    businessUserId,
    dedupeKey: message.id,
    orderMs: orderKeyOfUnixSeconds(message.timestamp),
    activity,
    media,
  };
}

/** The activity fields a message type contributes (text, value, entities, type changes). */
function payloadFields(message: WaMessage, media: InboundMedia[]): Partial<Activity> {
  const payload: unknown = message[message.type];
  switch (message.type) {
    case 'text': {
      const text = textPayloadSchema.safeParse(payload);
      return text.success ? { text: text.data.body } : unknown(message);
    }
    case 'interactive': {
      const parsed = interactivePayloadSchema.safeParse(payload);
      if (!parsed.success) return unknown(message);
      const reply = parsed.data.button_reply ?? parsed.data.list_reply;
      if (reply) return { text: reply.id, value: { id: reply.id, title: reply.title } };
      const flow = parsed.data.nfm_reply;
      if (flow)
        return {
          text: '',
          value: { name: flow.name, body: flow.body, response: parseJson(flow.response_json) },
        };
      return unknown(message);
    }
    case 'button': {
      const button = buttonPayloadSchema.safeParse(payload);
      if (!button.success) return unknown(message);
      return {
        text: button.data.payload ?? button.data.text ?? '',
        value: { payload: button.data.payload, title: button.data.text },
      };
    }
    case 'location': {
      const location = locationPayloadSchema.safeParse(payload);
      if (!location.success) return unknown(message);
      return { entities: [placeEntity(location.data)] };
    }
    case 'contacts': {
      return Array.isArray(payload)
        ? { text: '', attachments: [{ contentType: CONTACTS_CONTENT_TYPE, content: payload }] }
        : unknown(message);
    }
    case 'reaction': {
      const reaction = reactionPayloadSchema.safeParse(payload);
      if (!reaction.success) return unknown(message);
      const emoji = reaction.data.emoji ?? '';
      return {
        type: 'messageReaction',
        replyToId: reaction.data.message_id,
        ...(emoji === '' ? { reactionsRemoved: [{ type: '' }] } : { reactionsAdded: [{ type: emoji }] }),
      };
    }
    case 'order': {
      const order = orderPayloadSchema.safeParse(payload);
      return order.success ? { text: order.data.text ?? '', value: order.data } : unknown(message);
    }
    case 'system': {
      const system = systemPayloadSchema.safeParse(payload);
      return system.success ? { type: 'event', name: SYSTEM_EVENT, value: system.data } : unknown(message);
    }
    case 'request_welcome':
      return { type: 'conversationUpdate' };
    case 'edit': {
      const edit = editPayloadSchema.safeParse(payload);
      if (!edit.success) return unknown(message);
      const inner = textPayloadSchema.safeParse(edit.data.message?.text);
      return {
        type: 'messageUpdate',
        replyToId: edit.data.original_message_id,
        text: inner.success ? inner.data.body : '',
      };
    }
    case 'revoke': {
      const revoke = editPayloadSchema.safeParse(payload);
      return revoke.success
        ? { type: 'messageDelete', replyToId: revoke.data.original_message_id }
        : unknown(message);
    }
    default: {
      if (MEDIA_KINDS.includes(message.type)) {
        const item = mediaPayloadSchema.safeParse(payload);
        if (!item.success) return unknown(message);
        media.push({
          kind: mediaKind(message.type),
          mediaId: item.data.id,
          url: item.data.url,
          mimeType: item.data.mime_type,
          sha256: item.data.sha256,
          filename: item.data.filename,
          caption: item.data.caption,
          voice: item.data.voice,
        });
        return { text: item.data.caption ?? '' };
      }
      return unknown(message);
    }
  }
}

/** A message the bot cannot read yet: no text, and the raw item (already in channelData). */
function unknown(message: WaMessage): Partial<Activity> {
  return { text: '', value: { unsupported: message.type, errors: message.errors } };
}

function statusItem(status: WaStatus, base: Base, where: string): InboundItem {
  const userKey = nonEmpty(status.recipient_id) ?? nonEmpty(status.recipient_user_id) ?? 'unknown';
  return {
    where,
    phoneNumberId: base.phoneNumberId,
    userKey,
    dedupeKey: `${status.id}:${status.status}`,
    orderMs: orderKeyOfUnixSeconds(status.timestamp),
    media: [],
    activity: {
      type: 'event',
      name: STATUS_EVENT,
      id: `${status.id}:${status.status}`,
      timestamp: dateOfUnixSeconds(status.timestamp),
      channelId: WHATSAPP_CHANNEL_ID,
      serviceUrl: base.serviceUrl,
      from: { id: userKey, name: '', role: 'user' },
      recipient: base.bot,
      conversation: {
        id: conversationIdOf(base.phoneNumberId, userKey),
        isGroup: false,
        conversationType: 'personal',
        name: '',
      },
      replyToId: status.id,
      value: {
        messageId: status.id,
        status: status.status,
        timestamp: status.timestamp,
        recipientId: status.recipient_id,
        errors: (status.errors ?? []).map((e) => ({
          code: e.code,
          title: e.title,
          message: e.message,
          details: e.error_data?.details,
        })),
      },
      channelData: { whatsapp: { status, phoneNumberId: base.phoneNumberId } },
    },
  };
}

function mediaKind(type: string): MediaKind {
  switch (type) {
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'sticker':
      return type;
    default:
      throw new Error(`not a media type: ${type}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** JSON text inside a message (a flow's answers), parsed and cut to `MAX_JSON_DEPTH` as the body was. */
function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return pruneDepth(JSON.parse(text), MAX_JSON_DEPTH).value;
  } catch {
    return text;
  }
}

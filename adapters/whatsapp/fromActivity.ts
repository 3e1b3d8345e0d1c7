/**
 * Bot Framework activity → WhatsApp Cloud API message bodies (what 360dialog accepts too). Pure.
 * Text is split at 4096 characters; choices become reply buttons, a list or a paged list; interactive
 * bodies stay within 1024 characters (longer text goes first, as its own messages); media attachments
 * with an http(s) URL become media messages; the location-request convention becomes a
 * `location_request_message`; a template attachment becomes a template message.
 */
import type { Activity, Attachment } from 'botbuilder';
import { isLocationRequest } from '../../src/core/conventions/locationRequest';
import {
  WHATSAPP_TEMPLATE_CONTENT_TYPE,
  whatsappTemplateSchema,
} from '../../src/core/conventions/whatsappTemplate';
import { splitText } from '../base/splitText';
import {
  BUTTON_ID_MAX,
  BUTTON_TITLE_MAX,
  choicesOf,
  defaultPrompt,
  interactiveFor,
  labelLocale,
  layoutOptions,
  ROW_ID_MAX,
  ROW_TITLE_MAX,
  type ChoiceMemory,
} from './choices';

export const TEXT_MAX = 4096;
/** Reply-button body limit; also used for lists (the list limit is 4096 in Meta's current doc, 1024 in older and BSP docs). */
export const INTERACTIVE_BODY_MAX = 1024;
export const CAPTION_MAX = 1024;

export type WhatsAppBody = Record<string, unknown>;

export interface RenderedActivity {
  /** Bodies to POST in order (without `messaging_product`/`to`, added by `addressed`). */
  messages: WhatsAppBody[];
  /** The choices offered, to remember for the replies; `undefined` when the activity offers none. */
  choices: ChoiceMemory | undefined;
  /** True when every message is a template (allowed outside the 24-hour window). */
  templateOnly: boolean;
  /** The template to send instead when the window is closed, if the activity carries one. */
  windowClosedFallback: WhatsAppBody | undefined;
  /** Content types of attachments WhatsApp cannot show (adaptive cards, files without a public URL). */
  unrendered: string[];
}

export function renderActivity(activity: Partial<Activity>): RenderedActivity {
  const locale = labelLocale(activity);
  const templates = (activity.attachments ?? []).flatMap(templateOf);
  const always = templates.filter((t) => t.use === 'always').map((t) => t.body);
  const fallback = templates.find((t) => t.use === 'windowClosed')?.body;
  const messages: WhatsAppBody[] = [];

  const unrendered: string[] = [];
  for (const attachment of activity.attachments ?? []) {
    for (const image of cardImages(attachment)) messages.push({ type: 'image', image: { link: image } });
    const media = mediaMessage(attachment);
    if (media) messages.push(media);
    else if (!RENDERED_OTHERWISE.test(attachment.contentType)) unrendered.push(attachment.contentType);
  }
  const text = [cardText(activity.attachments), activity.text ?? '']
    .filter((t) => t.trim() !== '')
    .join('\n\n');
  const options = choicesOf(activity);
  let choices: ChoiceMemory | undefined;

  if (options.length > 0) {
    const layout = layoutOptions(
      options,
      options.length <= 3 ? BUTTON_TITLE_MAX : ROW_TITLE_MAX,
      options.length <= 3 ? BUTTON_ID_MAX : ROW_ID_MAX,
    );
    const { before, body } = interactiveBody(text, defaultPrompt(locale));
    messages.push(...before.map(textMessage));
    choices = { options: layout, body, locale };
    messages.push(interactiveMessage(choices, 0));
  } else if (isLocationRequest(activity)) {
    const { before, body } = interactiveBody(text, defaultPrompt(locale));
    messages.push(...before.map(textMessage), {
      type: 'interactive',
      interactive: {
        type: 'location_request_message',
        body: { text: body },
        action: { name: 'send_location' },
      },
    });
  } else if (text.trim() !== '') {
    const single = messages.length === 1 ? messages[0] : undefined;
    if (single && captionable(single) && [...text].length <= CAPTION_MAX) {
      setCaption(single, text);
    } else {
      messages.push(...splitText(text, TEXT_MAX).map(textMessage));
    }
  }
  messages.push(...always);
  return {
    messages,
    choices,
    templateOnly: messages.length > 0 && messages.length === always.length,
    windowClosedFallback: fallback,
    unrendered,
  };
}

/** Attachments rendered as text, buttons or templates rather than as media. */
const RENDERED_OTHERWISE = /^application\/vnd\.(microsoft\.card\.(hero|thumbnail)|whatsapp\.template\+json)$/;

/** A further page of remembered choices (after the person tapped "more options"). */
export function renderChoicePage(memory: ChoiceMemory, page: number): WhatsAppBody {
  return interactiveMessage(memory, page);
}

/** Adds the envelope every Cloud API message needs. */
export function addressed(body: WhatsAppBody, to: string, replyTo?: string): WhatsAppBody {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    ...body,
    ...(replyTo === undefined || body.type === 'reaction' ? {} : { context: { message_id: replyTo } }),
  };
}

export function markReadBody(messageId: string, typing: boolean): WhatsAppBody {
  return {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: messageId,
    ...(typing ? { typing_indicator: { type: 'text' } } : {}),
  };
}

function interactiveMessage(memory: ChoiceMemory, page: number): WhatsAppBody {
  return {
    type: 'interactive',
    interactive: { ...interactiveFor(memory, page), body: { text: memory.body } },
  };
}

/** Splits text so the interactive body is the last part, within its limit. */
function interactiveBody(text: string, fallback: string): { before: string[]; body: string } {
  if (text.trim() === '') return { before: [], body: fallback };
  const parts = splitText(text, INTERACTIVE_BODY_MAX);
  const body = parts.pop() ?? fallback;
  const before = parts.length === 0 ? [] : splitText(parts.join('\n\n'), TEXT_MAX);
  return { before, body };
}

function textMessage(body: string): WhatsAppBody {
  return { type: 'text', text: { body, preview_url: /https?:\/\//.test(body) } };
}

/** What WhatsApp plays or shows inline (protocol-facts §6); any other file goes as a document. */
const MEDIA_TYPES: [RegExp, string][] = [
  [/^image\/(jpeg|png)$/, 'image'],
  [/^video\/(mp4|3gpp)$/, 'video'],
  [/^audio\/(aac|amr|mpeg|mp4|ogg)(;.*)?$/, 'audio'],
];

function mediaMessage(attachment: Attachment): WhatsAppBody | undefined {
  const url = attachment.contentUrl;
  if (url === undefined || !/^https?:\/\//.test(url)) return undefined;
  if (/^application\/vnd\.(microsoft\.card|whatsapp)\./.test(attachment.contentType)) return undefined;
  const type = MEDIA_TYPES.find(([pattern]) => pattern.test(attachment.contentType))?.[1] ?? 'document';
  const media: Record<string, unknown> = { link: url };
  if (type === 'document') media.filename = attachment.name ?? url.split('?')[0]?.split('/').pop() ?? 'file';
  if (type === 'audio' && /ogg/.test(attachment.contentType)) media.voice = true;
  return { type, [type]: media };
}

function captionable(body: WhatsAppBody): boolean {
  return body.type === 'image' || body.type === 'video' || body.type === 'document';
}

function setCaption(body: WhatsAppBody, caption: string): void {
  const type = String(body.type);
  const media = body[type];
  if (typeof media === 'object' && media !== null) body[type] = { ...media, caption };
}

const CARD = /^application\/vnd\.microsoft\.card\.(hero|thumbnail)$/;

function cardText(attachments: Attachment[] | undefined): string {
  const lines: string[] = [];
  for (const attachment of attachments ?? []) {
    const content: unknown = attachment.content;
    if (!CARD.test(attachment.contentType) || !isRecord(content)) continue;
    for (const key of ['title', 'subtitle', 'text']) {
      const value = content[key];
      if (typeof value === 'string' && value.trim() !== '')
        lines.push(key === 'title' ? `*${value.trim()}*` : value);
    }
  }
  return lines.join('\n');
}

function cardImages(attachment: Attachment): string[] {
  const content: unknown = attachment.content;
  if (!CARD.test(attachment.contentType) || !isRecord(content) || !Array.isArray(content.images)) return [];
  return content.images.flatMap((image: unknown) =>
    isRecord(image) && typeof image.url === 'string' && /^https?:\/\//.test(image.url) ? [image.url] : [],
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function templateOf(attachment: Attachment): { use: 'always' | 'windowClosed'; body: WhatsAppBody }[] {
  if (attachment.contentType !== WHATSAPP_TEMPLATE_CONTENT_TYPE) return [];
  const parsed = whatsappTemplateSchema.safeParse(attachment.content);
  if (!parsed.success) return [];
  const { name, language, components, use } = parsed.data;
  return [
    {
      use,
      body: {
        type: 'template',
        template: { name, language: { code: language }, ...(components ? { components } : {}) },
      },
    },
  ];
}

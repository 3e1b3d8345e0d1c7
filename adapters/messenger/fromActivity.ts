/**
 * Bot Framework activity → Messenger / Instagram Send API messages. Pure. Text is split under 2000
 * characters (Instagram: 1000 UTF-8 bytes); up to 13 choices become quick replies (titles ≤ 20, unique),
 * more become a numbered list (the dialogs accept the numbers back); hero cards become generic
 * templates on Messenger and text with quick replies on Instagram; media go by URL.
 */
import type { Activity, Attachment, CardAction } from 'botbuilder';
import { length, splitText, splitUtf8, truncate } from '../base/splitText';

export const MESSENGER_TEXT_MAX = 1999;
export const INSTAGRAM_TEXT_MAX_BYTES = 1000;
export const QUICK_REPLIES_MAX = 13;
export const QUICK_REPLY_TITLE_MAX = 20;
const PAYLOAD_MAX = 1000;
const CARD = /^application\/vnd\.microsoft\.card\.(hero|thumbnail)$/;

export type SendMessage = Record<string, unknown>;

export interface RenderedActivity {
  /** `message` objects to send in order. */
  messages: SendMessage[];
  /** Content types that could not be shown. */
  unrendered: string[];
}

export function renderActivity(
  activity: Partial<Activity>,
  channel: 'messenger' | 'instagram',
): RenderedActivity {
  const messages: SendMessage[] = [];
  const unrendered: string[] = [];
  const cards = (activity.attachments ?? []).filter((a) => CARD.test(a.contentType));
  for (const attachment of activity.attachments ?? []) {
    if (CARD.test(attachment.contentType) || attachment.contentType.startsWith('application/vnd.whatsapp.'))
      continue;
    const media = mediaMessage(attachment);
    if (media) messages.push(media);
    else unrendered.push(attachment.contentType);
  }
  const choices = choicesOf(activity.suggestedActions?.actions ?? []);

  if (channel === 'messenger' && cards.length > 0 && cards.every((card) => buttonsOf(card).length <= 3)) {
    messages.push(genericTemplate(cards));
  } else {
    for (const card of cards) {
      const content = recordOf(card.content);
      const image = imagesOf(content)[0];
      if (image) messages.push({ attachment: { type: 'image', payload: { url: image, is_reusable: true } } });
      choices.push(...choicesOf(buttonsOf(card)));
    }
  }
  const cardText =
    channel === 'instagram' || cards.some((card) => buttonsOf(card).length > 3)
      ? cards.map(textOfCard).join('\n\n')
      : '';
  let text = [cardText, activity.text ?? ''].filter((t) => t.trim() !== '').join('\n\n');

  if (choices.length > QUICK_REPLIES_MAX) {
    text = [text, choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n')]
      .filter((t) => t !== '')
      .join('\n\n');
  }
  const parts =
    text.trim() === ''
      ? []
      : channel === 'instagram'
        ? splitUtf8(text, INSTAGRAM_TEXT_MAX_BYTES)
        : splitText(text, MESSENGER_TEXT_MAX);
  const quickReplies =
    choices.length > 0 && choices.length <= QUICK_REPLIES_MAX ? quickRepliesOf(choices) : undefined;
  if (quickReplies && parts.length === 0) parts.push('👇');
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    messages.push({ text: part, ...(last && quickReplies ? { quick_replies: quickReplies } : {}) });
  });
  return { messages, unrendered };
}

interface Choice {
  title: string;
  payload: string;
}

function choicesOf(actions: readonly CardAction[]): Choice[] {
  return actions
    .filter((a) => a.type !== 'openUrl' && a.type !== 'call' && a.type !== 'signin')
    .map((a) => ({
      title: a.title || String(a.value ?? ''),
      payload: typeof a.value === 'string' && a.value !== '' ? a.value : a.title,
    }))
    .filter((c) => c.payload !== '');
}

function quickRepliesOf(choices: readonly Choice[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  return choices.map((choice) => {
    let title = truncate(choice.title, QUICK_REPLY_TITLE_MAX);
    for (let n = 2; seen.has(title.toLowerCase()); n += 1) {
      const suffix = ` (${n})`;
      title = `${truncate(choice.title, QUICK_REPLY_TITLE_MAX - length(suffix))}${suffix}`;
    }
    seen.add(title.toLowerCase());
    // The payload is what comes back as the message text: the full title, so prompts match it.
    return { content_type: 'text', title, payload: truncate(choice.title, PAYLOAD_MAX) };
  });
}

function genericTemplate(cards: Attachment[]): SendMessage {
  return {
    attachment: {
      type: 'template',
      payload: {
        template_type: 'generic',
        elements: cards.slice(0, 10).map((card) => {
          const content = recordOf(card.content);
          const title = stringOf(content.title) || stringOf(content.text) || '…';
          const subtitle = [stringOf(content.subtitle), stringOf(content.title) ? stringOf(content.text) : '']
            .filter(Boolean)
            .join(' — ');
          const image = imagesOf(content)[0];
          const buttons = choicesOf(buttonsOf(card)).map((c) => ({
            type: 'postback',
            title: truncate(c.title, QUICK_REPLY_TITLE_MAX),
            payload: truncate(c.title, PAYLOAD_MAX),
          }));
          // Meta wants at least one property besides the title.
          const needsSubtitle = !subtitle && !image && buttons.length === 0;
          return {
            title: truncate(title, 80),
            ...(subtitle || needsSubtitle ? { subtitle: truncate(subtitle || title, 80) } : {}),
            ...(image ? { image_url: image } : {}),
            ...(buttons.length > 0 ? { buttons } : {}),
          };
        }),
      },
    },
  };
}

function mediaMessage(attachment: Attachment): SendMessage | undefined {
  const url = attachment.contentUrl;
  if (url === undefined || !/^https?:\/\//.test(url)) return undefined;
  const type = attachment.contentType.startsWith('image/')
    ? 'image'
    : attachment.contentType.startsWith('audio/')
      ? 'audio'
      : attachment.contentType.startsWith('video/')
        ? 'video'
        : 'file';
  return { attachment: { type, payload: { url, is_reusable: true } } };
}

function buttonsOf(card: Attachment): CardAction[] {
  const buttons = recordOf(card.content).buttons;
  return Array.isArray(buttons) ? buttons.filter(isCardAction) : [];
}

function textOfCard(card: Attachment): string {
  const content = recordOf(card.content);
  return [stringOf(content.title), stringOf(content.subtitle), stringOf(content.text)]
    .filter(Boolean)
    .join('\n');
}

function imagesOf(content: Record<string, unknown>): string[] {
  const images = content.images;
  return Array.isArray(images)
    ? images.flatMap((image: unknown) => {
        const url = recordOf(image).url;
        return typeof url === 'string' && /^https?:\/\//.test(url) ? [url] : [];
      })
    : [];
}

function recordOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function isCardAction(value: unknown): value is CardAction {
  const record = recordOf(value);
  return typeof record.type === 'string' && typeof record.title === 'string';
}

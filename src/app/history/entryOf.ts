/**
 * What the history keeps of an activity (pure): the person's message (text, the choice tapped, a shared
 * location, our stored media) or ours (text, choices offered, media, a template). Media are named by our
 * blob names; a URL is never kept (it may expire, or carry a signature).
 */
import type { Activity, Attachment } from 'botbuilder';
import { z } from 'zod';
import { placeOf } from '../../core/conventions/place';
import { MEDIA_URL_PREFIX, storedMediaOf } from '../../core/conventions/storedMedia';
import {
  WHATSAPP_TEMPLATE_CONTENT_TYPE,
  whatsappTemplateSchema,
} from '../../core/conventions/whatsappTemplate';
import type { HistoryEntry } from '../../domain/history/historyEntry';

const choiceSchema = z.object({ id: z.string(), title: z.string().optional() });
const cardSchema = z.object({
  buttons: z.array(z.object({ title: z.string().optional(), value: z.unknown() })).optional(),
});

/** The entry of a message the person sent. */
export function inboundEntryOf(activity: Partial<Activity>, time: Date): HistoryEntry {
  const choice = choiceSchema.safeParse(activity.value);
  const place = placeOf(activity);
  const media = storedMediaOf(activity.attachments).map((m) => ({
    blobName: m.blobName,
    contentType: m.mimeType,
    kind: m.kind,
    caption: m.caption,
  }));
  return {
    direction: 'in',
    time: time.toISOString(),
    by: 'person',
    line: activity.recipient?.id || undefined,
    messageId: activity.id || undefined,
    text: activity.text || undefined,
    choice: choice.success ? { value: choice.data.id, title: choice.data.title } : undefined,
    location: place && {
      latitude: place.latitude,
      longitude: place.longitude,
      name: place.name,
      address: place.address,
    },
    media: media.length > 0 ? media : undefined,
  };
}

/** The entry of a message we sent (`by`: `bot` or `operator:<name>`). */
export function outboundEntryOf(
  activity: Partial<Activity>,
  sent: { time: Date; by: string; messageId: string | undefined; line: string | undefined },
): HistoryEntry {
  const attachments = activity.attachments ?? [];
  const choices = [
    ...(activity.suggestedActions?.actions ?? []).map((a) => a.title || String(a.value ?? '')),
    ...attachments.flatMap(buttonTitles),
  ].filter((title) => title !== '');
  const template = attachments
    .filter((a) => a.contentType === WHATSAPP_TEMPLATE_CONTENT_TYPE)
    .map((a) => whatsappTemplateSchema.safeParse(a.content))
    .find((parsed) => parsed.success)?.data;
  const media = attachments.filter(isMedia).map((a) => ({
    blobName: a.contentUrl?.startsWith(MEDIA_URL_PREFIX)
      ? a.contentUrl.slice(MEDIA_URL_PREFIX.length)
      : undefined,
    contentType: a.contentType,
  }));
  return {
    direction: 'out',
    time: sent.time.toISOString(),
    by: sent.by,
    line: sent.line || undefined,
    messageId: sent.messageId || undefined,
    text: activity.text || undefined,
    choices: choices.length > 0 ? choices : undefined,
    media: media.length > 0 ? media : undefined,
    template: template && { name: template.name, language: template.language },
  };
}

function buttonTitles(attachment: Attachment): string[] {
  const card = cardSchema.safeParse(attachment.content);
  return (card.success ? (card.data.buttons ?? []) : []).map(
    (b) => b.title ?? (typeof b.value === 'string' ? b.value : ''),
  );
}

/** An attachment that is media (not a card, a template or another convention's payload). */
function isMedia(attachment: Attachment): boolean {
  return /^(image|audio|video)\/|^application\/(pdf|octet-stream)$/.test(attachment.contentType);
}

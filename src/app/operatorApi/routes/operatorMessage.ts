/**
 * An operator's message as the API takes it (`POST /api/v1/messages`), and the activity it goes out as.
 * One message: text within one message of the channel (no silent splitting, so the answer's message id
 * is the message's), a WhatsApp template alone, or media by https URL with the text as its caption.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { INSTAGRAM_TEXT_MAX_BYTES, MESSENGER_TEXT_MAX } from '../../../../adapters/messenger/fromActivity';
import { TEXT_MAX as WHATSAPP_TEXT_MAX } from '../../../../adapters/whatsapp/fromActivity';
import { whatsappTemplateAttachment } from '../../../core/conventions/whatsappTemplate';
import type { ProactiveChannel } from '../../outbound/proactiveSender';
import { channelSchema, userIdSchema } from './personPath';

export const MEDIA_KINDS = ['image', 'audio', 'video', 'document'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];

/** The content type each kind goes as: one every channel sends as that kind (the platform reads the file). */
const CONTENT_TYPES: Record<MediaKind, string> = {
  image: 'image/jpeg',
  audio: 'audio/mpeg',
  video: 'video/mp4',
  document: 'application/pdf',
};

/** One message's text on each channel (WhatsApp 4096 characters, Messenger under 2000, Instagram 1000 bytes). */
const TEXT_LIMITS: Record<ProactiveChannel, { max: number; size: (text: string) => number; unit: string }> = {
  whatsapp: { max: WHATSAPP_TEXT_MAX, size: (text) => [...text].length, unit: 'characters' },
  messenger: { max: MESSENGER_TEXT_MAX, size: (text) => [...text].length, unit: 'characters' },
  instagram: {
    max: INSTAGRAM_TEXT_MAX_BYTES,
    size: (text) => Buffer.byteLength(text),
    unit: 'bytes (UTF-8)',
  },
};

export const templateSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'the approved template’s name (a-z, 0-9, _)'),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Za-z]{2,4})?$/, 'a template language code: en, hi, en_US'),
  /** Cloud API components (header, body and button parameters), as Meta documents them. */
  components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
});

export const mediaSchema = z.object({
  kind: z.enum(MEDIA_KINDS),
  /** Fetched by the platform, never by us; https only, no credentials in it. */
  url: z
    .url({ protocol: /^https$/, hostname: z.regexes.domain })
    .max(2048)
    .refine((url) => !/^https:\/\/[^/?#]*@/.test(url), 'a URL without user name or password'),
});

export const operatorMessageSchema = z
  .object({
    channel: channelSchema,
    /** The person's id on the channel. */
    to: userIdSchema,
    /** Our line that sends it: a WhatsApp phone number id, a page id, an Instagram account id. */
    from: z
      .string()
      .regex(/^[\w.-]{1,64}$/, 'a phone number id, page id or Instagram account id of ours')
      .optional(),
    text: z
      .string()
      .refine((text) => text.trim() !== '', 'text that is not blank')
      .optional(),
    template: templateSchema.optional(),
    media: mediaSchema.optional(),
  })
  .superRefine((message, context) => {
    const problem = (path: string, text: string) =>
      context.addIssue({ code: 'custom', path: [path], message: text });
    if (message.text === undefined && message.template === undefined && message.media === undefined)
      problem('text', 'one of text, template or media is required');
    if (message.template !== undefined && message.channel !== 'whatsapp')
      problem('template', `${message.channel} has no message templates (WhatsApp only)`);
    else if (message.template !== undefined && (message.text !== undefined || message.media !== undefined))
      problem('template', 'a template goes alone: its text and media go in its components');
    const limit = TEXT_LIMITS[message.channel];
    if (message.text !== undefined && limit.size(message.text) > limit.max)
      problem('text', `at most ${limit.max} ${limit.unit} on ${message.channel} (one message)`);
  });
export type OperatorMessage = z.output<typeof operatorMessageSchema>;

/** The activity an operator's message goes out as (through the channel adapter's rendering). */
export function activityOf(message: OperatorMessage): Partial<Activity> {
  if (message.template !== undefined)
    return {
      type: 'message',
      attachments: [whatsappTemplateAttachment({ ...message.template, use: 'always' })],
    };
  const media = message.media;
  return {
    type: 'message',
    text: message.text,
    attachments: media && [{ contentType: CONTENT_TYPES[media.kind], contentUrl: media.url }],
  };
}

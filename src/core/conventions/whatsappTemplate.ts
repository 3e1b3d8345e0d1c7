/**
 * WhatsApp templates through a documented attachment convention. An activity with a template attachment
 * is sent as that template (`use: "always"`, the default), or carries it as the fallback to send instead
 * when the 24-hour window is closed (`use: "windowClosed"`). Other channels ignore the attachment.
 *
 *   { contentType: 'application/vnd.whatsapp.template+json',
 *     content: { name: 'status_update', language: 'hi', components: [ ...Cloud API components... ] } }
 */
import type { Attachment } from 'botbuilder';
import { z } from 'zod';

export const WHATSAPP_TEMPLATE_CONTENT_TYPE = 'application/vnd.whatsapp.template+json';

export const whatsappTemplateSchema = z.object({
  name: z.string().min(1),
  language: z.string().min(2),
  components: z.array(z.record(z.string(), z.unknown())).optional(),
  use: z.enum(['always', 'windowClosed']).default('always'),
});
export type WhatsAppTemplate = z.input<typeof whatsappTemplateSchema>;

export function whatsappTemplateAttachment(template: WhatsAppTemplate): Attachment {
  return { contentType: WHATSAPP_TEMPLATE_CONTENT_TYPE, content: template };
}

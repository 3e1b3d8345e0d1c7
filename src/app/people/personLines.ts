/**
 * Our lines on a channel (WhatsApp numbers, Messenger pages, Instagram accounts): a person has one
 * conversation with each, named `<line>:<their id>` by the adapters.
 */
import type { Channels } from '../channels';

export function linesOf(channels: Channels, channel: string): string[] {
  if (channel === 'whatsapp') return channels.whatsapp.flatMap((n) => n.phoneNumberId ?? []);
  if (channel === 'messenger') return channels.messenger.map((page) => page.pageId);
  if (channel === 'instagram') return channels.messenger.flatMap((page) => page.instagramAccountId ?? []);
  return [];
}

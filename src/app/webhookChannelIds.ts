/**
 * The channel ids our own webhook adapters give the people who write through them. A person with one of
 * these ids proved who they are with a signed webhook, so no other route may act in their name: the list
 * is derived from what each adapter declares, and a new adapter adds its ids here.
 */
import { MESSENGER_CHANNEL_IDS } from '../../adapters/messenger/toActivities';
import { WHATSAPP_CHANNEL_ID } from '../../adapters/whatsapp/toActivities';

export const WEBHOOK_CHANNEL_IDS: readonly string[] = [WHATSAPP_CHANNEL_ID, ...MESSENGER_CHANNEL_IDS];

/**
 * A channel id reduced to what a reader would take it for: compatibility-normalised (full-width letters
 * become plain ones), lower case, letters and digits only. `' WhatsApp'`, `'what-sapp'` and
 * `'ｗｈａｔｓａｐｐ'` all become `whatsapp`.
 */
export function canonicalChannelId(channelId: string): string {
  return channelId
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** Whether a claimed channel id is, or passes for, one of our webhook channels' ids. */
export function isWebhookChannelId(channelId: string): boolean {
  const canonical = canonicalChannelId(channelId);
  return WEBHOOK_CHANNEL_IDS.some((id) => canonicalChannelId(id) === canonical);
}

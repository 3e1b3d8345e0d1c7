/** A signed Messenger webhook carrying one text message from each of many people, as an `HttpRequest`. */
import type { HttpRequest } from '../../src/core/http';
import { PAGE } from './adapterRig';
import { signedRequest } from './metaSignature';

/** `senders` people (`PSID-<tag>-<n>`) writing to the rig's page at once, signed with its app secret. */
export function messengerBatchRequest(senders: number, tag: string): HttpRequest {
  const now = Date.now();
  const messaging = Array.from({ length: senders }, (_, i) => ({
    sender: { id: `PSID-${tag}-${i}` },
    recipient: { id: PAGE.pageId },
    timestamp: now,
    message: { mid: `m_${tag}_${i}`, text: `hello ${i}` },
  }));
  const body = { object: 'page', entry: [{ id: PAGE.pageId, time: now, messaging }] };
  return signedRequest('/webhooks/messenger', body, PAGE.appSecret);
}

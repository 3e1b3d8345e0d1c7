/** An event taken through an inbox by hand, as a drain takes it: recorded, then its run begun. */
import assert from 'node:assert/strict';
import type { InboxEvent } from '../../src/durable/storage/inboxEvent';
import type { InboxStore } from '../../src/durable/turns/turnStores';

/** Records one WhatsApp event `id` (at 1 ms, an empty payload) in the conversation `conversationKey`. */
export function recordOne(inbox: InboxStore, conversationKey: string, id: string): Promise<boolean> {
  return inbox.record({ channel: 'whatsapp', conversationKey, timestampMs: 1, id, payload: {} });
}

/**
 * Begins a run of the first event waiting in a WhatsApp conversation (the test fails when none waits), as a
 * first run or a replay: the event with what `begin` read from its history (attempts, parts sent).
 */
export async function beginWaiting(
  inbox: InboxStore,
  conversationKey: string,
  firstRun: boolean,
): Promise<InboxEvent> {
  const [waiting] = await inbox.waiting('whatsapp', conversationKey);
  assert.ok(waiting, `an event waits in ${conversationKey}`);
  return { ...waiting, ...(await inbox.begin(waiting)), firstRun };
}

/** A recorded event as a drain hands it to a runner: a first run, nothing sent yet. */
import type { InboxEvent } from '../../src/durable/storage/conversationInbox';

export function inboxEvent(channel: string, conversationKey: string, id: string): InboxEvent {
  return {
    name: `${channel}/${conversationKey}/1_${id}`,
    attempts: 0,
    firstRun: true,
    channel,
    conversationKey,
    id,
    payload: {},
    receivedAt: new Date(0).toISOString(),
  };
}

/**
 * The durable half of a webhook's intake, shared by the channel adapters: each routed item is recorded in
 * its conversation's inbox (the record the answer waits for, and the deduplication), a few at a time. An
 * item that cannot be stored is quarantined (a warning naming its channel and position, kept out of the
 * inbox) and the rest of the batch goes on; ids already waiting are noted, not recorded twice.
 */
import type { DurableTurns } from '../../src/turns/durableTurns';
import type { NoticeSummary } from './noticeSummary';
import { settleAll } from './settleAll';
import { storable } from './storable';
import { timeSlicer } from './timeSlice';

/** Writes of one webhook in flight at once. */
export const RECORDS_AT_ONCE = 8;

export interface BatchItem {
  /** Position in the webhook, for the log. */
  where: string;
  channel: string;
  conversationKey: string;
  timestampMs: number;
  dedupeKey: string;
  payload: unknown;
}

export interface RecordedBatch {
  /** Conversations with an item recorded now or waiting already (a redelivery): to be drained. */
  conversations: { channel: string; conversationKey: string }[];
  /** The first write that failed (storage unreachable): the webhook is answered with its status. */
  failure?: Error;
}

export async function recordBatch(
  turns: DurableTurns,
  items: readonly BatchItem[],
  notices: NoticeSummary,
): Promise<RecordedBatch> {
  const kept: BatchItem[] = [];
  const pause = timeSlicer();
  for (const item of items) {
    if (storable(item.payload)) kept.push(item);
    else
      notices.add({
        kind: `quarantined: cannot be stored (channel ${item.channel})`,
        where: item.where,
        level: 'warn',
      });
    await pause();
  }
  const records = await settleAll(kept, RECORDS_AT_ONCE, (item) =>
    turns.record(item.channel, item.conversationKey, item.timestampMs, item.dedupeKey, item.payload),
  );
  const conversations = new Map<string, { channel: string; conversationKey: string }>();
  let failure: Error | undefined;
  kept.forEach((item, index) => {
    const record = records[index];
    if (record?.status === 'rejected') {
      failure ??= record.reason instanceof Error ? record.reason : new Error(String(record.reason));
      return;
    }
    // A redelivery is drained too: if it is still waiting (an earlier answer was 503), it runs now
    // rather than at the next sweep; if it has run, the drain finds nothing.
    conversations.set(`${item.channel}/${item.conversationKey}`, {
      channel: item.channel,
      conversationKey: item.conversationKey,
    });
    if (record?.value === false)
      notices.add({ kind: 'redelivered or repeated id; not recorded again', where: item.where });
  });
  return { conversations: [...conversations.values()], failure };
}

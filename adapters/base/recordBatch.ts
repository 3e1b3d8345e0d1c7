/**
 * The durable half of a webhook's intake, shared by the channel adapters: an item that cannot be stored is
 * quarantined (a notice naming its channel and position, kept out of the inbox) and the rest of the batch
 * goes on to `DurableTurns.recordWebhook` (each event in its conversation's inbox before the answer, or a
 * large batch as one record fanned out after it); ids already recorded are noted, not recorded twice.
 */
import type { DurableTurns } from '../../src/durable/turns/durableTurns';
import type { NoticeSummary } from './noticeSummary';
import { storable } from './storable';
import { timeSlicer } from './timeSlice';

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
  /** The first write that failed (storage unreachable): the webhook is answered with its status. */
  failure?: Error;
  /** Call after the answer: fans a large batch out and drains what was recorded, in the background. */
  proceed: () => void;
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
  const recording = await turns.recordWebhook(
    kept.map((item) => ({
      channel: item.channel,
      conversationKey: item.conversationKey,
      timestampMs: item.timestampMs,
      id: item.dedupeKey,
      payload: item.payload,
    })),
  );
  // Each write that found its id already recorded (an earlier delivery, or the same id earlier in this
  // webhook) is noted once, at the last positions carrying that id.
  const left = new Map<string, number>();
  for (const id of recording.redelivered) left.set(id, (left.get(id) ?? 0) + 1);
  for (const item of [...kept].reverse()) {
    const count = left.get(item.dedupeKey) ?? 0;
    if (count === 0) continue;
    left.set(item.dedupeKey, count - 1);
    notices.add({ kind: 'redelivered or repeated id; not recorded again', where: item.where });
  }
  return { ...(recording.error ? { failure: recording.error } : {}), proceed: () => recording.proceed() };
}

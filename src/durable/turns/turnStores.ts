/**
 * What durable turns need from storage, as ports: the conversation inbox (waiting events, their history,
 * the count of parts sent), the batch records of large webhooks, and the per-conversation lease. The blob
 * versions (`ConversationInbox`, `BatchRecords`, `ConversationLease`) serve several instances over one
 * storage account; the in-memory ones (`src/durable/memory/`) serve one process with no account at all.
 * Both honour one contract (`test/helpers/inboxContract.ts` runs it against each).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { InboxEvent, RunStart, PartsSent } from '../storage/inboxEvent';

/** One inbound event as it arrives, before it is recorded in its conversation's inbox. */
export const arrivingEventSchema = z.object({
  channel: z.string(),
  conversationKey: z.string(),
  timestampMs: z.number(),
  id: z.string(),
  payload: z.unknown(),
});
export type ArrivingEvent = z.infer<typeof arrivingEventSchema>;

/** How long a conversation's lease lasts unless renewed, in seconds (Azure allows 15 to 60, or infinite). */
export const LEASE_SECONDS = 15;

/** A batch record's name: the SHA-256 of its events' ids, so a redelivery of the same batch finds it. */
export function batchNameOf(events: readonly ArrivingEvent[]): string {
  const ids = events.map((e) => `${e.channel}\n${e.id}`).sort();
  return createHash('sha256').update(ids.join('\n'), 'utf8').digest('hex');
}

/** Large webhooks, recorded whole before their answer and fanned out to the inbox after it. */
export interface BatchStore {
  /** Writes the batch create-only; `created` is false when the same events were recorded before. */
  write(events: readonly ArrivingEvent[]): Promise<{ name: string; created: boolean }>;
  /** The batch's events; `gone` once removed, `unreadable` when it does not parse (kept aside, not swept). */
  read(name: string): Promise<ArrivingEvent[] | 'gone' | 'unreadable'>;
  remove(name: string): Promise<void>;
  /** Names of batches written longer than `olderThanMs` ago (for the recovery sweep). */
  stalled(olderThanMs: number, now?: number): Promise<string[]>;
}

/** How a run of a waiting event begins, and what earlier runs left in its history. */
export interface RunBegun {
  start: RunStart;
  attempts: number;
  partsSent: number;
  unknownParts?: number[];
}

/**
 * The conversation inbox: each event waits (recorded create-only before the webhook's answer, which is
 * also the deduplication of redeliveries) until its run finishes; its history tells a first run from a
 * replay and from a late redelivery of a finished event, and counts the parts of its reply sent.
 */
export interface InboxStore extends PartsSent {
  readonly batches: BatchStore;
  /** Records a waiting event; false when it is already waiting (a redelivery or a repeated id). */
  record(event: ArrivingEvent): Promise<boolean>;
  /** The conversation's waiting events, oldest first. */
  waiting(channel: string, conversationKey: string): Promise<InboxEvent[]>;
  /** Begins a run (`first`, `replay`, or `finished`: a late redelivery, removed here). */
  begin(event: InboxEvent): Promise<RunBegun>;
  /** Finishes an event: `done` removes its waiting copy; `failed` (given up) marks its history first. */
  complete(event: InboxEvent, state?: 'done' | 'failed'): Promise<void>;
  /** Counts a failed run; the event keeps waiting for the next drain or sweep. */
  failed(event: InboxEvent): Promise<void>;
  /** Conversations with events waiting longer than `olderThanMs` (for the recovery sweep). */
  stalled(olderThanMs: number, now?: number): Promise<{ channel: string; conversationKey: string }[]>;
  /** `stalled`, and the backlog seen by the same listing: events waiting, and when the oldest arrived. */
  scan(olderThanMs: number, now?: number): Promise<InboxScan>;
}

/** What one listing of the waiting events found. */
export interface InboxScan {
  stalled: { channel: string; conversationKey: string }[];
  /** Events waiting (recorded, not yet run to the end). */
  waiting: number;
  /** When the oldest of them was recorded (ms since the epoch); absent when none waits. */
  oldestAt?: number;
}

/**
 * One holder at a time per conversation: `withLease` runs `work` while holding the key's lease and
 * resolves false at once, running nothing, when someone else holds it. `held` aborts when the hold is
 * lost (the work must then stop before its next send).
 */
export interface LeaseStore {
  withLease(key: string, work: (held: AbortSignal) => Promise<void>): Promise<boolean>;
}

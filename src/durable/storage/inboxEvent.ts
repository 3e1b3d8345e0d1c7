/**
 * An inbound event as the conversation inbox keeps it: its stored content (checked with zod when read
 * back), what a run knows about it, and the count of the parts of its reply sent.
 */
import { RestError, type ContainerClient } from '@azure/storage-blob';
import { z } from 'zod';
import { toStorageError } from './blobAccount';
import { encodeKey } from './blobName';
import { readAll } from './documentStore';

export interface InboxEvent {
  /** The event's name under `waiting/` and `history/` (`inboxLayout.ts`). */
  name: string;
  /** Recorded in the earlier layout (`<prefix>-ledger`): its run reads and writes it there. */
  earlier?: boolean;
  /** Failed runs so far (known once its run has begun). */
  attempts: number;
  /** ETag of the waiting copy (which copy of the event this is). */
  copy?: string;
  /** Parts of its reply sent by earlier runs (known once its run has begun). */
  partsSent?: number;
  /**
   * Parts (counted from 1) whose send had an unknown outcome (no answer came back): counted in `partsSent`, so
   * a replay does not send them again; kept in the history for diagnostics (known once its run has begun).
   */
  unknownParts?: number[];
  /** True when no run of it had begun before this one: it cannot have been answered yet. */
  firstRun: boolean;
  channel: string;
  conversationKey: string;
  id: string;
  payload: unknown;
  receivedAt: string;
}

/** How a run of a waiting event begins. */
export type RunStart = 'first' | 'replay' | 'finished';

/**
 * What was already sent in reply to an inbound event: a replayed turn sends only the parts not counted
 * as sent. A part is counted right after it is sent, so a crash in between repeats that one part (never
 * more, and nothing is lost). Parts of one reply are sent one after another, so a count is enough.
 */
export interface PartsSent {
  partsSent(event: InboxEvent): Promise<number>;
  /**
   * `parts` have gone; with `unknown`, the last of them went without an answer (it may or may not have
   * been delivered) and is recorded as such: it counts as sent all the same.
   */
  recordPartsSent(event: InboxEvent, parts: number, outcome?: 'sent' | 'unknown'): Promise<void>;
}

export const eventSchema = z.object({
  channel: z.string(),
  conversationKey: z.string(),
  id: z.string(),
  payload: z.unknown(),
  receivedAt: z.string(),
});
export type StoredEvent = z.infer<typeof eventSchema>;

/**
 * An event blob's content: `empty` (a waiting marker of the first layout, whose content is in its history),
 * `unreadable`, or undefined if absent.
 */
export async function downloadEvent(
  container: ContainerClient,
  blobName: string,
): Promise<StoredEvent | 'unreadable' | 'empty' | undefined> {
  let data: Buffer;
  try {
    const response = await container.getBlockBlobClient(blobName).download();
    data = await readAll(response.readableStreamBody);
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return undefined;
    throw toStorageError(error, blobName);
  }
  if (data.length === 0) return 'empty';
  try {
    const parsed = eventSchema.safeParse(JSON.parse(data.toString('utf8')));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Digits of the timestamp that starts an event's name, so names sort oldest first. */
const TIMESTAMP_DIGITS = 15;

/** A conversation's folder: each part encoded on its own, so any key is one segment and decodes back. */
export function eventFolder(channel: string, conversationKey: string): string {
  return `${encodeKey(channel)}/${encodeKey(conversationKey)}`;
}

/** An arriving event's name (`<folder>/<timestamp>_<id>`) and the content the inbox keeps of it. */
export function arrivedEvent(event: {
  channel: string;
  conversationKey: string;
  timestampMs: number;
  id: string;
  payload: unknown;
}): { name: string; stored: StoredEvent } {
  const stamp = String(Math.max(0, Math.floor(event.timestampMs))).padStart(TIMESTAMP_DIGITS, '0');
  return {
    name: `${eventFolder(event.channel, event.conversationKey)}/${stamp}_${encodeKey(event.id)}`,
    stored: {
      channel: event.channel,
      conversationKey: event.conversationKey,
      id: event.id,
      payload: event.payload,
      receivedAt: new Date().toISOString(),
    },
  };
}

/** ETags compared without their quotes (listings give them bare, writes quoted). */
export function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^(W\/)?"|"$/g, '');
}

export function readable(stored: StoredEvent | 'unreadable' | 'empty' | undefined): StoredEvent | undefined {
  return stored === 'unreadable' || stored === 'empty' ? undefined : stored;
}

export function storedOf(event: InboxEvent): StoredEvent {
  return {
    channel: event.channel,
    conversationKey: event.conversationKey,
    id: event.id,
    payload: event.payload,
    receivedAt: event.receivedAt,
  };
}

export function eventOf(name: string, stored: StoredEvent, attempts: number, firstRun: boolean): InboxEvent {
  return { name, attempts, firstRun, ...stored };
}

/** The history's metadata of a running event (a metadata write replaces all of it). */
export function historyMetadata(event: InboxEvent): Record<string, string> {
  return {
    state: 'running',
    copy: event.copy ?? '',
    attempts: String(event.attempts),
    // `sent`: the parts sent, under the key histories of every layout use.
    sent: String(event.partsSent ?? 0),
    ...(event.unknownParts?.length ? { unknown: event.unknownParts.join(',') } : {}),
  };
}

/** Part numbers kept as `2,5` in the history's metadata. */
export function partsOf(list: string | undefined): number[] {
  return (list ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

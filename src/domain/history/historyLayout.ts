/**
 * Where the history keeps things, in the `<prefix>-history` container. One small blob per entry, so
 * recording is ONE create-only write and never a read (no blob is read, changed and written back):
 *
 *   entries/<channel>/<user>/<key>               an entry; keys sort newest first (inverted time)
 *   statuses/<channel>/<user>/<message id>/<status>-<ms>   a delivery status of a message we sent
 *   watermarks/<channel>/<user>/<status>-<ms>    "everything we sent before <ms> is <status>" (Messenger)
 *
 * A name says everything the reader and the retention need (time, status), so listing needs no reads.
 */
import { createHash } from 'node:crypto';
import { pathSegment } from '../../durable/storage/blobName';
import type { ConversationKey, DeliveryStatus } from './historyEntry';
import { DELIVERY_STATUSES } from './historyEntry';

/** Times and ordinals are inverted against these, so that names sort newest first. */
const MAX_MS = 9_999_999_999_999;
const MAX_ORDINAL = 999;

/**
 * Where an entry sorts: the time of the turn it belongs to, a tag telling apart turns of the same
 * millisecond (derived from the inbound message's id, so a replayed turn names the same blobs), and its
 * ordinal in the turn (0 for what the person sent, 1, 2, ... for the replies).
 */
export interface EntryPosition {
  turnTime: Date;
  /** 1 to 64 of `A-Za-z0-9_-`. */
  tag: string;
  ordinal: number;
}

/**
 * The tag of a turn answering the message `id` sent at `sent`: turns recorded in the same millisecond
 * (one webhook carrying several messages) sort newest first by the platform's time, then by a hash of
 * the id (never the id itself: ids may be phone numbers).
 */
export function tagOf(id: string, sent?: Date): string {
  const hash = createHash('sha256').update(id, 'utf8').digest('base64url').slice(0, 10);
  return sent === undefined ? hash : `${inverted(sent)}${hash}`;
}

export function conversationFolder(
  kind: 'entries' | 'statuses' | 'watermarks',
  key: ConversationKey,
): string {
  return `${kind}/${pathSegment(key.channel)}/${pathSegment(key.userId)}/`;
}

/** The key of an entry: newer turns first, and in a turn the later replies first. */
export function entryKey({ turnTime, tag, ordinal }: EntryPosition): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(tag)) throw new RangeError('tag: 1 to 64 of A-Z a-z 0-9 _ -');
  const order = String(MAX_ORDINAL - Math.min(Math.max(ordinal, 0), MAX_ORDINAL)).padStart(3, '0');
  return `${inverted(turnTime)}-${tag}-${order}`;
}

function inverted(time: Date): string {
  return String(MAX_MS - clampMs(time.getTime())).padStart(13, '0');
}

const ENTRY_KEY = /^(\d{13})-[A-Za-z0-9_-]{1,64}-\d{3}$/;

export function isEntryKey(key: string): boolean {
  return ENTRY_KEY.test(key);
}

/** The time (ms) of the turn an entry key belongs to; undefined for a name that is not an entry key. */
export function timeOfEntryKey(key: string): number | undefined {
  const match = ENTRY_KEY.exec(key);
  return match?.[1] === undefined ? undefined : MAX_MS - Number(match[1]);
}

export function statusName(status: DeliveryStatus, at: Date): string {
  return `${status}-${String(clampMs(at.getTime())).padStart(13, '0')}`;
}

/** The status and time a status or watermark name carries; undefined for any other name. */
export function parseStatusName(name: string): { status: DeliveryStatus; ms: number } | undefined {
  const match = /^([a-z]+)-(\d{13})$/.exec(name);
  const status = DELIVERY_STATUSES.find((s) => s === match?.[1]);
  return status === undefined || match?.[2] === undefined ? undefined : { status, ms: Number(match[2]) };
}

/** The last segment of a path. */
export function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

function clampMs(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(Math.trunc(ms), 0), MAX_MS) : 0;
}

/**
 * The conversation history: per person (channel + user id), what they sent and what was sent to them,
 * newest first, with the delivery statuses the channel reported. Recording an entry or a status is one
 * create-only write (a replayed turn writes the same names, and finds them there); the reader lists one
 * page of entry names, reads those entries, and lists the statuses of the messages among them.
 */
import { InboundRequestError } from '../../core/errors';
import { AlreadyExistsError } from '../../core/errors';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { pathSegment } from '../../durable/storage/blobName';
import { lastSeenFolder } from './lastSeen';
import {
  DELIVERY_STATUSES,
  historyEntrySchema,
  statusRecordSchema,
  type ConversationKey,
  type DeliveryStatus,
  type HistoryEntry,
  type HistoryItem,
  type StatusRecord,
} from './historyEntry';
import {
  conversationFolder,
  entryKey,
  isEntryKey,
  lastSegment,
  parseStatusName,
  statusName,
  type EntryPosition,
} from './historyLayout';

export const HISTORY_PAGE_MAX = 100;

export interface HistoryQuery extends ConversationKey {
  /** The `next` of the page before; absent for the newest page. */
  cursor?: string;
  /** Entries per page, 1 to `HISTORY_PAGE_MAX`. */
  limit: number;
}

export interface HistoryPage {
  items: HistoryItem[];
  /** The cursor of the next (older) page, or null when this one is the last. */
  next: string | null;
}

export class ConversationHistory {
  constructor(readonly documents: EtagDocuments) {}

  /** Records one entry at its position (recording the same position again changes nothing). */
  async record(key: ConversationKey, position: EntryPosition, entry: HistoryEntry): Promise<void> {
    await createOnce(
      this.documents,
      conversationFolder('entries', key) + entryKey(position),
      historyEntrySchema.parse(entry),
    );
  }

  /** Records a delivery status of the message we sent with `messageId`. */
  async recordStatus(key: ConversationKey, messageId: string, status: StatusRecord): Promise<void> {
    const record = statusRecordSchema.parse(status);
    const folder = `${conversationFolder('statuses', key)}${pathSegment(messageId)}/`;
    await createOnce(this.documents, folder + statusName(record.status, new Date(record.time)), record);
  }

  /** Records that everything sent to the person before `at` has `status` (Messenger's watermarks). */
  async recordWatermark(key: ConversationKey, status: DeliveryStatus, at: Date): Promise<void> {
    const record = { status, time: at.toISOString() };
    await createOnce(this.documents, conversationFolder('watermarks', key) + statusName(status, at), record);
  }

  /** One page of the conversation, newest first. A cursor that is not one of ours: `InboundRequestError`. */
  async list(query: HistoryQuery): Promise<HistoryPage> {
    if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > HISTORY_PAGE_MAX)
      throw new InboundRequestError(
        400,
        'invalid_limit',
        `limit: a whole number from 1 to ${HISTORY_PAGE_MAX}`,
      );
    const after = query.cursor === undefined ? undefined : cursorKey(query.cursor);
    const folder = conversationFolder('entries', query);
    const keys: string[] = [];
    let more = false;
    for await (const name of this.documents.list(folder)) {
      const key = name.slice(folder.length);
      if (!isEntryKey(key) || (after !== undefined && key <= after)) continue;
      if (keys.length === query.limit) {
        more = true;
        break;
      }
      keys.push(key);
    }
    const entries = await Promise.all(
      keys.map(async (key) => ({
        key,
        found: await this.documents.getJson(folder + key, historyEntrySchema),
      })),
    );
    const watermarks = entries.some(({ found }) => found?.value.direction === 'out')
      ? await this.watermarks(query)
      : [];
    const items = await Promise.all(
      entries.flatMap(({ key, found }) => (found ? [this.item(query, key, found.value, watermarks)] : [])),
    );
    const last = keys.at(-1);
    return { items, next: more && last !== undefined ? Buffer.from(last).toString('base64url') : null };
  }

  private async item(
    key: ConversationKey,
    id: string,
    entry: HistoryEntry,
    watermarks: StatusRecord[],
  ): Promise<HistoryItem> {
    if (entry.direction === 'in') return { ...entry, id, statuses: [] };
    const statuses = entry.messageId === undefined ? [] : await this.statusesOf(key, entry.messageId);
    const sentAt = Date.parse(entry.time);
    for (const mark of watermarks) {
      if (sentAt <= Date.parse(mark.time) && !statuses.some((s) => s.status === mark.status))
        statuses.push(mark);
    }
    return { ...entry, id, statuses: statuses.sort((a, b) => a.time.localeCompare(b.time)) };
  }

  /** The delivery statuses reported for the message we sent with `messageId`, oldest first. */
  async statusesOf(key: ConversationKey, messageId: string): Promise<StatusRecord[]> {
    const folder = `${conversationFolder('statuses', key)}${pathSegment(messageId)}/`;
    const found: StatusRecord[] = [];
    for await (const name of this.documents.list(folder)) {
      const parsed = parseStatusName(lastSegment(name));
      if (!parsed) continue;
      // Only a failure has more to say than its name (why); the others are read from their names.
      const stored =
        parsed.status === 'failed' ? await this.documents.getJson(name, statusRecordSchema) : undefined;
      found.push(stored?.value ?? { status: parsed.status, time: new Date(parsed.ms).toISOString() });
    }
    // Meta's times are whole seconds: statuses of one second keep their natural order (sent, delivered, read).
    const rank = (s: StatusRecord) => DELIVERY_STATUSES.indexOf(s.status);
    return found.sort((a, b) => a.time.localeCompare(b.time) || rank(a) - rank(b));
  }

  /** The latest watermark of each status. */
  private async watermarks(key: ConversationKey): Promise<StatusRecord[]> {
    const latest = new Map<DeliveryStatus, number>();
    for await (const name of this.documents.list(conversationFolder('watermarks', key))) {
      const parsed = parseStatusName(lastSegment(name));
      if (parsed) latest.set(parsed.status, Math.max(parsed.ms, latest.get(parsed.status) ?? 0));
    }
    return [...latest].map(([status, ms]) => ({ status, time: new Date(ms).toISOString() }));
  }

  /** Deletes a person's conversation history: entries, statuses, watermarks; returns how many. */
  async erase(key: ConversationKey): Promise<number> {
    let deleted = 0;
    const folders = [
      ...(['entries', 'statuses', 'watermarks'] as const).map((kind) => conversationFolder(kind, key)),
    ];
    // The retention's last-seen markers name the person too (`lastSeen.ts`).
    folders.push(lastSeenFolder(key));
    for (const folder of folders) {
      for await (const name of this.documents.list(folder)) {
        await this.documents.delete(name);
        deleted += 1;
      }
    }
    return deleted;
  }
}

function cursorKey(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isEntryKey(key))
    throw new InboundRequestError(400, 'invalid_cursor', 'cursor: not a cursor this history gave');
  return key;
}

/** A create-only write; the name already there (a replayed turn) is not an error. */
async function createOnce(documents: EtagDocuments, name: string, value: unknown): Promise<void> {
  try {
    await documents.createJson(name, value);
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
  }
}

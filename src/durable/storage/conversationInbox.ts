/**
 * The durable inbox of inbound events, one folder per conversation, in two parts (container
 * `<prefix>-inbox`, `inboxLayout.ts`):
 *
 * - `waiting/<channel>/<conversation>/<timestamp>_<id>`: the waiting event, written create-only before
 *   the webhook is answered. That one write is the durable record the answer waits for and the
 *   deduplication of redeliveries while the event waits (the same event has the same name). Drains and
 *   the recovery sweep list only this folder, so their cost follows what waits, not every event ever
 *   received.
 * - `history/<same path>`: the event's history, created create-only when its first run begins, naming the
 *   waiting copy it began (by ETag). A later run of that same copy is a replay (it may have sent replies,
 *   so it skips the parts its history counts as sent). Finishing removes the waiting copy, nothing more:
 *   a history whose copy is gone is done. A late redelivery of a finished event writes a new copy (another
 *   ETag); the next drain sees the history began another copy, and removes it without running anything.
 *   Failed runs are counted, and a given-up event marked `failed`, in the history's metadata, beside the
 *   parts of its reply sent (`sent`) and those of them sent without an answer (`unknown`).
 *
 * Finished events are kept (an Azure lifecycle rule on the `history/` prefix may delete them after 30
 * days). Events of the earlier layout (`<prefix>-ledger`, `pending/` and `inbox/`) are read too, and run
 * where they are (`InboxPlaces`); a copy here of an event held there is a redelivery.
 */
import { RestError } from '@azure/storage-blob';
import { AlreadyExistsError } from '../../core/errors';
import { BatchRecords } from './batchRecords';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { decodeKey, encodeKey } from './blobName';
import { readAll } from './documentStore';
import type { InboxScan, InboxStore } from '../turns/turnStores';
import { InboxPlaces, type InboxPlace, type ListedBlob } from './inboxLayout';
import {
  arrivedEvent,
  downloadEvent,
  eventOf,
  historyMetadata,
  partsOf,
  readable,
  storedOf,
  type InboxEvent,
  type RunStart,
  type StoredEvent,
} from './inboxEvent';

export type { InboxEvent, PartsSent, RunStart } from './inboxEvent';

const JSON_TYPE = { blobContentType: 'application/json; charset=utf-8' };

export class ConversationInbox implements InboxStore {
  /** Events this process recorded, by name: their content never changes, so no download is needed. */
  private readonly recent = new Map<string, StoredEvent>();
  /** Large webhooks, recorded whole before their answer and fanned out to the inboxes after it. */
  readonly batches: BatchRecords;
  private readonly places: InboxPlaces;

  constructor(account: BlobAccount) {
    this.places = new InboxPlaces(account);
    this.batches = new BatchRecords(account, this.places);
  }

  /** Records a waiting event; false when it is already waiting (a redelivery or a repeated id). */
  async record(event: {
    channel: string;
    conversationKey: string;
    timestampMs: number;
    id: string;
    payload: unknown;
  }): Promise<boolean> {
    const { name, stored } = arrivedEvent(event);
    const body = Buffer.from(JSON.stringify(stored), 'utf8');
    const { container, layout } = await this.places.current();
    try {
      await container.getBlockBlobClient(layout.waiting + name).upload(body, body.length, {
        blobHTTPHeaders: JSON_TYPE,
        conditions: { ifNoneMatch: '*' },
      });
    } catch (error) {
      const mapped = toStorageError(error, name, 'create');
      if (mapped instanceof AlreadyExistsError) return false;
      throw mapped;
    }
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(name, stored);
    return true;
  }

  /** The conversation's waiting events, oldest first (`firstRun` and `attempts` are settled by `begin`). */
  async waiting(channel: string, conversationKey: string): Promise<InboxEvent[]> {
    const found = await this.places.list('waiting', `${this.folder(channel, conversationKey)}/`);
    found.sort((x, y) => x.name.localeCompare(y.name));
    const events = await Promise.all(found.map((f) => this.readWaiting(f)));
    return events.filter((e): e is InboxEvent => e !== undefined);
  }

  /**
   * Begins a run: creates the event's history on its first run. `replay` when a run of this copy had
   * begun before (it may have sent replies); `finished` when the event ran to the end (this copy is a
   * late redelivery, removed here) or was given up. `attempts` counts the failed runs so far. The parts
   * sent with an unknown outcome are also settled on `event`, so this run's writes keep them.
   */
  async begin(
    event: InboxEvent,
  ): Promise<{ start: RunStart; attempts: number; partsSent: number; unknownParts?: number[] }> {
    if (!event.earlier && (await this.places.heldEarlier(event.name))) {
      // Recorded by the earlier layout before: that copy runs (or ran) there.
      this.recent.delete(event.name);
      await this.unmark(event);
      return { start: 'finished', attempts: 0, partsSent: 0 };
    }
    const { container, layout } = await this.places.of(event);
    const history = container.getBlockBlobClient(layout.history + event.name);
    const body = Buffer.from(JSON.stringify(storedOf(event)), 'utf8');
    try {
      await history.upload(body, body.length, {
        blobHTTPHeaders: JSON_TYPE,
        metadata: historyMetadata(event),
        conditions: { ifNoneMatch: '*' },
      });
      return { start: 'first', attempts: 0, partsSent: 0 };
    } catch (error) {
      const mapped = toStorageError(error, event.name, 'create');
      if (!(mapped instanceof AlreadyExistsError)) throw mapped;
    }
    let metadata: Record<string, string> | undefined;
    try {
      metadata = (await history.getProperties()).metadata;
    } catch (error) {
      throw toStorageError(error, event.name);
    }
    const attempts = Number(metadata?.attempts ?? 0) || 0;
    const partsSent = Number(metadata?.sent ?? 0) || 0;
    const unknownParts = partsOf(metadata?.unknown);
    const state = metadata?.state;
    // `pending`: the history of the first layout, whose run had begun.
    const sameCopy = state === 'pending' || (state === 'running' && metadata?.copy === (event.copy ?? ''));
    if (sameCopy) {
      if (unknownParts.length === 0) return { start: 'replay', attempts, partsSent };
      event.unknownParts = unknownParts;
      return { start: 'replay', attempts, partsSent, unknownParts };
    }
    this.recent.delete(event.name);
    await this.unmark(event);
    return { start: 'finished', attempts, partsSent };
  }

  /**
   * Finishes an event: `done` removes its waiting copy (its history, without a copy, says done);
   * `failed` (given up after repeated failures) marks the history first.
   */
  async complete(event: InboxEvent, state: 'done' | 'failed' = 'done'): Promise<void> {
    if (state === 'failed') await this.setHistory(event, { ...historyMetadata(event), state: 'failed' });
    this.recent.delete(event.name);
    await this.unmark(event);
  }

  /** Counts a failed run (in the history); the event keeps waiting for the next drain or sweep. */
  async failed(event: InboxEvent): Promise<void> {
    await this.setHistory(event, { ...historyMetadata(event), attempts: String(event.attempts + 1) });
  }

  partsSent(event: InboxEvent): Promise<number> {
    return Promise.resolve(event.partsSent ?? 0);
  }

  /**
   * Records in the history how many parts of the reply have gone (one metadata write, no new blob); with
   * `unknown`, that the last of them went without an answer (it counts as sent all the same).
   */
  async recordPartsSent(
    event: InboxEvent,
    parts: number,
    outcome: 'sent' | 'unknown' = 'sent',
  ): Promise<void> {
    // Kept on the event of this run (the one its turn and its drain share), never in a process-wide map:
    // another instance may have sent more in between, and `begin` reads the history's count afresh.
    event.partsSent = Math.max(event.partsSent ?? 0, parts);
    if (outcome === 'unknown') event.unknownParts = [...new Set([...(event.unknownParts ?? []), parts])];
    await this.setHistory(event, historyMetadata(event));
  }

  /** Conversations with events waiting for longer than `olderThanMs` (for the recovery sweep). */
  async stalled(
    olderThanMs: number,
    now = Date.now(),
  ): Promise<{ channel: string; conversationKey: string }[]> {
    return (await this.scan(olderThanMs, now)).stalled;
  }

  async scan(olderThanMs: number, now = Date.now()): Promise<InboxScan> {
    const found = new Map<string, { channel: string; conversationKey: string }>();
    let waiting = 0;
    let oldestAt: number | undefined;
    for (const blob of await this.places.list('waiting', '')) {
      waiting += 1;
      const at = blob.modified?.getTime() ?? now;
      oldestAt = Math.min(oldestAt ?? at, at);
      if (now - at < olderThanMs) continue;
      const [channel, conversation] = blob.name.split('/');
      if (channel === undefined || conversation === undefined) continue;
      const key = `${channel}/${conversation}`;
      if (!found.has(key))
        found.set(key, { channel: decodeKey(channel), conversationKey: decodeKey(conversation) });
    }
    return { stalled: [...found.values()], waiting, ...(oldestAt === undefined ? {} : { oldestAt }) };
  }

  /**
   * All the conversation's events, oldest first, with their state: `waiting` while a copy waits, then
   * `done` or `failed`, and the parts of their reply sent with an unknown outcome (for diagnostics and
   * tests).
   */
  async all(channel: string, conversationKey: string): Promise<(InboxEvent & { state: string })[]> {
    const folder = `${this.folder(channel, conversationKey)}/`;
    const histories = new Map((await this.places.list('history', folder, true)).map((b) => [b.name, b]));
    const waiting = new Map((await this.places.list('waiting', folder)).map((b) => [b.name, b]));
    const stateOf = (name: string) => {
      const history = histories.get(name)?.metadata?.state;
      if (history === 'failed' || history === 'done') return history;
      return waiting.has(name) ? 'waiting' : 'done';
    };
    const names = [...new Set([...histories.keys(), ...waiting.keys()])].sort((x, y) => x.localeCompare(y));
    const events = await Promise.all(
      names.map(async (name) => {
        const history = histories.get(name);
        const copy = waiting.get(name);
        const stored =
          readable(
            history && (await downloadEvent(history.place.container, history.place.layout.history + name)),
          ) ??
          readable(copy && (await downloadEvent(copy.place.container, copy.place.layout.waiting + name)));
        const unknownParts = partsOf(history?.metadata?.unknown);
        return (
          stored && {
            ...eventOf(name, stored, 0, false),
            ...(unknownParts.length > 0 ? { unknownParts } : {}),
            state: stateOf(name),
          }
        );
      }),
    );
    return events.filter((e): e is InboxEvent & { state: string } => e !== undefined);
  }

  /**
   * Deletes everything the inbox keeps of one conversation (a person's erasure): its waiting events and
   * their histories, in this layout and the earlier one. Batch records are not read: they hold many
   * people and live only until fanned out. Returns how many blobs were deleted.
   */
  async erase(channel: string, conversationKey: string): Promise<number> {
    const folder = `${this.folder(channel, conversationKey)}/`;
    let deleted = 0;
    for (const kind of ['waiting', 'history'] as const) {
      for (const { place, name } of await this.places.list(kind, folder)) {
        this.recent.delete(name);
        try {
          const gone = await place.container.getBlockBlobClient(place.layout[kind] + name).deleteIfExists();
          if (gone.succeeded) deleted += 1;
        } catch (error) {
          throw toStorageError(error, name);
        }
      }
    }
    return deleted;
  }

  /** Blob-safe folder: each part encoded on its own, so any key is one segment and decodes back. */
  private folder(channel: string, conversationKey: string): string {
    return `${encodeKey(channel)}/${encodeKey(conversationKey)}`;
  }

  /** A waiting event's content: from memory when recorded here, else its waiting copy. */
  private async readWaiting({ place, name, copy }: ListedBlob): Promise<InboxEvent | undefined> {
    const earlier = place.earlier ? { earlier: true } : {};
    const known = place.earlier ? undefined : this.recent.get(name);
    if (known) return { ...eventOf(name, known, 0, false), copy };
    const found = await downloadEvent(place.container, place.layout.waiting + name);
    // Removed meanwhile (finished by someone): nothing to run. Empty: a marker of the first layout,
    // whose content is in the history.
    if (found === undefined) return undefined;
    const stored =
      found === 'empty' ? await downloadEvent(place.container, place.layout.history + name) : found;
    if (stored === undefined || stored === 'empty') return undefined;
    if (stored === 'unreadable') {
      await this.quarantine(place, name);
      return undefined;
    }
    return { ...eventOf(name, stored, 0, false), ...earlier, copy };
  }

  /** A waiting copy that does not parse is kept in the history as `failed`, out of the waiting folder. */
  private async quarantine({ container, layout }: InboxPlace, name: string): Promise<void> {
    try {
      const raw = await readAll(
        (await container.getBlockBlobClient(layout.waiting + name).download()).readableStreamBody,
      );
      await container
        .getBlockBlobClient(layout.history + name)
        .upload(raw, raw.length, { metadata: { state: 'failed', reason: 'unreadable' } });
      await container.getBlockBlobClient(layout.waiting + name).deleteIfExists();
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return;
      throw toStorageError(error, name);
    }
  }

  private async setHistory(event: InboxEvent, metadata: Record<string, string>): Promise<void> {
    const { container, layout } = await this.places.of(event);
    const history = container.getBlockBlobClient(layout.history + event.name);
    try {
      await history.setMetadata(metadata);
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 404)) throw toStorageError(error, event.name);
      // Never begun: the history is written now.
      const body = Buffer.from(JSON.stringify(storedOf(event)), 'utf8');
      try {
        await history.upload(body, body.length, { blobHTTPHeaders: JSON_TYPE, metadata });
      } catch (uploadError) {
        throw toStorageError(uploadError, event.name);
      }
    }
  }

  /** Removes the event's waiting copy. */
  private async unmark(event: InboxEvent): Promise<void> {
    const { container, layout } = await this.places.of(event);
    try {
      await container.getBlockBlobClient(layout.waiting + event.name).deleteIfExists();
    } catch (error) {
      throw toStorageError(error, event.name);
    }
  }
}

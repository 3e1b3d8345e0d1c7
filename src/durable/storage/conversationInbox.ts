/**
 * The durable inbox of inbound events, one folder per conversation, in two parts:
 *
 * - `pending/<channel>/<conversation>/<timestamp>_<id>`: the event while it waits, written create-only
 *   before the webhook is answered. That one write is the durable record the answer waits for and the
 *   deduplication of redeliveries while the event waits (the same event has the same name). Its metadata
 *   counts failed runs. Drains and the recovery sweep list only this folder, so their cost follows what
 *   waits, not every event ever received.
 * - `inbox/<same path>`: the event's history, created create-only when its first run begins, naming the
 *   pending copy it began (by ETag). A later run of that same copy is a replay (it may have sent replies,
 *   so it skips the parts its history counts as sent). Finishing removes the pending copy, nothing more:
 *   a history whose copy is gone is done. A late redelivery of a finished event writes a new copy (another
 *   ETag); the next drain sees the history began another copy, and removes it without running anything.
 *   Failed runs are counted, and a given-up event marked `failed`, in the history's metadata, beside the
 *   parts of its reply sent (`sent`) and those of them sent without an answer (`unknown`).
 *
 * Finished events are kept (an Azure lifecycle rule on the `inbox/` prefix may delete them after 30 days).
 */
import { RestError } from '@azure/storage-blob';
import { AlreadyExistsError } from '../../core/errors';
import { BatchRecords } from './batchRecords';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { decodeKey, encodeKey } from './blobName';
import { readAll } from './documentStore';
import type { InboxStore } from '../turns/turnStores';
import {
  arrivedEvent,
  bareEtag,
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

export type { InboxEvent, RunStart, SentLedger } from './inboxEvent';

const INBOX = 'inbox/';
const PENDING = 'pending/';
const JSON_TYPE = { blobContentType: 'application/json; charset=utf-8' };

export class ConversationInbox implements InboxStore {
  /** Events this process recorded, by name: their content never changes, so no download is needed. */
  private readonly recent = new Map<string, StoredEvent>();
  /** Large webhooks, recorded whole before their answer and fanned out to the inboxes after it. */
  readonly batches: BatchRecords;

  constructor(private readonly account: BlobAccount) {
    this.batches = new BatchRecords(account);
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
    const container = await this.account.container('ledger');
    try {
      await container.getBlockBlobClient(PENDING + name).upload(body, body.length, {
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
  async pending(channel: string, conversationKey: string): Promise<InboxEvent[]> {
    const container = await this.account.container('ledger');
    const found: { name: string; copy: string | undefined }[] = [];
    try {
      const prefix = `${PENDING}${this.folder(channel, conversationKey)}/`;
      for await (const blob of container.listBlobsFlat({ prefix })) {
        found.push({ name: blob.name.slice(PENDING.length), copy: bareEtag(blob.properties.etag) });
      }
    } catch (error) {
      throw toStorageError(error, conversationKey);
    }
    found.sort((x, y) => x.name.localeCompare(y.name));
    const events = await Promise.all(found.map((f) => this.readPending(f.name, f.copy)));
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
  ): Promise<{ start: RunStart; attempts: number; sent: number; unknownParts?: number[] }> {
    const container = await this.account.container('ledger');
    const history = container.getBlockBlobClient(INBOX + event.name);
    const body = Buffer.from(JSON.stringify(storedOf(event)), 'utf8');
    try {
      await history.upload(body, body.length, {
        blobHTTPHeaders: JSON_TYPE,
        metadata: historyMetadata(event),
        conditions: { ifNoneMatch: '*' },
      });
      return { start: 'first', attempts: 0, sent: 0 };
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
    const sent = Number(metadata?.sent ?? 0) || 0;
    const unknownParts = partsOf(metadata?.unknown);
    const state = metadata?.state;
    // `pending`: the history of the earlier layout, whose run had begun.
    const sameCopy = state === 'pending' || (state === 'running' && metadata?.copy === (event.copy ?? ''));
    if (sameCopy) {
      if (unknownParts.length === 0) return { start: 'replay', attempts, sent };
      event.unknownParts = unknownParts;
      return { start: 'replay', attempts, sent, unknownParts };
    }
    this.recent.delete(event.name);
    await this.unmark(event.name);
    return { start: 'finished', attempts, sent };
  }

  /**
   * Finishes an event: `done` removes its pending copy (its history, without a copy, says done);
   * `failed` (given up after repeated failures) marks the history first.
   */
  async complete(event: InboxEvent, state: 'done' | 'failed' = 'done'): Promise<void> {
    if (state === 'failed') await this.setHistory(event, { ...historyMetadata(event), state: 'failed' });
    this.recent.delete(event.name);
    await this.unmark(event.name);
  }

  /** Counts a failed run (in the history); the event stays pending for the next drain or sweep. */
  async failed(event: InboxEvent): Promise<void> {
    await this.setHistory(event, { ...historyMetadata(event), attempts: String(event.attempts + 1) });
  }

  sentParts(event: InboxEvent): Promise<number> {
    return Promise.resolve(event.sent ?? 0);
  }

  /**
   * Records in the history how many parts of the reply have gone (one metadata write, no new blob); with
   * `unknown`, that the last of them went without an answer (it counts as sent all the same).
   */
  async markSent(event: InboxEvent, parts: number, outcome: 'sent' | 'unknown' = 'sent'): Promise<void> {
    // Kept on the event of this run (the one its turn and its drain share), never in a process-wide map:
    // another instance may have sent more in between, and `begin` reads the history's count afresh.
    event.sent = Math.max(event.sent ?? 0, parts);
    if (outcome === 'unknown') event.unknownParts = [...new Set([...(event.unknownParts ?? []), parts])];
    await this.setHistory(event, historyMetadata(event));
  }

  /** Conversations with events pending for longer than `olderThanMs` (for the recovery sweep). */
  async stalled(
    olderThanMs: number,
    now = Date.now(),
  ): Promise<{ channel: string; conversationKey: string }[]> {
    const container = await this.account.container('ledger');
    const found = new Map<string, { channel: string; conversationKey: string }>();
    try {
      for await (const blob of container.listBlobsFlat({ prefix: PENDING })) {
        const modified = blob.properties.lastModified?.getTime() ?? now;
        if (now - modified < olderThanMs) continue;
        const [, channel, conversation] = blob.name.split('/');
        if (channel === undefined || conversation === undefined) continue;
        const key = `${channel}/${conversation}`;
        if (!found.has(key))
          found.set(key, { channel: decodeKey(channel), conversationKey: decodeKey(conversation) });
      }
    } catch (error) {
      throw toStorageError(error, 'inbox');
    }
    return [...found.values()];
  }

  /**
   * All the conversation's events, oldest first, with their state: `pending` while a copy waits, then
   * `done` or `failed`, and the parts of their reply sent with an unknown outcome (for diagnostics and
   * tests).
   */
  async all(channel: string, conversationKey: string): Promise<(InboxEvent & { state: string })[]> {
    const container = await this.account.container('ledger');
    const folder = this.folder(channel, conversationKey);
    const histories = new Map<string, Record<string, string> | undefined>();
    const waiting = new Set<string>();
    try {
      for await (const blob of container.listBlobsFlat({
        prefix: `${INBOX}${folder}/`,
        includeMetadata: true,
      }))
        histories.set(blob.name.slice(INBOX.length), blob.metadata);
      for await (const blob of container.listBlobsFlat({ prefix: `${PENDING}${folder}/` }))
        waiting.add(blob.name.slice(PENDING.length));
    } catch (error) {
      throw toStorageError(error, conversationKey);
    }
    const stateOf = (name: string) => {
      const history = histories.get(name)?.state;
      if (history === 'failed' || history === 'done') return history;
      return waiting.has(name) ? 'pending' : 'done';
    };
    const names = [...new Set([...histories.keys(), ...waiting])].sort((x, y) => x.localeCompare(y));
    const events = await Promise.all(
      names.map(async (name) => {
        const stored =
          readable(await this.download(INBOX + name)) ?? readable(await this.download(PENDING + name));
        const unknownParts = partsOf(histories.get(name)?.unknown);
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

  /** Blob-safe folder: each part encoded on its own, so any key is one segment and decodes back. */
  private folder(channel: string, conversationKey: string): string {
    return `${encodeKey(channel)}/${encodeKey(conversationKey)}`;
  }

  /** A waiting event's content: from memory when recorded here, else its pending copy. */
  private async readPending(name: string, copy: string | undefined): Promise<InboxEvent | undefined> {
    const known = this.recent.get(name);
    if (known) return { ...eventOf(name, known, 0, false), copy };
    const found = await this.download(PENDING + name);
    // Removed meanwhile (finished by someone): nothing to run. Empty: a marker of the earlier layout,
    // whose content is in the history.
    if (found === undefined) return undefined;
    const stored = found === 'empty' ? await this.download(INBOX + name) : found;
    if (stored === undefined || stored === 'empty') return undefined;
    if (stored === 'unreadable') {
      await this.quarantine(name);
      return undefined;
    }
    return { ...eventOf(name, stored, 0, false), copy };
  }

  /** A pending copy that does not parse is kept in the history as `failed`, out of the pending folder. */
  private async quarantine(name: string): Promise<void> {
    const container = await this.account.container('ledger');
    try {
      const raw = await readAll(
        (await container.getBlockBlobClient(PENDING + name).download()).readableStreamBody,
      );
      await container
        .getBlockBlobClient(INBOX + name)
        .upload(raw, raw.length, { metadata: { state: 'failed', reason: 'unreadable' } });
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return;
      throw toStorageError(error, name);
    }
    await this.unmark(name);
  }

  private async setHistory(event: InboxEvent, metadata: Record<string, string>): Promise<void> {
    const container = await this.account.container('ledger');
    const history = container.getBlockBlobClient(INBOX + event.name);
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

  private async unmark(name: string): Promise<void> {
    const container = await this.account.container('ledger');
    try {
      await container.getBlockBlobClient(PENDING + name).deleteIfExists();
    } catch (error) {
      throw toStorageError(error, name);
    }
  }

  private async download(blobName: string): Promise<StoredEvent | 'unreadable' | 'empty' | undefined> {
    return downloadEvent(await this.account.container('ledger'), blobName);
  }
}

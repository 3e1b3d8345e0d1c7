/**
 * The durable inbox of inbound events, one folder per conversation, in two parts:
 *
 * - `pending/<channel>/<conversation>/<timestamp>_<id>`: the event while it waits, written create-only
 *   before the webhook is answered. That one write is the durable record the answer waits for and the
 *   deduplication of redeliveries while the event waits (the same event has the same name). Its metadata
 *   counts failed runs. Drains and the recovery sweep list only this folder, so their cost follows what
 *   waits, not every event ever received.
 * - `inbox/<same path>`: the event's history, created create-only when its first run begins (so a later
 *   run knows it is a replay and consults the outbound ledger) and marked `done` or `failed` at the end;
 *   only then is the pending copy removed. A late redelivery of a finished event writes a pending copy
 *   again; the next drain finds the history says finished and removes it without running anything.
 *
 * Finished events are kept (an Azure lifecycle rule on the `inbox/` prefix may delete them after 30 days).
 */
import { RestError } from '@azure/storage-blob';
import { z } from 'zod';
import { AlreadyExistsError } from '../errors';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { decodeKey, encodeKey } from './blobName';
import { readAll } from './documentStore';

export interface InboxEvent {
  /** The event's name under `pending/` and `inbox/`. */
  name: string;
  /** Failed runs so far. */
  attempts: number;
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

const eventSchema = z.object({
  channel: z.string(),
  conversationKey: z.string(),
  id: z.string(),
  payload: z.unknown(),
  receivedAt: z.string(),
});
type StoredEvent = z.infer<typeof eventSchema>;

const TIMESTAMP_DIGITS = 15;
const INBOX = 'inbox/';
const PENDING = 'pending/';
const JSON_TYPE = { blobContentType: 'application/json; charset=utf-8' };

export class ConversationInbox {
  /** Events this process recorded, by name: their content never changes, so no download is needed. */
  private readonly recent = new Map<string, StoredEvent>();

  constructor(private readonly account: BlobAccount) {}

  /** Records a waiting event; false when it is already waiting (a redelivery or a repeated id). */
  async record(event: {
    channel: string;
    conversationKey: string;
    timestampMs: number;
    id: string;
    payload: unknown;
  }): Promise<boolean> {
    const stamp = String(Math.max(0, Math.floor(event.timestampMs))).padStart(TIMESTAMP_DIGITS, '0');
    const name = `${this.folder(event.channel, event.conversationKey)}/${stamp}_${encodeKey(event.id)}`;
    const stored: StoredEvent = {
      channel: event.channel,
      conversationKey: event.conversationKey,
      id: event.id,
      payload: event.payload,
      receivedAt: new Date().toISOString(),
    };
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

  /** The conversation's waiting events, oldest first (`firstRun` is settled by `begin`). */
  async pending(channel: string, conversationKey: string): Promise<InboxEvent[]> {
    const container = await this.account.container('ledger');
    const found: { name: string; attempts: number }[] = [];
    try {
      const prefix = `${PENDING}${this.folder(channel, conversationKey)}/`;
      for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true })) {
        found.push({
          name: blob.name.slice(PENDING.length),
          attempts: Number(blob.metadata?.attempts ?? 0) || 0,
        });
      }
    } catch (error) {
      throw toStorageError(error, conversationKey);
    }
    found.sort((x, y) => x.name.localeCompare(y.name));
    const events = await Promise.all(found.map((f) => this.readPending(f.name, f.attempts)));
    return events.filter((e): e is InboxEvent => e !== undefined);
  }

  /**
   * Begins a run: creates the event's history on its first run. `replay` when a run had begun before (it
   * may have sent replies); `finished` when the history says it ran to the end (a late redelivery), in
   * which case its pending copy is removed and nothing should run.
   */
  async begin(event: InboxEvent): Promise<RunStart> {
    const container = await this.account.container('ledger');
    const history = container.getBlockBlobClient(INBOX + event.name);
    const body = Buffer.from(JSON.stringify(storedOf(event)), 'utf8');
    try {
      await history.upload(body, body.length, {
        blobHTTPHeaders: JSON_TYPE,
        metadata: { state: 'pending' },
        conditions: { ifNoneMatch: '*' },
      });
      return 'first';
    } catch (error) {
      const mapped = toStorageError(error, event.name, 'create');
      if (!(mapped instanceof AlreadyExistsError)) throw mapped;
    }
    let state: string | undefined;
    try {
      state = (await history.getProperties()).metadata?.state;
    } catch (error) {
      throw toStorageError(error, event.name);
    }
    if (state === 'pending') return 'replay';
    this.recent.delete(event.name);
    await this.unmark(event.name);
    return 'finished';
  }

  /**
   * Marks an event done (its turn ran) or failed (given up after repeated failures), then removes its
   * pending copy. A crash between the two leaves a pending copy whose history says finished: the next
   * drain removes it without running it.
   */
  async complete(event: InboxEvent, state: 'done' | 'failed' = 'done'): Promise<void> {
    const container = await this.account.container('ledger');
    const metadata = { state, at: new Date().toISOString(), attempts: String(event.attempts) };
    try {
      await container.getBlockBlobClient(INBOX + event.name).setMetadata(metadata);
    } catch (error) {
      if (!(error instanceof RestError && error.statusCode === 404)) throw toStorageError(error, event.name);
      // Never begun (given up before a run, or unreadable): the history is written now, finished.
      const body = Buffer.from(JSON.stringify(storedOf(event)), 'utf8');
      try {
        await container
          .getBlockBlobClient(INBOX + event.name)
          .upload(body, body.length, { blobHTTPHeaders: JSON_TYPE, metadata });
      } catch (uploadError) {
        throw toStorageError(uploadError, event.name);
      }
    }
    this.recent.delete(event.name);
    await this.unmark(event.name);
  }

  /** Counts a failed run; the event stays pending for the next drain or sweep. */
  async failed(event: InboxEvent): Promise<void> {
    await this.setPendingMetadata(event.name, { attempts: String(event.attempts + 1) });
  }

  /**
   * An event whose run was cut short without failing (a reply deferred by rate limits): it stays pending
   * with its count of failed runs, and waits for the sweep (its pending copy is touched).
   */
  async deferred(event: InboxEvent): Promise<void> {
    await this.setPendingMetadata(event.name, { attempts: String(event.attempts) });
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
   * All the conversation's events, oldest first, with their state: `done` or `failed` from the history,
   * `pending` for those waiting (for diagnostics and tests).
   */
  async all(
    channel: string,
    conversationKey: string,
  ): Promise<(InboxEvent & { state: string | undefined })[]> {
    const container = await this.account.container('ledger');
    const folder = this.folder(channel, conversationKey);
    const states = new Map<string, string | undefined>();
    try {
      for await (const blob of container.listBlobsFlat({
        prefix: `${INBOX}${folder}/`,
        includeMetadata: true,
      }))
        states.set(blob.name.slice(INBOX.length), blob.metadata?.state);
      for await (const blob of container.listBlobsFlat({ prefix: `${PENDING}${folder}/` }))
        if (!states.has(blob.name.slice(PENDING.length)))
          states.set(blob.name.slice(PENDING.length), 'pending');
    } catch (error) {
      throw toStorageError(error, conversationKey);
    }
    const names = [...states.keys()].sort((x, y) => x.localeCompare(y));
    const events = await Promise.all(
      names.map(async (name) => {
        const stored =
          readable(await this.download(INBOX + name)) ?? readable(await this.download(PENDING + name));
        return stored && { ...eventOf(name, stored, 0, false), state: states.get(name) };
      }),
    );
    return events.filter((e): e is InboxEvent & { state: string | undefined } => e !== undefined);
  }

  /** Blob-safe folder: each part encoded on its own, so any key is one segment and decodes back. */
  private folder(channel: string, conversationKey: string): string {
    return `${encodeKey(channel)}/${encodeKey(conversationKey)}`;
  }

  /** A waiting event's content: from memory when recorded here, else its pending copy. */
  private async readPending(name: string, attempts: number): Promise<InboxEvent | undefined> {
    const known = this.recent.get(name);
    if (known) return eventOf(name, known, attempts, false);
    const stored = (await this.download(PENDING + name)) ?? (await this.download(INBOX + name));
    if (stored === undefined) return undefined; // removed meanwhile
    if (stored === 'unreadable') {
      await this.quarantine(name);
      return undefined;
    }
    return eventOf(name, stored, attempts, false);
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

  private async setPendingMetadata(name: string, metadata: Record<string, string>): Promise<void> {
    const container = await this.account.container('ledger');
    try {
      await container.getBlockBlobClient(PENDING + name).setMetadata(metadata);
    } catch (error) {
      throw toStorageError(error, name);
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

  private async download(blobName: string): Promise<StoredEvent | 'unreadable' | undefined> {
    const container = await this.account.container('ledger');
    let data: Buffer;
    try {
      const response = await container.getBlockBlobClient(blobName).download();
      data = await readAll(response.readableStreamBody);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw toStorageError(error, blobName);
    }
    // An empty pending copy is an index marker of the earlier layout: its content is in the history.
    if (data.length === 0 && blobName.startsWith(PENDING)) return undefined;
    try {
      const parsed = eventSchema.safeParse(JSON.parse(data.toString('utf8')));
      return parsed.success ? parsed.data : 'unreadable';
    } catch {
      return 'unreadable';
    }
  }
}

function readable(stored: StoredEvent | 'unreadable' | undefined): StoredEvent | undefined {
  return stored === 'unreadable' ? undefined : stored;
}

function storedOf(event: InboxEvent): StoredEvent {
  return {
    channel: event.channel,
    conversationKey: event.conversationKey,
    id: event.id,
    payload: event.payload,
    receivedAt: event.receivedAt,
  };
}

function eventOf(name: string, stored: StoredEvent, attempts: number, firstRun: boolean): InboxEvent {
  return { name, attempts, firstRun, ...stored };
}

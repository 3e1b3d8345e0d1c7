/**
 * The durable inbox of inbound events, one folder per conversation: `inbox/<channel>/<conversation>/
 * <timestamp>_<id>`. Recording an event is one create-only write, which is both the durable record a
 * webhook waits for before answering 200 and the deduplication of redeliveries (the same event has the
 * same name). Its state (blob metadata) is `pending` until its turn has run, then `done` or `failed`.
 *
 * Beside it, a small pending index: an empty marker `pending/<channel>/<conversation>/<same name>` lives
 * while the event waits (it carries the count of failed runs), written in parallel with the event. Drains
 * and the recovery sweep list only these markers, so their cost follows what is waiting, not every event
 * ever received. The event's own state stays the truth: a marker found for a finished event (a redelivery
 * racing a completion) is removed, and a redelivery of a waiting event whose marker failed to be written
 * puts it back.
 *
 * Done events are kept (they keep deduplicating redeliveries); an Azure lifecycle rule on the `inbox/`
 * prefix may delete them after 30 days.
 */
import { RestError } from '@azure/storage-blob';
import { z } from 'zod';
import { AlreadyExistsError } from '../errors';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { decodeKey, encodeKey } from './blobName';
import { readAll } from './documentStore';

export interface InboxEvent {
  /** Blob name, for `complete`. */
  name: string;
  /** Failed runs so far. */
  attempts: number;
  /** True when this process recorded it and it has not run before: it cannot have been answered yet. */
  firstRun: boolean;
  channel: string;
  conversationKey: string;
  id: string;
  payload: unknown;
  receivedAt: string;
}

const eventSchema = z.object({
  channel: z.string(),
  conversationKey: z.string(),
  id: z.string(),
  payload: z.unknown(),
  receivedAt: z.string(),
});

const TIMESTAMP_DIGITS = 15;
const INBOX = 'inbox/';
const PENDING = 'pending/';
const EMPTY = Buffer.alloc(0);

export class ConversationInbox {
  /** Events this process recorded and has not completed: read back without a download. */
  private readonly recent = new Map<
    string,
    { event: Omit<InboxEvent, 'attempts' | 'firstRun'>; markerEtag: string | undefined }
  >();

  constructor(private readonly account: BlobAccount) {}

  /** Records an event; false when it was recorded before (a redelivery or a repeated id). */
  async record(event: {
    channel: string;
    conversationKey: string;
    timestampMs: number;
    id: string;
    payload: unknown;
  }): Promise<boolean> {
    const stamp = String(Math.max(0, Math.floor(event.timestampMs))).padStart(TIMESTAMP_DIGITS, '0');
    const name = `${INBOX}${this.folder(event.channel, event.conversationKey)}/${stamp}_${encodeKey(event.id)}`;
    const stored = {
      channel: event.channel,
      conversationKey: event.conversationKey,
      id: event.id,
      payload: event.payload,
      receivedAt: new Date().toISOString(),
    };
    const body = Buffer.from(JSON.stringify(stored), 'utf8');
    const container = await this.account.container('ledger');
    // Event and marker are written together; a redelivery repairs a marker that failed to be written and
    // removes one written for an event that had finished.
    const [written, marked] = await Promise.allSettled([
      container.getBlockBlobClient(name).upload(body, body.length, {
        blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
        metadata: { state: 'pending' },
        conditions: { ifNoneMatch: '*' },
      }),
      this.mark(name, {}, true),
    ]);
    if (written.status === 'rejected') {
      const mapped = toStorageError(written.reason, name, 'create');
      if (!(mapped instanceof AlreadyExistsError)) throw mapped;
      await this.reconcileMarker(name);
      return false;
    }
    if (marked.status === 'rejected') throw marked.reason;
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.set(name, { event: { name, ...stored }, markerEtag: marked.value });
    return true;
  }

  /** The conversation's pending events, oldest first. */
  async pending(channel: string, conversationKey: string): Promise<InboxEvent[]> {
    const container = await this.account.container('ledger');
    const found: { name: string; attempts: number; markedAt: number; etag: string | undefined }[] = [];
    try {
      const prefix = `${PENDING}${this.folder(channel, conversationKey)}/`;
      for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true })) {
        found.push({
          name: INBOX + blob.name.slice(PENDING.length),
          attempts: Number(blob.metadata?.attempts ?? 0) || 0,
          markedAt: blob.properties.lastModified?.getTime() ?? 0,
          etag: blob.properties.etag,
        });
      }
    } catch (error) {
      throw toStorageError(error, conversationKey);
    }
    found.sort((x, y) => x.name.localeCompare(y.name));
    const events = await Promise.all(found.map((f) => this.readPending(f)));
    return events.filter((e): e is InboxEvent => e !== undefined);
  }

  /** All the conversation's recorded events, whatever their state, oldest first (for diagnostics). */
  async all(
    channel: string,
    conversationKey: string,
  ): Promise<(InboxEvent & { state: string | undefined })[]> {
    const container = await this.account.container('ledger');
    const names: { name: string; state: string | undefined }[] = [];
    try {
      const prefix = `${INBOX}${this.folder(channel, conversationKey)}/`;
      for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true }))
        names.push({ name: blob.name, state: blob.metadata?.state });
    } catch (error) {
      throw toStorageError(error, conversationKey);
    }
    names.sort((x, y) => x.name.localeCompare(y.name));
    const events = await Promise.all(
      names.map(async ({ name, state }) => {
        const event = await this.download(name);
        return event && { ...event.event, state };
      }),
    );
    return events.filter((e): e is InboxEvent & { state: string | undefined } => e !== undefined);
  }

  /**
   * Marks an event done (its turn ran) or failed (given up after repeated failures). The marker goes
   * first, so a marker always means nobody has finished the event; if the state write then fails, the
   * event has no marker and is not run again (its state just stays `pending`).
   */
  async complete(event: InboxEvent, state: 'done' | 'failed' = 'done'): Promise<void> {
    this.recent.delete(event.name);
    await this.unmark(event.name);
    const container = await this.account.container('ledger');
    try {
      await container
        .getBlockBlobClient(event.name)
        .setMetadata({ state, at: new Date().toISOString(), attempts: String(event.attempts) });
    } catch (error) {
      throw toStorageError(error, event.name);
    }
  }

  /**
   * Forgets what this process recorded for a conversation: another instance holds its lease, so it may
   * run (or have begun running) those events, and a later run here must be treated as a replay.
   */
  forget(channel: string, conversationKey: string): void {
    const prefix = `${INBOX}${this.folder(channel, conversationKey)}/`;
    for (const name of this.recent.keys()) if (name.startsWith(prefix)) this.recent.delete(name);
  }

  /**
   * An event whose run was cut short without failing (a reply deferred by rate limits): it stays pending
   * with its count of failed runs, and its next run is a replay (the marker changes, memory forgets it).
   */
  async deferred(event: InboxEvent): Promise<void> {
    this.recent.delete(event.name);
    await this.mark(event.name, { attempts: String(event.attempts) });
  }

  /** Counts a failed run; the event stays pending for the next drain or sweep. */
  async failed(event: InboxEvent): Promise<void> {
    await this.mark(event.name, { attempts: String(event.attempts + 1) });
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

  /** Blob-safe folder: each part encoded on its own, so any key is one segment and decodes back. */
  private folder(channel: string, conversationKey: string): string {
    return `${encodeKey(channel)}/${encodeKey(conversationKey)}`;
  }

  private markerName(eventName: string): string {
    return PENDING + eventName.slice(INBOX.length);
  }

  /**
   * Writes the event's marker and returns its ETag; `onlyIfAbsent` keeps an existing one (and its count
   * of failed runs) and then returns undefined.
   */
  private async mark(
    eventName: string,
    metadata: Record<string, string>,
    onlyIfAbsent = false,
  ): Promise<string | undefined> {
    const container = await this.account.container('ledger');
    const marker = this.markerName(eventName);
    try {
      const written = await container
        .getBlockBlobClient(marker)
        .upload(EMPTY, 0, { metadata, conditions: onlyIfAbsent ? { ifNoneMatch: '*' } : {} });
      return written.etag;
    } catch (error) {
      const mapped = toStorageError(error, marker, 'create');
      if (onlyIfAbsent && mapped instanceof AlreadyExistsError) return undefined;
      throw mapped;
    }
  }

  private async unmark(eventName: string): Promise<void> {
    const container = await this.account.container('ledger');
    const marker = this.markerName(eventName);
    try {
      await container.getBlockBlobClient(marker).deleteIfExists();
    } catch (error) {
      throw toStorageError(error, marker);
    }
  }

  /** A recorded event has a marker exactly while it waits. */
  private async reconcileMarker(eventName: string): Promise<void> {
    const container = await this.account.container('ledger');
    let state: string | undefined;
    try {
      state = (await container.getBlockBlobClient(eventName).getProperties()).metadata?.state;
    } catch (error) {
      throw toStorageError(error, eventName);
    }
    if (state === 'pending') await this.mark(eventName, {}, true);
    else await this.unmark(eventName);
  }

  /** A listed marker's event, or undefined (and the marker removed) when it no longer waits. */
  private async readPending(marker: {
    name: string;
    attempts: number;
    markedAt: number;
    etag: string | undefined;
  }): Promise<InboxEvent | undefined> {
    const { name, attempts, markedAt } = marker;
    // Read from memory only while the marker is the one this process wrote: anything else (a failed run
    // counted, a marker put back by a redelivery) may mean another instance has been at it.
    const known = this.recent.get(name);
    if (known && sameEtag(known.markerEtag, marker.etag))
      return { ...known.event, attempts, firstRun: attempts === 0 };
    const found = await this.download(name);
    if (found?.state === 'pending') return { ...found.event, attempts };
    // No event: a record in progress (leave it) or one whose event write failed (remove it).
    if (found === undefined && Date.now() - markedAt < 60_000) return undefined;
    await this.unmark(name);
    return undefined;
  }

  private async download(
    name: string,
  ): Promise<{ event: InboxEvent; state: string | undefined } | undefined> {
    const container = await this.account.container('ledger');
    try {
      const response = await container.getBlockBlobClient(name).download();
      const data = await readAll(response.readableStreamBody);
      const parsed = eventSchema.safeParse(JSON.parse(data.toString('utf8')));
      if (!parsed.success) return undefined;
      return {
        event: { name, attempts: 0, firstRun: false, ...parsed.data },
        state: response.metadata?.state,
      };
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      if (error instanceof SyntaxError) return undefined;
      throw toStorageError(error, name);
    }
  }
}

/** ETags compared without their quotes (listings give them bare, writes quoted). */
function sameEtag(a: string | undefined, b: string | undefined): boolean {
  const bare = (etag: string | undefined) => etag?.replace(/^(W\/)?"|"$/g, '');
  return a !== undefined && b !== undefined && bare(a) === bare(b);
}

/**
 * The durable inbox of inbound events, one folder per conversation: `inbox/<channel>/<conversation>/
 * <timestamp>_<id>`. Recording an event is one create-only write, which is both the durable record a
 * webhook waits for before answering 200 and the deduplication of redeliveries (the same event has the
 * same name). An event is `pending` until its turn has run, then `done` (blob metadata), so events
 * recorded but never finished (an instance killed mid-turn) are found again by a sweep.
 *
 * Done events are kept (they keep deduplicating redeliveries); an Azure lifecycle rule may delete blobs
 * of this container after 30 days.
 */
import { RestError } from '@azure/storage-blob';
import { z } from 'zod';
import { AlreadyExistsError } from '../errors';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { decodeKey, encodeKey } from './blobName';

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

export class ConversationInbox {
  /** Events this process recorded and has not completed: read back without a download. */
  private readonly recent = new Map<string, Omit<InboxEvent, 'attempts' | 'firstRun'>>();

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
    const name = `${this.folder(event.channel, event.conversationKey)}/${stamp}_${encodeKey(event.id)}`;
    const body = Buffer.from(
      JSON.stringify({
        channel: event.channel,
        conversationKey: event.conversationKey,
        id: event.id,
        payload: event.payload,
        receivedAt: new Date().toISOString(),
      }),
      'utf8',
    );
    const container = await this.account.container('ledger');
    try {
      await container.getBlockBlobClient(name).upload(body, body.length, {
        blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
        metadata: { state: 'pending' },
        conditions: { ifNoneMatch: '*' },
      });
      if (this.recent.size > 10_000) this.recent.clear();
      this.recent.set(name, {
        name,
        channel: event.channel,
        conversationKey: event.conversationKey,
        id: event.id,
        payload: event.payload,
        receivedAt: new Date().toISOString(),
      });
      return true;
    } catch (error) {
      const mapped = toStorageError(error, name, 'create');
      if (mapped instanceof AlreadyExistsError) return false;
      throw mapped;
    }
  }

  /** The conversation's pending events, oldest first. */
  pending(channel: string, conversationKey: string): Promise<InboxEvent[]> {
    return this.events(channel, conversationKey, (state) => state === 'pending');
  }

  /** All the conversation's events, whatever their state, oldest first. */
  all(channel: string, conversationKey: string): Promise<InboxEvent[]> {
    return this.events(channel, conversationKey, () => true);
  }

  private async events(
    channel: string,
    conversationKey: string,
    keep: (state: string | undefined) => boolean,
  ): Promise<InboxEvent[]> {
    const container = await this.account.container('ledger');
    const found: { name: string; attempts: number }[] = [];
    try {
      const prefix = `${this.folder(channel, conversationKey)}/`;
      for await (const blob of container.listBlobsFlat({ prefix, includeMetadata: true })) {
        if (!keep(blob.metadata?.state)) continue;
        found.push({ name: blob.name, attempts: Number(blob.metadata?.attempts ?? 0) || 0 });
      }
    } catch (error) {
      throw toStorageError(error, conversationKey);
    }
    found.sort((x, y) => x.name.localeCompare(y.name));
    const events = await Promise.all(found.map((f) => this.read(f.name, f.attempts)));
    return events.filter((e): e is InboxEvent => e !== undefined);
  }

  /** Marks an event done (its turn ran) or failed (given up after repeated failures). */
  async complete(event: InboxEvent, state: 'done' | 'failed' = 'done'): Promise<void> {
    await this.setState(event, { state, at: new Date().toISOString(), attempts: String(event.attempts) });
  }

  /** Counts a failed run; the event stays pending for the next drain or sweep. */
  async failed(event: InboxEvent): Promise<void> {
    await this.setState(event, { state: 'pending', attempts: String(event.attempts + 1) });
  }

  private async setState(event: InboxEvent, metadata: Record<string, string>): Promise<void> {
    if (metadata.state !== 'pending') this.recent.delete(event.name);
    const container = await this.account.container('ledger');
    try {
      await container.getBlockBlobClient(event.name).setMetadata(metadata);
    } catch (error) {
      throw toStorageError(error, event.name);
    }
  }

  /** Conversations with events pending for longer than `olderThanMs` (for the recovery sweep). */
  async stalled(
    olderThanMs: number,
    now = Date.now(),
  ): Promise<{ channel: string; conversationKey: string }[]> {
    const container = await this.account.container('ledger');
    const found = new Map<string, { channel: string; conversationKey: string }>();
    try {
      for await (const blob of container.listBlobsFlat({ prefix: 'inbox/', includeMetadata: true })) {
        if (blob.metadata?.state !== 'pending') continue;
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
    return `inbox/${encodeKey(channel)}/${encodeKey(conversationKey)}`;
  }

  private async read(name: string, attempts: number): Promise<InboxEvent | undefined> {
    const known = this.recent.get(name);
    if (known) return { ...known, attempts, firstRun: attempts === 0 };
    const container = await this.account.container('ledger');
    try {
      const data = await container.getBlockBlobClient(name).downloadToBuffer();
      const parsed = eventSchema.safeParse(JSON.parse(data.toString('utf8')));
      return parsed.success ? { name, attempts, firstRun: false, ...parsed.data } : undefined;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      if (error instanceof SyntaxError) return undefined;
      throw toStorageError(error, name);
    }
  }
}

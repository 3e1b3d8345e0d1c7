/**
 * Writes the inbox the way the code before issue 12 did, with its names frozen here: container
 * `<prefix>-ledger`, a waiting event under `pending/<channel>/<conversation>/<timestamp>_<id>`, its
 * history under `inbox/<same path>` (metadata `state`, `copy`, `attempts`, `sent`), a conversation's lease
 * on `locks/<channel/conversation>`, batch records under `batches/`. Each step is what that code did at
 * the same point (`record`, `begin`, `recordPartsSent`, `complete`, `withLease`), so a test can leave storage as
 * an instance of the earlier version left it.
 */
import { createHash } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { encodeKey } from '../../src/durable/storage/blobName';
import { sharedAzurite } from './azurite';

const JSON_TYPE = { blobContentType: 'application/json; charset=utf-8' };

export interface EarlierEvent {
  channel: string;
  conversationKey: string;
  timestampMs: number;
  id: string;
  payload: unknown;
}

export class EarlierInbox {
  readonly container: ContainerClient;

  constructor(prefix: string) {
    this.container = BlobServiceClient.fromConnectionString(
      sharedAzurite().connectionString,
    ).getContainerClient(`${prefix}-ledger`);
  }

  /** The event's name (the path under `pending/` and `inbox/`). */
  static nameOf(event: EarlierEvent): string {
    const stamp = String(event.timestampMs).padStart(15, '0');
    return `${encodeKey(event.channel)}/${encodeKey(event.conversationKey)}/${stamp}_${encodeKey(event.id)}`;
  }

  /** A waiting event: its create-only pending copy, written before the webhook's answer. */
  async record(event: EarlierEvent): Promise<string> {
    await this.container.createIfNotExists();
    const name = EarlierInbox.nameOf(event);
    const { timestampMs: _, ...stored } = event;
    const body = Buffer.from(JSON.stringify({ ...stored, receivedAt: new Date().toISOString() }), 'utf8');
    await this.container.getBlockBlobClient(`pending/${name}`).upload(body, body.length, {
      blobHTTPHeaders: JSON_TYPE,
      conditions: { ifNoneMatch: '*' },
    });
    return name;
  }

  /** Its first run begins: the history, create-only, naming the pending copy (by ETag) it began. */
  async begin(name: string): Promise<void> {
    const copy = await this.container.getBlockBlobClient(`pending/${name}`).getProperties();
    const content = await this.container.getBlockBlobClient(`pending/${name}`).downloadToBuffer();
    await this.container.getBlockBlobClient(`inbox/${name}`).upload(content, content.length, {
      blobHTTPHeaders: JSON_TYPE,
      metadata: { state: 'running', copy: (copy.etag ?? '').replace(/^"|"$/g, ''), attempts: '0', sent: '0' },
      conditions: { ifNoneMatch: '*' },
    });
  }

  /** `parts` of its reply have gone (the history's metadata, rewritten whole). */
  async recordPartsSent(name: string, parts: number): Promise<void> {
    const history = this.container.getBlockBlobClient(`inbox/${name}`);
    const { metadata } = await history.getProperties();
    await history.setMetadata({ ...metadata, sent: String(parts) });
  }

  /** A waiting event whose run began and sent `parts` of its reply (it waits until `complete`). */
  async ran(event: EarlierEvent, parts: number): Promise<string> {
    const name = await this.record(event);
    await this.begin(name);
    await this.recordPartsSent(name, parts);
    return name;
  }

  /** Its run finished: the pending copy is removed; the history, without a copy, says done. */
  async complete(name: string): Promise<void> {
    await this.container.getBlockBlobClient(`pending/${name}`).delete();
  }

  /** Takes a conversation's lease as a live instance of the earlier version does; returns its release. */
  async holdLease(key: string): Promise<() => Promise<void>> {
    await this.container.createIfNotExists();
    const lock = this.container.getBlockBlobClient(`locks/${encodeKey(key)}`);
    await lock.upload('', 0);
    const lease = lock.getBlobLeaseClient();
    await lease.acquireLease(15);
    return async () => {
      await lease.releaseLease();
    };
  }

  /** A large webhook recorded whole before its answer, not yet fanned out (a crash came first). */
  async recordBatch(events: readonly EarlierEvent[]): Promise<void> {
    await this.container.createIfNotExists();
    const ids = events.map((e) => `${e.channel}\n${e.id}`).sort();
    const name = createHash('sha256').update(ids.join('\n'), 'utf8').digest('hex');
    const body = Buffer.from(JSON.stringify({ events }), 'utf8');
    await this.container
      .getBlockBlobClient(`batches/${name}.json`)
      .upload(body, body.length, { blobHTTPHeaders: JSON_TYPE, conditions: { ifNoneMatch: '*' } });
  }

  /** Names of the blobs under `folder` (`pending/`, `inbox/`, ...). */
  async names(folder: string): Promise<string[]> {
    const names: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: folder })) names.push(blob.name);
    return names;
  }
}

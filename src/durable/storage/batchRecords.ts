/**
 * Batch records: a webhook carrying many events is made durable before its answer by ONE create-only
 * blob, `batches/<SHA-256 of its event ids>.json` in `<prefix>-inbox`, holding every event, instead of
 * one write per event (thousands of writes would outlast the time the platforms wait for the answer).
 * After the answer each event is fanned out to its conversation's inbox (the usual create-only waiting
 * copy, which deduplicates), and only then is the batch record removed; a batch record left by a crash
 * is fanned out by the recovery sweep. The name follows from the event ids, so a redelivery of the same
 * batch finds the record it wrote before. A batch record left in the earlier layout (`<prefix>-ledger`)
 * is moved here by the sweep (its content never changes, so the copy is the same record).
 */
import { RestError } from '@azure/storage-blob';
import { z } from 'zod';
import { AlreadyExistsError } from '../../core/errors';
import type { BlobAccount } from './blobAccount';
import { toStorageError } from './blobAccount';
import { readAll } from './documentStore';
import { arrivingEventSchema, batchNameOf, type ArrivingEvent, type BatchStore } from '../turns/turnStores';
import { EARLIER_LAYOUT, INBOX_LAYOUT, type InboxPlaces } from './inboxLayout';

const BATCHES = INBOX_LAYOUT.batches;
/** Where a batch record that does not parse is kept (out of the sweep's way, never deleted). */
const UNREADABLE = INBOX_LAYOUT.unreadableBatches;
const JSON_TYPE = { blobContentType: 'application/json; charset=utf-8' };

const batchSchema = z.object({ events: z.array(arrivingEventSchema) });

export class BatchRecords implements BatchStore {
  constructor(
    private readonly account: BlobAccount,
    private readonly places: InboxPlaces,
  ) {}

  /** The record's name: the same events (in any order) always give the same name. */
  /** Writes the batch record create-only; `created` is false when it was already there (a redelivery). */
  async write(events: readonly ArrivingEvent[]): Promise<{ name: string; created: boolean }> {
    const name = batchNameOf(events);
    const body = Buffer.from(JSON.stringify({ events }), 'utf8');
    const container = await this.account.container('inbox');
    try {
      await container.getBlockBlobClient(`${BATCHES}${name}.json`).upload(body, body.length, {
        blobHTTPHeaders: JSON_TYPE,
        conditions: { ifNoneMatch: '*' },
      });
      return { name, created: true };
    } catch (error) {
      const mapped = toStorageError(error, `batch ${name}`, 'create');
      if (mapped instanceof AlreadyExistsError) return { name, created: false };
      throw mapped;
    }
  }

  /**
   * The batch's events; `gone` when the record is no longer there (fanned out by someone), `unreadable`
   * when it does not parse (then it is kept under `batches-unreadable/` for a person to look at, and no
   * longer swept).
   */
  async read(name: string): Promise<ArrivingEvent[] | 'gone' | 'unreadable'> {
    const container = await this.account.container('inbox');
    let data: Buffer;
    try {
      const response = await container.getBlockBlobClient(`${BATCHES}${name}.json`).download();
      data = await readAll(response.readableStreamBody);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return 'gone';
      throw toStorageError(error, `batch ${name}`);
    }
    const parsed = batchSchema.safeParse(parseJson(data));
    if (parsed.success) return parsed.data.events;
    try {
      await container
        .getBlockBlobClient(`${UNREADABLE}${name}.json`)
        .upload(data, data.length, { blobHTTPHeaders: JSON_TYPE });
    } catch (error) {
      throw toStorageError(error, `batch ${name}`);
    }
    await this.remove(name);
    return 'unreadable';
  }

  /** Removes a batch record (once every event in it is recorded in its conversation's inbox). */
  async remove(name: string): Promise<void> {
    const container = await this.account.container('inbox');
    try {
      await container.getBlockBlobClient(`${BATCHES}${name}.json`).deleteIfExists();
    } catch (error) {
      throw toStorageError(error, `batch ${name}`);
    }
  }

  /** Names of batch records written longer than `olderThanMs` ago (for the recovery sweep). */
  async stalled(olderThanMs: number, now = Date.now()): Promise<string[]> {
    const container = await this.account.container('inbox');
    const moved = await this.moveEarlier(olderThanMs, now);
    const names: string[] = [];
    try {
      for await (const blob of container.listBlobsFlat({ prefix: BATCHES })) {
        const modified = moved.has(blob.name) ? 0 : (blob.properties.lastModified?.getTime() ?? now);
        if (now - modified < olderThanMs) continue;
        names.push(blob.name.slice(BATCHES.length).replace(/\.json$/, ''));
      }
    } catch (error) {
      throw toStorageError(error, 'batches');
    }
    return names;
  }

  /**
   * Moves the earlier layout's batch records written longer than `olderThanMs` ago here (copied
   * create-only, then removed there); returns their blob names. An instance of the earlier version
   * fanning one out meanwhile is harmless: the events it writes there are recognised when the copies
   * here run.
   */
  private async moveEarlier(olderThanMs: number, now: number): Promise<Set<string>> {
    const moved = new Set<string>();
    const earlier = await this.places.earlier();
    if (!earlier) return moved;
    const container = await this.account.container('inbox');
    try {
      for await (const blob of earlier.listBlobsFlat({ prefix: EARLIER_LAYOUT.batches })) {
        if (now - (blob.properties.lastModified?.getTime() ?? now) < olderThanMs) continue;
        const name = BATCHES + blob.name.slice(EARLIER_LAYOUT.batches.length);
        const data = await earlier.getBlockBlobClient(blob.name).downloadToBuffer();
        await container
          .getBlockBlobClient(name)
          .upload(data, data.length, { blobHTTPHeaders: JSON_TYPE, conditions: { ifNoneMatch: '*' } })
          .catch((error: unknown) => {
            const mapped = toStorageError(error, name, 'create');
            if (!(mapped instanceof AlreadyExistsError)) throw mapped;
          });
        await earlier.getBlockBlobClient(blob.name).deleteIfExists();
        moved.add(name);
      }
    } catch (error) {
      throw toStorageError(error, 'batches');
    }
    return moved;
  }
}

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

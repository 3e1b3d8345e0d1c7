/**
 * Bot Framework `Storage` over Azure Blob Storage with real optimistic concurrency:
 * an item's `eTag` is the blob's ETag; writing with that ETag fails with `StateConflictError` if the
 * blob changed; writing without one is create-only; only an explicit `'*'` overwrites.
 */
import type { Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import { AlreadyExistsError, StateConflictError } from '../../core/errors';
import type { BlobAccount } from './blobAccount';
import { DocumentStore, type EtagDocuments, type WriteCondition } from './documentStore';

const storedItem = z.record(z.string(), z.unknown());

/** The bot state over any `EtagDocuments`: the blobs of the state container, or memory (`MemoryStateStorage`). */
export class DocumentStateStorage implements Storage {
  constructor(private readonly documents: EtagDocuments) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      [...new Set(keys)].map(async (key) => {
        const found = await this.documents.getJson(key, storedItem);
        if (found) items[key] = { ...found.value, eTag: found.etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await this.writeWithEtags(changes);
  }

  /** Like `write`, and returns each key's new ETag so a caller can keep writing with it. */
  async writeWithEtags(changes: StoreItems): Promise<Record<string, string>> {
    const etags: Record<string, string> = {};
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...body } = storedItem.parse(item);
        const condition: WriteCondition =
          eTag === '*'
            ? undefined
            : typeof eTag === 'string' && eTag !== ''
              ? { ifMatch: eTag }
              : { ifNoneMatch: '*' };
        try {
          etags[key] = await this.documents.putJson(key, body, condition);
        } catch (error) {
          throw error instanceof AlreadyExistsError ? new StateConflictError(key) : error;
        }
      }),
    );
    return etags;
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.documents.delete(key)));
  }
}

export class BlobStateStorage extends DocumentStateStorage {
  constructor(account: BlobAccount) {
    super(new DocumentStore(account, 'state'));
  }
}

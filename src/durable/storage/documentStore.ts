/**
 * JSON documents and binary objects (media) in one container. Names are paths (`a/b/c.json`); each
 * segment is encoded, so any id is safe. JSON read back is checked against a zod schema.
 */
import type { ContainerListBlobFlatSegmentResponse } from '@azure/storage-blob';
import type { z } from 'zod';
import { StoredDataError } from '../../core/errors';
import { type BlobAccount, type ContainerRole, isNotFound, toStorageError } from './blobAccount';
import { decodeKey, encodePath } from './blobName';

export type WriteCondition = { ifMatch: string } | { ifNoneMatch: '*' } | undefined;

export interface StoredBytes {
  data: Buffer;
  contentType: string;
  etag: string;
  metadata: Record<string, string>;
}

/**
 * What the JSON documents of one container promise: reads checked against a schema, writes with ETag
 * conditions (`StateConflictError` on a changed or, for create-only, `AlreadyExistsError` on an existing
 * document), and names listed by prefix. `DocumentStore` keeps them in blobs, `MemoryDocuments` in memory.
 */
export interface EtagDocuments {
  getJson<T>(name: string, schema: z.ZodType<T>): Promise<{ value: T; etag: string } | undefined>;
  putJson(name: string, value: unknown, condition?: WriteCondition): Promise<string>;
  createJson(name: string, value: unknown): Promise<string>;
  delete(name: string, condition?: { ifMatch: string }): Promise<void>;
  list(prefix?: string): AsyncGenerator<string>;
  /**
   * One page of the names under a prefix, in blob order, from where `marker` (a page's `marker` as
   * given back, opaque) left off; `marker` is absent on the last page. One listing call.
   */
  listPage(prefix: string, options: { marker?: string; maxResults: number }): Promise<ListedPage>;
}

export interface ListedPage {
  names: string[];
  marker?: string;
  /** When each of `names` was last written (ms since 1970), in the same order; given by the listing. */
  modifiedMs?: number[];
}

const JSON_TYPE = 'application/json; charset=utf-8';

export class DocumentStore implements EtagDocuments {
  constructor(
    private readonly account: BlobAccount,
    readonly role: ContainerRole,
  ) {}

  /** Reads a JSON document; `undefined` when absent; `StoredDataError` when it breaks the schema. */
  async getJson<T>(name: string, schema: z.ZodType<T>): Promise<{ value: T; etag: string } | undefined> {
    const found = await this.getBytes(name);
    if (!found) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(found.data.toString('utf8'));
    } catch {
      throw new StoredDataError(name, 'not JSON');
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new StoredDataError(name, parsed.error.issues[0]?.message ?? 'schema mismatch');
    return { value: parsed.data, etag: found.etag };
  }

  /** Writes a JSON document; returns its new ETag. Conflicts raise `StateConflictError`. */
  async putJson(name: string, value: unknown, condition?: WriteCondition): Promise<string> {
    return this.putBytes(
      name,
      Buffer.from(JSON.stringify(value), 'utf8'),
      { contentType: JSON_TYPE },
      condition,
    );
  }

  /** Writes a JSON document only if none has that name; else raises `AlreadyExistsError`. */
  async createJson(name: string, value: unknown): Promise<string> {
    return this.putJson(name, value, { ifNoneMatch: '*' });
  }

  async putBytes(
    name: string,
    data: Buffer,
    options: { contentType: string; metadata?: Record<string, string> },
    condition?: WriteCondition,
  ): Promise<string> {
    const container = await this.account.container(this.role);
    try {
      const response = await container.getBlockBlobClient(encodePath(name)).upload(data, data.length, {
        blobHTTPHeaders: { blobContentType: options.contentType },
        metadata: options.metadata && encodeMetadata(options.metadata),
        conditions: condition,
      });
      return response.etag ?? '';
    } catch (error) {
      throw toStorageError(error, name, condition && 'ifNoneMatch' in condition ? 'create' : 'update');
    }
  }

  async getBytes(name: string): Promise<StoredBytes | undefined> {
    const container = await this.account.container(this.role);
    try {
      const response = await container.getBlockBlobClient(encodePath(name)).download();
      const data = await readAll(response.readableStreamBody);
      return {
        data,
        contentType: response.contentType ?? 'application/octet-stream',
        etag: response.etag ?? '',
        metadata: decodeMetadata(response.metadata ?? {}),
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw toStorageError(error, name);
    }
  }

  /** A blob's bytes as a stream (a file answered as it is read); `undefined` when absent. */
  async openBytes(
    name: string,
  ): Promise<{ contentType: string; size: number; body: AsyncIterable<Buffer | string> } | undefined> {
    const container = await this.account.container(this.role);
    try {
      const response = await container.getBlockBlobClient(encodePath(name)).download();
      const body = response.readableStreamBody;
      if (!body) throw new Error(`the download of ${name} has no body`);
      return {
        contentType: response.contentType ?? 'application/octet-stream',
        size: response.contentLength ?? 0,
        body,
      };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw toStorageError(error, name);
    }
  }

  /** Deletes a document; absent is not an error. With `ifMatch`, a changed document is left alone. */
  async delete(name: string, condition?: { ifMatch: string }): Promise<void> {
    const container = await this.account.container(this.role);
    try {
      await container.getBlockBlobClient(encodePath(name)).deleteIfExists({ conditions: condition });
    } catch (error) {
      throw toStorageError(error, name);
    }
  }

  /** Names under a folder prefix (`a/b/`), decoded. */
  async *list(prefix = ''): AsyncGenerator<string> {
    const container = await this.account.container(this.role);
    try {
      for await (const blob of container.listBlobsFlat({ prefix: encodePrefix(prefix) })) {
        yield decodePath(blob.name);
      }
    } catch (error) {
      throw toStorageError(error, prefix);
    }
  }

  async listPage(prefix: string, options: { marker?: string; maxResults: number }): Promise<ListedPage> {
    const container = await this.account.container(this.role);
    try {
      const pages = container
        .listBlobsFlat({ prefix: encodePrefix(prefix) })
        .byPage({ continuationToken: options.marker, maxPageSize: options.maxResults });
      const result = await pages.next();
      const page: ContainerListBlobFlatSegmentResponse | undefined = result.done ? undefined : result.value;
      const blobs = page?.segment.blobItems ?? [];
      const names = blobs.map((blob) => decodePath(blob.name));
      const modifiedMs = blobs.map((blob) => blob.properties.lastModified.getTime());
      const marker = page?.continuationToken;
      return marker ? { names, marker, modifiedMs } : { names, modifiedMs };
    } catch (error) {
      throw toStorageError(error, prefix);
    }
  }
}

/** A folder prefix (`a/b/`) or a name's beginning, encoded as blob names are. */
export function encodePrefix(prefix: string): string {
  return prefix === '' ? '' : encodePath(prefix.replace(/\/$/, '')) + (prefix.endsWith('/') ? '/' : '');
}

function decodePath(blobName: string): string {
  return blobName.split('/').map(decodeKey).join('/');
}

/**
 * Metadata travels as HTTP headers: names come back lower-case (so we write them lower-case; use
 * snake_case names), and values must be ASCII (so they are percent-encoded; any file name survives).
 */
function encodeMetadata(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).map(([key, value]) => [key.toLowerCase(), encodeURIComponent(value)]),
  );
}

function decodeMetadata(metadata: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).map(([key, value]) => {
      try {
        return [key, decodeURIComponent(value)];
      } catch {
        return [key, value];
      }
    }),
  );
}

/** The whole body of a download. */
export async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * JSON documents and bot state in memory, with the contract of the blob-backed ones: every write gets a
 * new ETag, a write with a stale ETag raises `StateConflictError`, a create-only write of an existing name
 * raises `AlreadyExistsError` (`StateConflictError` for bot state), and names list by prefix in the order
 * blob storage lists them. Stored values are copies (kept as JSON text), checked against the schema on
 * read. For tests and for a bot run without storage: nothing survives the process.
 */
import type { z } from 'zod';
import { AlreadyExistsError, StateConflictError, StoredDataError } from '../../core/errors';
import { encodePath } from './blobName';
import { DocumentStateStorage } from './blobStateStorage';
import { encodePrefix, type EtagDocuments, type ListedPage, type WriteCondition } from './documentStore';

interface StoredDocument {
  text: string;
  etag: string;
  /** When it was written (`Date.now()`, so a fake clock sets it). */
  modifiedMs: number;
}

export class MemoryDocuments implements EtagDocuments {
  private readonly documents = new Map<string, StoredDocument>();
  private writes = 0;

  getJson<T>(name: string, schema: z.ZodType<T>): Promise<{ value: T; etag: string } | undefined> {
    const found = this.documents.get(name);
    if (!found) return Promise.resolve(undefined);
    const raw: unknown = JSON.parse(found.text);
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      return Promise.reject(new StoredDataError(name, parsed.error.issues[0]?.message ?? 'schema mismatch'));
    return Promise.resolve({ value: parsed.data, etag: found.etag });
  }

  putJson(name: string, value: unknown, condition?: WriteCondition): Promise<string> {
    const current = this.documents.get(name);
    if (condition && 'ifNoneMatch' in condition && current)
      return Promise.reject(new AlreadyExistsError(name));
    if (condition && 'ifMatch' in condition && current?.etag !== condition.ifMatch)
      return Promise.reject(new StateConflictError(name));
    this.writes += 1;
    const etag = `"0x${this.writes.toString(16).toUpperCase()}"`;
    this.documents.set(name, { text: JSON.stringify(value), etag, modifiedMs: Date.now() });
    return Promise.resolve(etag);
  }

  createJson(name: string, value: unknown): Promise<string> {
    return this.putJson(name, value, { ifNoneMatch: '*' });
  }

  delete(name: string, condition?: { ifMatch: string }): Promise<void> {
    const current = this.documents.get(name);
    if (condition && current?.etag !== condition.ifMatch) return Promise.reject(new StateConflictError(name));
    this.documents.delete(name);
    return Promise.resolve();
  }

  /** Names under a prefix, matched and ordered on their blob names like a container listing. */
  async *list(prefix = ''): AsyncGenerator<string> {
    for (const { name } of this.listed(prefix)) yield await Promise.resolve(name);
  }

  /** A page as a container lists one; the marker is the last blob name given (as Azurite's is). */
  listPage(prefix: string, options: { marker?: string; maxResults: number }): Promise<ListedPage> {
    const after = options.marker;
    const rest = this.listed(prefix).filter(({ blob }) => after === undefined || blob > after);
    const page = rest.slice(0, Math.max(1, options.maxResults));
    const last = page.at(-1);
    const names = page.map(({ name }) => name);
    const modifiedMs = page.map(({ name }) => this.documents.get(name)?.modifiedMs ?? 0);
    return Promise.resolve(
      rest.length > page.length && last ? { names, marker: last.blob, modifiedMs } : { names, modifiedMs },
    );
  }

  private listed(prefix: string): { name: string; blob: string }[] {
    const encoded = encodePrefix(prefix);
    return [...this.documents.keys()]
      .map((name) => ({ name, blob: encodePath(name) }))
      .filter(({ blob }) => blob.startsWith(encoded))
      .sort((a, b) => (a.blob < b.blob ? -1 : a.blob > b.blob ? 1 : 0));
  }
}

/** Bot state (an `EtagStorage`) over `MemoryDocuments`, with the ETag semantics of `BlobStateStorage`. */
export class MemoryStateStorage extends DocumentStateStorage {
  /** `documents` may be shared with what keeps other documents beside the state (memberships). */
  constructor(documents: MemoryDocuments = new MemoryDocuments()) {
    super(documents);
  }
}

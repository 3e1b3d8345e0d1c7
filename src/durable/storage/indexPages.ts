/**
 * Paging over an index kept as blob names under a prefix (the names sort as the listing should run):
 * one listing call per storage page, resumable from an `IndexPosition` (the page's marker and the last
 * name given from it), so a page costs one call however deep it is, and names added before the position
 * (a newer entry in a newest-first index) never shift what the next page holds.
 */
import { encodePath } from './blobName';
import type { EtagDocuments } from './documentStore';
import type { IndexPosition } from './indexCursor';

/** What a listed name is to the caller: wanted, passed over, or the end (all further names are beyond). */
export type NameVerdict = 'take' | 'skip' | 'stop';

export interface IndexPageRequest {
  prefix: string;
  from?: IndexPosition;
  limit: number;
  judge?: (name: string) => NameVerdict;
  /** Names asked of storage per call (it may give fewer); at most 5000. */
  pageSize?: number;
}

export interface IndexPage {
  names: string[];
  /** Where the next page begins; absent when no further name was taken. */
  next?: IndexPosition;
  /** Listing calls made. */
  calls: number;
}

export async function readIndexPage(documents: EtagDocuments, request: IndexPageRequest): Promise<IndexPage> {
  const judge = request.judge ?? (() => 'take');
  const pageSize = Math.min(5000, request.pageSize ?? Math.max(request.limit + 1, 250));
  let marker = request.from?.marker;
  let after = request.from?.after === undefined ? undefined : encodePath(request.from.after);
  const names: string[] = [];
  let calls = 0;
  for (;;) {
    const page = await documents.listPage(request.prefix, {
      ...(marker === undefined ? {} : { marker }),
      maxResults: pageSize,
    });
    calls += 1;
    for (const name of page.names) {
      if (after !== undefined && encodePath(name) <= after) continue;
      const verdict = judge(name);
      if (verdict === 'stop') return { names, calls };
      if (verdict === 'skip') continue;
      const last = names.at(-1);
      if (names.length >= request.limit && last !== undefined)
        return { names, next: { ...(marker === undefined ? {} : { marker }), after: last }, calls };
      names.push(name);
    }
    if (page.marker === undefined) return { names, calls };
    marker = page.marker;
    after = undefined;
  }
}

/** A page of an index as its caller shows it: entries turned into items, some of which may drop out. */
export interface FilledPage<T> {
  items: T[];
  /** The cursor of the next page; `undefined` after the last. */
  next: string | undefined;
  /** Storage calls made. */
  calls: number;
}

/**
 * Fills a page of `limit` items from an index whose entries are checked against their documents (an
 * entry a crash or a change under way left stale is passed over): reads pages of entries, resolves
 * them, and reads on from the next cursor while the page is short and the index has more.
 */
export async function fillPage<E, T>(
  request: { limit: number; cursor?: string },
  entries: (
    limit: number,
    cursor: string | undefined,
  ) => Promise<{ entries: E[]; next?: string; calls: number }>,
  resolve: (entry: E) => Promise<T | undefined>,
): Promise<FilledPage<T>> {
  const items: T[] = [];
  let cursor = request.cursor;
  let calls = 0;
  do {
    const page = await entries(request.limit - items.length, cursor);
    const resolved = await Promise.all(page.entries.map(resolve));
    calls += page.calls + page.entries.length;
    for (const item of resolved) if (item !== undefined) items.push(item);
    cursor = page.next;
  } while (cursor !== undefined && items.length < request.limit);
  return { items, next: cursor, calls };
}

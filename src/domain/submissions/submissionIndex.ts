/**
 * The submission index: an empty-bodied entry per submission in each of its views (see
 * `submissionNames.ts`), listed newest first. A view is chosen by the community and status asked for;
 * the type (the reference's prefix) and the time range are read from the entries' names, so no filter
 * costs a read. The status views may hold a stale entry for a moment (a status change writes the new
 * entries before the document and deletes the old ones after it): the listing checks the status on the
 * document it reads anyway.
 */
import { InvalidValueError } from '../../core/errors';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { IndexCursors } from '../../durable/storage/indexCursor';
import { readIndexPage, type NameVerdict } from '../../durable/storage/indexPages';
import { SUBMISSION_STATUSES, type SubmissionStatus } from './submission';
import { parseEntry, viewPrefix, type IndexEntry } from './submissionNames';
import type { SubmissionTypes } from './submissionTypes';

export interface SubmissionFilters {
  type?: string;
  status?: SubmissionStatus;
  community?: string;
  /** Made at or after this time. */
  since?: Date;
  /** Made before this time. */
  until?: Date;
}

export interface PageRequest {
  limit: number;
  /** The `next` of the page before; `InvalidCursorError` when it was changed or made for other filters. */
  cursor?: string;
}

export const MAX_LIMIT = 200;

export class SubmissionIndex {
  private readonly cursors: IndexCursors;

  constructor(
    private readonly documents: EtagDocuments,
    private readonly types: SubmissionTypes,
    options: { cursorKey?: string } = {},
  ) {
    this.cursors = new IndexCursors(options.cursorKey);
  }

  async put(names: readonly string[]): Promise<void> {
    await Promise.all(names.map((name) => this.documents.putJson(name, {})));
  }

  async remove(names: readonly string[]): Promise<void> {
    await Promise.all(names.map((name) => this.documents.delete(name)));
  }

  /** One page of entries, newest first, and the cursor of the next (absent after the last). */
  async page(
    filters: SubmissionFilters,
    request: PageRequest,
  ): Promise<{ entries: IndexEntry[]; next?: string; calls: number }> {
    checkFilters(filters, request, this.types);
    const view = viewPrefix(filters);
    const query = queryOf(filters);
    const from = request.cursor === undefined ? undefined : this.cursors.decode(request.cursor, query);
    const prefix = filters.type === undefined ? undefined : `${this.types.prefixOf(filters.type)}-`;
    const judge = (name: string): NameVerdict => {
      const entry = parseEntry(view, name);
      if (!entry) return 'skip';
      if (filters.since && entry.createdAt < filters.since) return 'stop';
      if (filters.until && entry.createdAt >= filters.until) return 'skip';
      return prefix === undefined || entry.reference.startsWith(prefix) ? 'take' : 'skip';
    };
    const page = await readIndexPage(this.documents, {
      prefix: view,
      limit: request.limit,
      judge,
      ...(from ? { from } : {}),
    });
    const entries = page.names.flatMap((name) => parseEntry(view, name) ?? []);
    return {
      entries,
      ...(page.next ? { next: this.cursors.encode(query, page.next) } : {}),
      calls: page.calls,
    };
  }
}

function checkFilters(filters: SubmissionFilters, request: PageRequest, types: SubmissionTypes): void {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_LIMIT)
    throw new InvalidValueError({ field: 'limit', takes: `a whole number from 1 to ${MAX_LIMIT}` });
  if (filters.type !== undefined && !types.types.includes(filters.type))
    throw new InvalidValueError({ field: 'type', takes: `one of ${types.types.join(', ')}` });
  if (filters.status !== undefined && !SUBMISSION_STATUSES.includes(filters.status))
    throw new InvalidValueError({ field: 'status', takes: `one of ${SUBMISSION_STATUSES.join(', ')}` });
  for (const field of ['since', 'until'] as const) {
    const time = filters[field];
    if (time !== undefined && Number.isNaN(time.getTime()))
      throw new InvalidValueError({ field: field, takes: 'a date and time (ISO 8601)' });
  }
}

/** The filters as stable text, which a cursor is bound to. */
function queryOf(filters: SubmissionFilters): string {
  return JSON.stringify([
    filters.type ?? null,
    filters.status ?? null,
    filters.community ?? null,
    filters.since?.toISOString() ?? null,
    filters.until?.toISOString() ?? null,
  ]);
}

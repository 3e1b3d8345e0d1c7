/**
 * A page of submissions from the index: the entries' page, then each submission read by the name its
 * entry gives. An entry whose document is absent (a create a crash cut short) or whose status is no
 * longer the one listed (a status change under way or cut short) is passed over, and the page is topped
 * up from the next entries, so a page holds `limit` submissions unless the selection ends first.
 *
 * Storage calls per page: one listing per 250 entries passed over by name (type, time), at least one,
 * and one read per submission shown (and per stale entry passed over).
 */
import type { z } from 'zod';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { fillPage, type FilledPage } from '../../durable/storage/indexPages';
import type { Submission } from './submission';
import type { PageRequest, SubmissionFilters, SubmissionIndex } from './submissionIndex';
import { documentName } from './submissionNames';

export type SubmissionPage = FilledPage<Submission>;

export function listSubmissions(
  documents: EtagDocuments,
  index: SubmissionIndex,
  schema: z.ZodType<Submission>,
  filters: SubmissionFilters,
  request: PageRequest,
): Promise<SubmissionPage> {
  return fillPage(
    request,
    (limit, cursor) => index.page(filters, { limit, ...(cursor === undefined ? {} : { cursor }) }),
    async (entry) => {
      const name = documentName(entry.person, entry.createdAt.toISOString(), entry.reference);
      const found = await documents.getJson(name, schema);
      return found && (filters.status === undefined || found.value.status === filters.status)
        ? found.value
        : undefined;
    },
  );
}

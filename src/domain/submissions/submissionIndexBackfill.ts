/**
 * Index entries for the submissions stored before the index existed: every document under `by-user/`
 * is read and its entries written (a write of an entry that exists changes nothing). Run once per store
 * (a marker records it), on the first list or status change of each process; `SubmissionStore.ready()`
 * runs it at start instead.
 */
import { z } from 'zod';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { inBatches, OneTimeTask, passOverBroken } from '../../durable/storage/oneTimeTask';
import { SUBMISSION_STATUSES } from './submission';
import type { SubmissionIndex } from './submissionIndex';
import { fixedEntries, INDEX_ROOT, parseDocumentName, statusEntries } from './submissionNames';

/** Only what the entries need: a document that breaks its type's schema is still indexed (and found). */
const indexedSchema = z.object({
  reference: z.string(),
  createdAt: z.string(),
  user: z.object({ channel: z.string(), id: z.string() }),
  community: z.object({ id: z.string() }),
  status: z.enum(SUBMISSION_STATUSES),
});

export function submissionIndexBackfill(documents: EtagDocuments, index: SubmissionIndex): OneTimeTask {
  return new OneTimeTask(documents, `${INDEX_ROOT}backfilled.json`, () =>
    inBatches(documents.list('by-user/'), 16, async (name) => {
      const named = parseDocumentName(name);
      const found = named && (await documents.getJson(name, indexedSchema).catch(passOverBroken));
      if (!named || !found) return;
      // The entries follow the document's name (the listing reads the document by it).
      const indexed = { ...found.value, createdAt: named.createdAt, reference: named.reference };
      await index.put([...fixedEntries(indexed), ...statusEntries(indexed, indexed.status)]);
    }),
  );
}

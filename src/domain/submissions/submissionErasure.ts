/**
 * A person's submissions after their erasure: the organisation keeps what it must (reference, type,
 * community, status and its history, dates, the line written to) and nothing of the person (their id,
 * name, text, location, the type's fields, media). The redacted document moves out of the person's
 * folder to `by-user/<channel>/~erased/<created>_<reference>.json` (`~` is in no channel's user ids), so
 * the reference marker, the index and every listing find it as they find any other.
 *
 * The steps run in an order a rerun after a crash finishes: the media, the redacted document, its index
 * entries, the marker re-pointed, the old entries, and last the person's document (what a rerun starts from).
 */
import type { z } from 'zod';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { passOverBroken } from '../../durable/storage/oneTimeTask';
import type { Person } from '../communities/community';
import { SUBMISSION_STATUSES, type Submission } from './submission';
import type { SubmissionIndex } from './submissionIndex';
import { documentName, fixedEntries, folderOf, refName, statusEntries } from './submissionNames';

/** The user id an erased person's submissions carry. */
export const ERASED_USER_ID = '~erased';

export interface SubmissionErasure {
  documents: EtagDocuments;
  index: SubmissionIndex;
  schema: z.ZodType<Submission>;
  /** Deletes media blobs by name (the submission's voice notes and photos). */
  deleteMedia: (blobNames: string[]) => Promise<unknown>;
}

/** Redacts each of the person's submissions; returns how many. */
export async function eraseSubmissions(person: Person, through: SubmissionErasure): Promise<number> {
  const { documents, index, schema } = through;
  const names: string[] = [];
  for await (const name of documents.list(folderOf(person))) names.push(name);
  for (const name of names) {
    const found = await documents.getJson(name, schema).catch(passOverBroken);
    if (found) {
      const original = found.value;
      await through.deleteMedia(
        original.media.flatMap((m) => (m.blobName === undefined ? [] : [m.blobName])),
      );
      const redacted = redact(original, schema);
      const moved = documentName(redacted.user, redacted.createdAt, redacted.reference);
      await documents.putJson(moved, redacted);
      await index.put([...fixedEntries(redacted), ...statusEntries(redacted, redacted.status)]);
      await documents.putJson(refName(original.reference), { name: moved });
      await index.remove([
        ...fixedEntries(original),
        ...SUBMISSION_STATUSES.flatMap((status) => statusEntries(original, status)),
      ]);
    }
    await documents.delete(name);
  }
  return names.length;
}

/** What is kept of a submission; the type's fields too only where its schema requires them. */
function redact(submission: Submission, schema: z.ZodType<Submission>): Submission {
  const { location: _location, text: _text, fields, ...kept } = submission;
  const base = { ...kept, user: { channel: submission.user.channel, id: ERASED_USER_ID }, media: [] };
  const withoutFields = schema.safeParse(base);
  return withoutFields.success ? withoutFields.data : schema.parse({ ...base, fields });
}

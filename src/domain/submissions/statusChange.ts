/**
 * A submission's status changed by an operator: the change is added to its history (who, when, note),
 * written with the document's ETag and tried again on a lost race, so no concurrent change is lost; the
 * index entries of the status views move with it. What the person must be told comes back with it
 * (their channel and id, the line they wrote to, their language); telling them is the caller's part.
 *
 * The order keeps every list correct through a crash or a race at any point: the new status's entries
 * are written before the document, so a submission is never missing from its status's view; after it,
 * the entries are settled (`settleEntries`). A stale entry left for a moment, or by a crash, is passed
 * over by lists, which check the status on the document they read, and removed by the next change.
 *
 * Storage calls, with no race: 2 reads (marker, document), 2 entry writes, 1 document write, then 2
 * reads, 8 entry deletes and 2 entry writes to settle: 17. A lost race costs one more round of each.
 */
import { InvalidValueError, NotFoundError, StateConflictError } from '../../core/errors';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import type { Person } from '../communities/community';
import { SUBMISSION_STATUSES, type Submission, type SubmissionStatus } from './submission';
import type { SubmissionIndex } from './submissionIndex';
import { statusEntries } from './submissionNames';
import type { SubmissionTypes } from './submissionTypes';

export interface StatusChange {
  status: string;
  note?: string;
  /** Who changed it (an operator key's name). */
  by: string;
}

/** Whom to tell of a change, and what. */
export interface StatusNotice {
  to: Person;
  /** The number or page the person wrote to, when the submission recorded it. */
  line?: Submission['line'];
  locale: Submission['locale'];
  reference: string;
  status: SubmissionStatus;
  note?: string;
}

export interface StatusChanged {
  submission: Submission;
  notice: StatusNotice;
}

/** What a status change needs of the store it changes (`SubmissionStore`). */
export interface StatusStore {
  readonly types: SubmissionTypes;
  readonly index: SubmissionIndex;
  located(reference: string): Promise<{ name: string; value: Submission; etag: string } | undefined>;
}

const MAX_NOTE = 2000;
const ATTEMPTS = 10;

export async function changeStatus(
  store: StatusStore,
  documents: EtagDocuments,
  change: StatusChange,
  reference: string,
  now: Date,
): Promise<StatusChanged> {
  const status = checked(change);
  for (let attempt = 1; ; attempt += 1) {
    const found = await store.located(reference);
    if (!found) throw new NotFoundError('submission', reference);
    const previous = found.value.status;
    const next = store.types.schema.parse({
      ...found.value,
      status,
      statusHistory: [
        ...found.value.statusHistory,
        {
          status,
          at: now.toISOString(),
          by: change.by,
          ...(change.note === undefined ? {} : { note: change.note }),
        },
      ],
    });
    const moves = previous !== status;
    if (moves) await store.index.put(statusEntries(next, status));
    try {
      await documents.putJson(found.name, next, { ifMatch: found.etag });
    } catch (error) {
      if (error instanceof StateConflictError && attempt < ATTEMPTS) continue;
      throw error;
    }
    if (moves) await settleEntries(store, documents, found.name);
    return { submission: next, notice: noticeOf(next, change.note) };
  }
}

/**
 * Leaves the status views holding the submission under its current status only: reads it, deletes its
 * entries of every other status, writes those of its status, and reads it again; a change written in
 * between (whose own settling may have come before these deletions) means once more.
 */
async function settleEntries(store: StatusStore, documents: EtagDocuments, name: string): Promise<void> {
  for (let round = 0; round < ATTEMPTS; round += 1) {
    const before = await documents.getJson(name, store.types.schema);
    if (!before) return;
    const others = SUBMISSION_STATUSES.filter((s) => s !== before.value.status);
    await store.index.remove(others.flatMap((status) => statusEntries(before.value, status)));
    await store.index.put(statusEntries(before.value, before.value.status));
    const after = await documents.getJson(name, store.types.schema);
    if (after?.etag === before.etag) return;
  }
}

function checked(change: StatusChange): SubmissionStatus {
  const status = SUBMISSION_STATUSES.find((s) => s === change.status);
  if (status === undefined)
    throw new InvalidValueError({ field: 'status', takes: `one of ${SUBMISSION_STATUSES.join(', ')}` });
  if (change.note !== undefined && change.note.length > MAX_NOTE)
    throw new InvalidValueError({ field: 'note', takes: `at most ${MAX_NOTE} characters` });
  if (change.by.trim() === '') throw new InvalidValueError({ field: 'by', takes: 'who made the change' });
  return status;
}

function noticeOf(submission: Submission, note: string | undefined): StatusNotice {
  return {
    to: { channel: submission.user.channel, id: submission.user.id },
    ...(submission.line ? { line: submission.line } : {}),
    locale: submission.locale,
    reference: submission.reference,
    status: submission.status,
    ...(note === undefined ? {} : { note }),
  };
}

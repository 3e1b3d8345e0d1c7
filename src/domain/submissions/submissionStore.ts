/**
 * Submissions in blob storage: `by-user/<channel>/<user>/<created>_<reference>.json`, so a person's
 * submissions list in order without an index; `refs/<reference>.json`, a create-only marker that keeps
 * references unique and finds a submission by reference; and the index (`index/...`, see
 * `submissionIndex.ts`), which lists all of them by community, status, type and time.
 */
import { z } from 'zod';
import { AlreadyExistsError, NotFoundError, StateConflictError } from '../../core/errors';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import type { OneTimeTask } from '../../durable/storage/oneTimeTask';
import type { Person } from '../communities/community';
import { changeStatus, type StatusChange, type StatusChanged } from './statusChange';
import { SUBMISSION_STATUSES, type Submission, type SubmissionStatus } from './submission';
import { MAX_LIMIT, SubmissionIndex, type PageRequest, type SubmissionFilters } from './submissionIndex';
import { submissionIndexBackfill } from './submissionIndexBackfill';
import { eraseSubmissions } from './submissionErasure';
import { listSubmissions, type SubmissionPage } from './submissionListing';
import { documentName, fixedEntries, folderOf, refName, statusEntries } from './submissionNames';
import type { SubmissionTypes } from './submissionTypes';

const refSchema = z.object({ name: z.string() });

export type NewSubmission = Omit<
  Submission,
  'reference' | 'createdAt' | 'status' | 'statusHistory' | 'backend'
>;

export class SubmissionStore {
  readonly index: SubmissionIndex;
  private readonly backfill: OneTimeTask;

  constructor(
    private readonly documents: EtagDocuments,
    /** The types this bot serves: their prefixes and fields make the documents' schema. */
    readonly types: SubmissionTypes,
    /** `cursorKey`: a secret of the deployment's that seals list cursors (else they are checked, not sealed). */
    options: { cursorKey?: string } = {},
  ) {
    this.index = new SubmissionIndex(documents, types, options);
    this.backfill = submissionIndexBackfill(documents, this.index);
  }

  /** Indexes the submissions stored before the index (once per store); lists and changes wait for it. */
  ready(): Promise<void> {
    return this.backfill.ensure();
  }

  /**
   * Stores a new submission under a fresh, unique reference: the marker, then its index entries, then
   * the document, so a stored submission is always indexed (an entry whose document a crash left
   * unwritten is passed over by lists).
   */
  async create(input: NewSubmission, now = new Date()): Promise<Submission> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reference = this.types.newReference(input.type);
      const createdAt = now.toISOString();
      const name = documentName(input.user, createdAt, reference);
      try {
        await this.documents.createJson(refName(reference), { name });
      } catch (error) {
        if (error instanceof AlreadyExistsError) continue;
        throw error;
      }
      const submission = this.types.schema.parse({
        ...input,
        reference,
        createdAt,
        status: 'submitted',
        statusHistory: [{ status: 'submitted', at: createdAt }],
      });
      await this.index.put([...fixedEntries(submission), ...statusEntries(submission, 'submitted')]);
      await this.documents.createJson(name, submission);
      return submission;
    }
    throw new Error('Could not find a free submission reference');
  }

  async byReference(reference: string): Promise<{ submission: Submission; etag: string } | undefined> {
    const found = await this.located(reference);
    return found && { submission: found.value, etag: found.etag };
  }

  /** Where a submission's document is, and the document; `undefined` when there is none. */
  async located(reference: string): Promise<{ name: string; value: Submission; etag: string } | undefined> {
    const ref = await this.documents.getJson(refName(reference), refSchema);
    if (!ref) return undefined;
    const found = await this.documents.getJson(ref.value.name, this.types.schema);
    return found && { name: ref.value.name, ...found };
  }

  /** All submissions, newest first, filtered; see `SubmissionIndex` for what each costs. */
  async list(filters: SubmissionFilters, request: PageRequest): Promise<SubmissionPage> {
    await this.ready();
    return listSubmissions(this.documents, this.index, this.types.schema, filters, request);
  }

  /**
   * How many submissions each status has, with the other filters: counted on the index's names (one
   * listing call per 200 of each status), no document read. A status change in flight may count once in
   * both its statuses for that moment.
   */
  async countByStatus(filters: Omit<SubmissionFilters, 'status'>): Promise<Record<SubmissionStatus, number>> {
    await this.ready();
    const count = async (status: SubmissionStatus): Promise<number> => {
      let total = 0;
      let cursor: string | undefined;
      do {
        const page = await this.index.page(
          { ...filters, status },
          { limit: MAX_LIMIT, ...(cursor ? { cursor } : {}) },
        );
        total += page.entries.length;
        cursor = page.next;
      } while (cursor !== undefined);
      return total;
    };
    const byStatus: Record<SubmissionStatus, number> = {
      ...{ submitted: 0, under_review: 0, accepted: 0, resolved: 0, rejected: 0 },
    };
    await Promise.all(
      SUBMISSION_STATUSES.map(async (status) => {
        byStatus[status] = await count(status);
      }),
    );
    return byStatus;
  }

  /** Changes a submission's status, adding it to the history; says whom to tell. */
  async changeStatus(reference: string, change: StatusChange, now = new Date()): Promise<StatusChanged> {
    await this.ready();
    return changeStatus(this, this.documents, change, reference, now);
  }

  /** A person's submissions, newest first. */
  async of(person: Person): Promise<Submission[]> {
    return (await this.page(person, 0, Number.MAX_SAFE_INTEGER)).items;
  }

  /** One page of a person's submissions, newest first, and how many there are in all. */
  async page(person: Person, offset: number, limit: number): Promise<{ total: number; items: Submission[] }> {
    const names: string[] = [];
    for await (const name of this.documents.list(folderOf(person))) names.push(name);
    const shown = names
      .sort()
      .reverse()
      .slice(offset, offset + limit);
    const found = await Promise.all(shown.map((name) => this.documents.getJson(name, this.types.schema)));
    return { total: names.length, items: found.flatMap((f) => (f ? [f.value] : [])) };
  }

  /** Redacts the person's submissions (their erasure, `submissionErasure.ts`); returns how many. */
  async erase(person: Person, deleteMedia: (blobNames: string[]) => Promise<unknown>): Promise<number> {
    return eraseSubmissions(person, {
      documents: this.documents,
      index: this.index,
      schema: this.types.schema,
      deleteMedia,
    });
  }

  /**
   * Replaces a submission (the backend's outcome), guarded by its ETag and tried again on a lost race.
   * Not for its status: `changeStatus` moves the index entries with it.
   */
  async update(reference: string, change: (current: Submission) => Submission): Promise<Submission> {
    for (let attempt = 1; ; attempt += 1) {
      const found = await this.located(reference);
      if (!found) throw new NotFoundError('submission', reference);
      const next = this.types.schema.parse(change(found.value));
      if (next.status !== found.value.status)
        throw new TypeError('SubmissionStore.update does not change a status: use changeStatus');
      try {
        await this.documents.putJson(found.name, next, { ifMatch: found.etag });
        return next;
      } catch (error) {
        if (!(error instanceof StateConflictError) || attempt >= 5) throw error;
      }
    }
  }
}

/**
 * Submissions in blob storage: `by-user/<channel>/<user>/<created>_<reference>.json`, so a person's
 * submissions list in order without an index, and `refs/<reference>.json`, a create-only marker that
 * keeps references unique and finds a submission by reference.
 */
import { z } from 'zod';
import { AlreadyExistsError } from '../../core/errors';
import { pathSegment } from '../../durable/storage/blobName';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import type { Person } from '../communities/community';
import type { Submission } from './submission';
import type { SubmissionTypes } from './submissionTypes';

const refSchema = z.object({ name: z.string() });

export type NewSubmission = Omit<
  Submission,
  'reference' | 'createdAt' | 'status' | 'statusHistory' | 'backend'
>;

export class SubmissionStore {
  constructor(
    private readonly documents: EtagDocuments,
    /** The types this bot serves: their prefixes and fields make the documents' schema. */
    readonly types: SubmissionTypes,
  ) {}

  /** Stores a new submission under a fresh, unique reference. */
  async create(input: NewSubmission, now = new Date()): Promise<Submission> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reference = this.types.newReference(input.type);
      const name = `${folderOf(input.user)}${now.toISOString()}_${reference}.json`;
      try {
        await this.documents.createJson(`refs/${reference}.json`, { name });
      } catch (error) {
        if (error instanceof AlreadyExistsError) continue;
        throw error;
      }
      const submission = this.types.schema.parse({
        ...input,
        reference,
        createdAt: now.toISOString(),
        status: 'submitted',
        statusHistory: [{ status: 'submitted', at: now.toISOString() }],
      });
      await this.documents.createJson(name, submission);
      return submission;
    }
    throw new Error('Could not find a free submission reference');
  }

  async byReference(reference: string): Promise<{ submission: Submission; etag: string } | undefined> {
    const ref = await this.documents.getJson(`refs/${reference}.json`, refSchema);
    if (!ref) return undefined;
    const found = await this.documents.getJson(ref.value.name, this.types.schema);
    return found && { submission: found.value, etag: found.etag };
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

  /** Replaces a submission (status changes, backend outcome), guarded by its ETag. */
  async update(reference: string, change: (current: Submission) => Submission): Promise<Submission> {
    const ref = await this.documents.getJson(`refs/${reference}.json`, refSchema);
    if (!ref) throw new Error(`No submission ${reference}`);
    const found = await this.documents.getJson(ref.value.name, this.types.schema);
    if (!found) throw new Error(`No submission ${reference}`);
    const next = this.types.schema.parse(change(found.value));
    await this.documents.putJson(ref.value.name, next, { ifMatch: found.etag });
    return next;
  }
}

/** A person's folder; ids are escaped so one id's folder never contains another's. */
function folderOf(person: Person): string {
  return `by-user/${pathSegment(person.channel)}/${pathSegment(person.id)}/`;
}

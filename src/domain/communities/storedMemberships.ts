/**
 * Memberships kept in our storage (with the GeoJSON directory): one JSON document per person, written
 * with its ETag so two turns cannot lose each other's join, and the index of each community's members
 * (`communityMembers.ts`) kept in step: a join writes the entry before the document and again after it,
 * a leave deletes it after the document, then reads the document again and puts the entry back if a join
 * won meanwhile. So a member is never missing from the index; a stale entry is passed over by `membersOf`,
 * which checks each against the person's document. Memberships stored before the index are indexed
 * once (a marker records it), on the first `membersOf` of each process, or at start through `ready()`.
 */
import { z } from 'zod';
import { AlreadyExistsError, StateConflictError } from '../../core/errors';
import { idOfSegment, pathSegment } from '../../durable/storage/blobName';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { fillPage, type FilledPage } from '../../durable/storage/indexPages';
import { inBatches, OneTimeTask, passOverBroken } from '../../durable/storage/oneTimeTask';
import { CommunityMembers } from './communityMembers';
import { communitySchema, type Community, type Memberships, type Person } from './community';

const membershipSchema = z.object({
  communities: z.array(communitySchema.omit({ center: true }).extend({ joinedAt: z.string() })),
  lastUsedId: z.string().optional(),
});
type Membership = z.infer<typeof membershipSchema>;

/** How long a person's memberships are reused within this process (one turn reads them several times). */
const CACHE_MS = 2_000;

export class StoredMemberships implements Memberships {
  private readonly cache = new Map<string, { at: number; value: Membership | undefined }>();
  private readonly members: CommunityMembers;
  private readonly backfill: OneTimeTask;

  constructor(
    private readonly documents: EtagDocuments,
    /** `cursorKey`: a secret of the deployment's that seals member-list cursors. */
    options: { cursorKey?: string } = {},
  ) {
    this.members = new CommunityMembers(documents, options);
    this.backfill = new OneTimeTask(documents, 'members-by-community.indexed.json', () =>
      inBatches(documents.list('members/'), 16, (name) => this.indexStored(name)),
    );
  }

  /** Indexes the memberships stored before the index (once per store); `membersOf` waits for it. */
  ready(): Promise<void> {
    return this.backfill.ensure();
  }

  /**
   * One page of a community's members (for a broadcast), and the cursor of the next. Storage calls per
   * page: one listing, and one read per member listed (and per stale entry passed over).
   */
  async membersOf(
    communityId: string,
    request: { limit: number; cursor?: string },
  ): Promise<FilledPage<Person>> {
    await this.ready();
    return fillPage(
      request,
      (limit, cursor) =>
        this.members.page(communityId, { limit, ...(cursor === undefined ? {} : { cursor }) }),
      async (person) => {
        const found = await this.documents.getJson(nameOf(person), membershipSchema);
        return found?.value.communities.some((c) => c.id === communityId) ? person : undefined;
      },
    );
  }

  async of(person: Person): Promise<Community[]> {
    const name = nameOf(person);
    const cached = this.cache.get(name);
    const fresh = cached && Date.now() - cached.at < CACHE_MS ? cached : undefined;
    const membership = fresh ? fresh.value : (await this.documents.getJson(name, membershipSchema))?.value;
    if (!fresh) this.remember(name, membership);
    const found = membership && { value: membership };
    if (!found) return [];
    const list = found.value.communities.map(({ joinedAt: _joinedAt, ...community }) => community);
    const last = list.findIndex((c) => c.id === found.value.lastUsedId);
    return last <= 0
      ? list
      : [list[last], ...list.slice(0, last), ...list.slice(last + 1)].filter((c) => c !== undefined);
  }

  async join(person: Person, community: Community): Promise<void> {
    await this.members.add(person, [community.id]);
    await this.change(person, (current) => ({
      communities: current.communities.some((c) => c.id === community.id)
        ? current.communities
        : [...current.communities, { ...community, joinedAt: new Date().toISOString() }],
      lastUsedId: community.id,
    }));
    await this.members.add(person, [community.id]);
  }

  /** The person leaves a community (nothing happens if they were not in it). */
  async leave(person: Person, communityId: string): Promise<void> {
    await this.change(person, (current) => ({
      communities: current.communities.filter((c) => c.id !== communityId),
      ...(current.lastUsedId === communityId || current.lastUsedId === undefined
        ? {}
        : { lastUsedId: current.lastUsedId }),
    }));
    await this.members.remove(person, communityId);
    const after = await this.documents.getJson(nameOf(person), membershipSchema);
    if (after?.value.communities.some((c) => c.id === communityId))
      await this.members.add(person, [communityId]);
  }

  /**
   * Deletes the person's memberships (their erasure): the index entries first, then the document, so a
   * rerun after a crash still finds the communities to clear. Returns how many documents were deleted.
   */
  async erase(person: Person): Promise<number> {
    const name = nameOf(person);
    this.cache.delete(name);
    const found = await this.documents.getJson(name, membershipSchema).catch(passOverBroken);
    for (const community of found?.value.communities ?? []) await this.members.remove(person, community.id);
    await this.documents.delete(name);
    this.cache.delete(name);
    return (found ? 1 : 0) + (found?.value.communities.length ?? 0);
  }

  use(person: Person, communityId: string): Promise<void> {
    return this.change(person, (current) => ({ ...current, lastUsedId: communityId }));
  }

  private remember(name: string, value: Membership | undefined): void {
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(name, { at: Date.now(), value });
  }

  private async change(
    person: Person,
    update: (current: Membership) => Membership,
    attempt = 1,
  ): Promise<void> {
    const name = nameOf(person);
    this.cache.delete(name);
    const found = await this.documents.getJson(name, membershipSchema);
    const next = update(found?.value ?? { communities: [] });
    try {
      await this.documents.putJson(name, next, found ? { ifMatch: found.etag } : { ifNoneMatch: '*' });
      this.remember(name, next);
    } catch (error) {
      const conflict = error instanceof StateConflictError || error instanceof AlreadyExistsError;
      if (conflict && attempt < 3) return this.change(person, update, attempt + 1);
      throw error;
    }
  }

  /** Index entries for one stored membership document (idempotent). */
  private async indexStored(name: string): Promise<void> {
    const [root, channel, file, ...rest] = name.split('/');
    if (root !== 'members' || !channel || !file?.endsWith('.json') || rest.length > 0) return;
    const person = { channel: idOfSegment(channel), id: idOfSegment(file.slice(0, -'.json'.length)) };
    const found = await this.documents.getJson(name, membershipSchema).catch(passOverBroken);
    if (found)
      await this.members.add(
        person,
        found.value.communities.map((c) => c.id),
      );
  }
}

function nameOf(person: Person): string {
  return `members/${pathSegment(person.channel)}/${pathSegment(person.id)}.json`;
}

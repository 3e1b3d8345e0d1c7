/**
 * Memberships kept in our storage (with the GeoJSON directory): one JSON document per person, written
 * with its ETag so two turns cannot lose each other's join.
 */
import { z } from 'zod';
import { AlreadyExistsError, StateConflictError } from '../../core/errors';
import { pathSegment } from '../../durable/storage/blobName';
import type { EtagDocuments } from '../../durable/storage/documentStore';
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

  constructor(private readonly documents: EtagDocuments) {}

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

  join(person: Person, community: Community): Promise<void> {
    return this.change(person, (current) => ({
      communities: current.communities.some((c) => c.id === community.id)
        ? current.communities
        : [...current.communities, { ...community, joinedAt: new Date().toISOString() }],
      lastUsedId: community.id,
    }));
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
}

function nameOf(person: Person): string {
  return `members/${pathSegment(person.channel)}/${pathSegment(person.id)}.json`;
}

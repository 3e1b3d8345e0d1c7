/**
 * Memberships kept in our storage (with the GeoJSON directory): one JSON document per person, written
 * with its ETag so two turns cannot lose each other's join.
 */
import { z } from 'zod';
import { AlreadyExistsError, StateConflictError } from '../errors';
import type { DocumentStore } from '../storage/documentStore';
import type { Community, Memberships, Person } from './community';

const membershipSchema = z.object({
  communities: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().optional(),
      organization: z.string().optional(),
      state: z.string().optional(),
      district: z.string().optional(),
      joinedAt: z.string(),
    }),
  ),
  lastUsedId: z.string().optional(),
});
type Membership = z.infer<typeof membershipSchema>;

export class StoredMemberships implements Memberships {
  constructor(private readonly documents: DocumentStore) {}

  async of(person: Person): Promise<Community[]> {
    const found = await this.documents.getJson(nameOf(person), membershipSchema);
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

  private async change(
    person: Person,
    update: (current: Membership) => Membership,
    attempt = 1,
  ): Promise<void> {
    const name = nameOf(person);
    const found = await this.documents.getJson(name, membershipSchema);
    const next = update(found?.value ?? { communities: [] });
    try {
      await this.documents.putJson(name, next, found ? { ifMatch: found.etag } : { ifNoneMatch: '*' });
    } catch (error) {
      const conflict = error instanceof StateConflictError || error instanceof AlreadyExistsError;
      if (conflict && attempt < 3) return this.change(person, update, attempt + 1);
      throw error;
    }
  }
}

function nameOf(person: Person): string {
  return `members/${person.channel}/${person.id}.json`;
}

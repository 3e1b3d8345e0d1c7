/** A person's communities as `Memberships.of` lists them (the last used first), by id. */
import type { Memberships, Person } from '../../src/domain/communities/community';

export async function communityIds(memberships: Memberships, person: Person): Promise<string[]> {
  return (await memberships.of(person)).map((c) => c.id);
}

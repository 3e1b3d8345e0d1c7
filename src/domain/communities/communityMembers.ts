/**
 * The index of a community's members: an empty-bodied entry per member,
 * `members-by-community/<community>/<channel>/<user>`, beside the memberships kept one document per
 * person (`storedMemberships.ts`, which keeps the two in step). Listed in pages by a sealed cursor; the
 * caller checks each entry against the person's memberships (an entry a crash left behind is passed
 * over), so an entry may be stale but a member is never missing.
 */
import { idOfSegment, pathSegment } from '../../durable/storage/blobName';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { IndexCursors } from '../../durable/storage/indexCursor';
import { readIndexPage } from '../../durable/storage/indexPages';
import { InvalidValueError } from '../../core/errors';
import type { Person } from './community';

const ROOT = 'members-by-community/';
export const MAX_MEMBERS_LIMIT = 1000;

export class CommunityMembers {
  private readonly cursors: IndexCursors;

  constructor(
    private readonly documents: EtagDocuments,
    options: { cursorKey?: string } = {},
  ) {
    this.cursors = new IndexCursors(options.cursorKey);
  }

  async add(person: Person, communityIds: readonly string[]): Promise<void> {
    await Promise.all(communityIds.map((id) => this.documents.putJson(entryName(id, person), {})));
  }

  async remove(person: Person, communityId: string): Promise<void> {
    await this.documents.delete(entryName(communityId, person));
  }

  /** One page of the people the index lists in a community, in a fixed order, and the next cursor. */
  async page(
    communityId: string,
    request: { limit: number; cursor?: string },
  ): Promise<{ entries: Person[]; next?: string; calls: number }> {
    if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_MEMBERS_LIMIT)
      throw new InvalidValueError({ field: 'limit', takes: `a whole number from 1 to ${MAX_MEMBERS_LIMIT}` });
    const view = `${ROOT}${pathSegment(communityId)}/`;
    const query = JSON.stringify(['members', communityId]);
    const from = request.cursor === undefined ? undefined : this.cursors.decode(request.cursor, query);
    const page = await readIndexPage(this.documents, {
      prefix: view,
      limit: request.limit,
      judge: (name) => (personOf(view, name) ? 'take' : 'skip'),
      ...(from ? { from } : {}),
    });
    return {
      entries: page.names.flatMap((name) => personOf(view, name) ?? []),
      ...(page.next ? { next: this.cursors.encode(query, page.next) } : {}),
      calls: page.calls,
    };
  }
}

function entryName(communityId: string, person: Person): string {
  return `${ROOT}${pathSegment(communityId)}/${pathSegment(person.channel)}/${pathSegment(person.id)}`;
}

function personOf(view: string, name: string): Person | undefined {
  if (!name.startsWith(view)) return undefined;
  const [channel, id, ...rest] = name.slice(view.length).split('/');
  return channel && id && rest.length === 0
    ? { channel: idOfSegment(channel), id: idOfSegment(id) }
    : undefined;
}

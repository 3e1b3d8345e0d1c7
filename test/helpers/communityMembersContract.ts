/**
 * What the index of a community's members promises, on any `EtagDocuments` (blobs on Azurite, memory):
 * members listed in pages by a sealed cursor, kept in step with joins and leaves (racing ones too),
 * memberships stored before the index found, and an entry a crash left behind passed over.
 */
import assert from 'node:assert/strict';
import { InvalidCursorError } from '../../src/core/errors';
import { everyPage } from './everyPage';
import type { Person } from '../../src/domain/communities/community';
import { StoredMemberships } from '../../src/domain/communities/storedMemberships';
import type { EtagDocuments } from '../../src/durable/storage/documentStore';

const person = (id: string, channel = 'whatsapp'): Person => ({ channel, id });

async function everyMember(memberships: StoredMemberships, community: string, limit: number) {
  const members = await everyPage(limit, (page) => memberships.membersOf(community, page));
  return members.map((p) => `${p.channel}:${p.id}`).sort();
}

export function describeCommunityMembers(title: string, open: () => EtagDocuments): void {
  const opened = () => {
    const documents = open();
    return { documents, memberships: new StoredMemberships(documents) };
  };
  describe(title, () => {
    it('lists a community’s members in pages, and no one of another community', async () => {
      const { memberships } = opened();
      for (let i = 0; i < 7; i += 1)
        await memberships.join(person(`91980000000${i}`), { id: 'a', name: 'A' });
      await memberships.join(person('psid/1', 'messenger'), { id: 'a', name: 'A' });
      await memberships.join(person('919800000009'), { id: 'b', name: 'B' });
      const expected = [
        'messenger:psid/1',
        ...Array.from({ length: 7 }, (_, i) => `whatsapp:91980000000${i}`),
      ].sort();
      assert.deepEqual(await everyMember(memberships, 'a', 3), expected);
      assert.deepEqual(await everyMember(memberships, 'b', 3), ['whatsapp:919800000009']);
      assert.deepEqual(await everyMember(memberships, 'nowhere', 3), []);
    });

    it('drops a member who leaves, and keeps the index in step with joins and leaves that race', async () => {
      const { documents, memberships } = opened();
      const asha = person('919800000001');
      await memberships.join(asha, { id: 'a', name: 'A' });
      await memberships.join(asha, { id: 'b', name: 'B' });
      await memberships.leave(asha, 'a');
      assert.deepEqual(await everyMember(memberships, 'a', 10), []);
      assert.deepEqual(
        (await memberships.of(asha)).map((c) => c.id),
        ['b'],
      );
      for (let round = 0; round < 5; round += 1) {
        await Promise.all([
          memberships.join(asha, { id: 'a', name: 'A' }),
          memberships.leave(asha, 'a'),
          memberships.join(asha, { id: 'a', name: 'A' }),
        ]);
        const member = (await new StoredMemberships(documents).of(asha)).some((c) => c.id === 'a');
        const entries: string[] = [];
        for await (const name of documents.list('members-by-community/a/')) entries.push(name);
        assert.equal(entries.length, member ? 1 : 0, `round ${round}: entry iff member`);
      }
    });

    it('finds memberships stored before the index, once', async () => {
      const { documents, memberships } = opened();
      await memberships.join(person('919800000001'), { id: 'a', name: 'A' });
      await memberships.join(person('919800000002'), { id: 'a', name: 'A' });
      for await (const name of documents.list('members-by-community/')) await documents.delete(name);
      const fresh = new StoredMemberships(documents);
      assert.deepEqual(await everyMember(fresh, 'a', 1), ['whatsapp:919800000001', 'whatsapp:919800000002']);
    });

    it('passes over an entry whose membership a crash left unwritten, and refuses an edited cursor', async () => {
      const { documents, memberships } = opened();
      await memberships.join(person('919800000001'), { id: 'a', name: 'A' });
      await memberships.join(person('919800000003'), { id: 'a', name: 'A' });
      await memberships.ready();
      await documents.putJson('members-by-community/a/whatsapp/919800000002', {});
      assert.deepEqual(await everyMember(memberships, 'a', 1), [
        'whatsapp:919800000001',
        'whatsapp:919800000003',
      ]);
      const { next } = await memberships.membersOf('a', { limit: 1 });
      assert.ok(next !== undefined);
      await assert.rejects(memberships.membersOf('a', { limit: 1, cursor: `x${next}` }), InvalidCursorError);
      await assert.rejects(memberships.membersOf('b', { limit: 1, cursor: next }), InvalidCursorError);
    });
  });
}

/** Memberships kept in the blob document store, against Azurite. */
import assert from 'node:assert/strict';
import { StoredMemberships } from '../../../../src/domain/communities/storedMemberships';
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { testAccount } from '../../../helpers/azurite';
import { communityIds } from '../../../helpers/communityIds';

describe('StoredMemberships (Azurite)', () => {
  it('joins, lists the last used first, and remembers the choice', async () => {
    const memberships = new StoredMemberships(new DocumentStore(testAccount(), 'state'));
    const person = { channel: 'whatsapp', id: '919800000001' };
    assert.deepEqual(await memberships.of(person), []);
    await memberships.join(person, { id: 'a', name: 'A' });
    await memberships.join(person, { id: 'b', name: 'B' });
    await memberships.join(person, { id: 'a', name: 'A' });
    assert.deepEqual(await communityIds(memberships, person), ['a', 'b']);
    await memberships.use(person, 'b');
    assert.deepEqual(await communityIds(memberships, person), ['b', 'a']);
  });

  it('does not lose a join when two happen at once', async () => {
    const memberships = new StoredMemberships(new DocumentStore(testAccount(), 'state'));
    const person = { channel: 'emulator', id: 'u' };
    await Promise.all([
      memberships.join(person, { id: 'a', name: 'A' }),
      memberships.join(person, { id: 'b', name: 'B' }),
    ]);
    assert.deepEqual((await communityIds(memberships, person)).sort(), ['a', 'b']);
  });
});

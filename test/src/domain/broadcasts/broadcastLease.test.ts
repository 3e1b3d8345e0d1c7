/**
 * The broadcast lease over documents with the ETag contract (in memory here; the blob store keeps the
 * same contract, `storeContract.ts`): one holder at a time, taken over once it has run out, and a holder
 * that lost it stops holding; a finished broadcast is not taken.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { BroadcastLease } from '../../../../src/domain/broadcasts/broadcastLease';
import { BroadcastStore } from '../../../../src/domain/broadcasts/broadcastStore';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';

const JOB = {
  id: 'BC-abcdefgh1234',
  community: 'raj-udr-jhadol',
  template: { name: 'village_meeting', language: 'hi' },
  by: 'ops',
  createdAt: new Date(0).toISOString(),
};

describe('BroadcastLease', () => {
  let clock: sinon.SinonFakeTimers;
  let store: BroadcastStore;
  beforeEach(async () => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['Date', 'setInterval', 'clearInterval'] });
    store = new BroadcastStore(new MemoryDocuments());
    await store.create(JOB);
  });
  afterEach(() => clock.restore());

  it('is held by one instance at a time, and taken over once it has run out', async () => {
    const first = await BroadcastLease.take(store, JOB.id, 'a', 2_000);
    assert.ok(first?.holds());
    if (!first) return;
    assert.equal(await BroadcastLease.take(store, JOB.id, 'b', 2_000), undefined, 'held by a');
    assert.equal((await store.progress(JOB.id))?.value.state, 'running');

    clock.setSystemTime(Date.now() + 2_001); // a died: time passes without its renewals
    assert.equal(first.holds(), false, 'a stops before its next claim');
    const second = await BroadcastLease.take(store, JOB.id, 'b', 2_000);
    assert.ok(second?.holds(), 'b takes it over');
    if (!second) return;
    await assert.rejects(
      first.update((p) => ({ ...p, before: 99 })),
      { name: 'StateConflictError' },
      'a cannot move the checkpoint any more',
    );
    assert.equal((await store.progress(JOB.id))?.value.before, 0);
    await second.release();
  });

  it('renews while held, and is given up at once by a release', async () => {
    const first = await BroadcastLease.take(store, JOB.id, 'a', 3_000);
    assert.ok(first);
    await clock.tickAsync(5_000); // renewed every second
    assert.ok(first.holds());
    assert.equal(await BroadcastLease.take(store, JOB.id, 'b', 3_000), undefined);
    await first.release();
    assert.ok(await BroadcastLease.take(store, JOB.id, 'b', 3_000), 'free after the release');
  });

  it('is not taken once the broadcast is done', async () => {
    const first = await BroadcastLease.take(store, JOB.id, 'a', 2_000);
    await first?.release('done');
    assert.equal(await BroadcastLease.take(store, JOB.id, 'b', 2_000), undefined);
    assert.deepEqual(await store.active(), [], 'no longer among the active broadcasts');
  });
});

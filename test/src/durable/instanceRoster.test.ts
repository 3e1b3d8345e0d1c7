/** The roster of instances on a fake clock: each announces itself; the count follows who is live. */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { z } from 'zod';
import { InstanceRoster } from '../../../src/durable/instanceRoster';
import { MemoryDocuments } from '../../../src/durable/storage/memoryStore';

describe('instance roster', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => clock.restore());

  it('counts the instances that announce themselves, at once without one that stopped', async () => {
    const documents = new MemoryDocuments();
    const seen: number[] = [];
    const a = new InstanceRoster(documents, { id: 'a', everyMs: 1000 });
    const b = new InstanceRoster(documents, { id: 'b', everyMs: 1000 });
    const c = new InstanceRoster(documents, { id: 'c', everyMs: 1000 });
    a.start((n) => seen.push(n));
    b.start(() => undefined);
    c.start(() => undefined);
    await clock.tickAsync(1000);
    assert.deepEqual([a.count, b.count, c.count], [3, 3, 3]);
    await c.stop();
    await clock.tickAsync(1000);
    assert.deepEqual([a.count, b.count], [2, 2]);
    assert.deepEqual(seen.slice(-2), [3, 2], 'told of each change');
    await Promise.all([a.stop(), b.stop()]);
  });

  it('counts one that died (no longer announcing) for three periods, then not', async () => {
    const documents = new MemoryDocuments();
    await documents.putJson('instances/died.json', { at: Date.now() });
    const roster = new InstanceRoster(documents, { id: 'here', everyMs: 1000 });
    roster.start(() => undefined);
    await clock.tickAsync(3000);
    assert.equal(roster.count, 2, 'still within three periods');
    await clock.tickAsync(1000);
    assert.equal(roster.count, 1);
    await roster.stop();
  });

  it('removes an announcement stale for an hour, and counts at least itself', async () => {
    const documents = new MemoryDocuments();
    await documents.putJson('instances/gone.json', { at: Date.now() - 2 * 60 * 60_000 });
    const roster = new InstanceRoster(documents, { id: 'here', everyMs: 1000 });
    assert.equal(await roster.announce(), 1);
    assert.equal(await documents.getJson('instances/gone.json', z.unknown()), undefined);
    assert.ok(await documents.getJson('instances/here.json', z.unknown()));
  });
});

/**
 * Statuses counted under their broadcast: a status of a broadcast's message is recorded once per member
 * and status; without a broadcast in the last 30 days, a status costs no read of a link (one read of
 * `recent.json` a second at most).
 */
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { BroadcastStatuses } from '../../../../src/domain/broadcasts/broadcastStatuses';
import { BroadcastStore } from '../../../../src/domain/broadcasts/broadcastStore';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';

/** Documents in memory that count the names read. */
class CountedReads extends MemoryDocuments {
  readonly reads: string[] = [];

  override getJson<T>(name: string, schema: z.ZodType<T>) {
    this.reads.push(name);
    return super.getJson(name, schema);
  }
}

const KEY = { channel: 'whatsapp', userId: '919800000001' };

describe('BroadcastStatuses', () => {
  it('reads no link while no broadcast is recent, and counts a status of a broadcast message once', async () => {
    const documents = new CountedReads();
    const statuses = new BroadcastStatuses(new BroadcastStore(documents), new MemoryDocuments());
    for (let i = 0; i < 50; i += 1) await statuses.observe(KEY, `wamid.reply${i}`, 'delivered');
    assert.deepEqual(documents.reads, ['broadcasts/recent.json'], 'one read for 50 statuses');

    const store = new BroadcastStore(documents);
    const id = 'BC-abcdefgh1234';
    await store.create({
      id,
      community: 'raj-udr-jhadol',
      template: { name: 'village_meeting', language: 'hi' },
      by: 'ops',
      createdAt: new Date().toISOString(),
    });
    await store.link('wamid.broadcast1', id, 'member-1');
    const counting = new BroadcastStatuses(store, new MemoryDocuments());
    await counting.observe(KEY, 'wamid.broadcast1', 'delivered');
    await counting.observe(KEY, 'wamid.broadcast1', 'delivered'); // a redelivered webhook
    await counting.observe(KEY, 'wamid.broadcast1', 'read');
    await counting.observe(KEY, 'wamid.reply1', 'read');
    const counts = (await store.view(id))?.counts;
    assert.deepEqual([counts?.delivered, counts?.read, counts?.failed], [1, 1, 0]);
  });
});

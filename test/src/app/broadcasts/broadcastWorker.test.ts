/**
 * The broadcast worker over documents in memory, its members from the real memberships store and a fake
 * `ProactiveSender` (our own seam): what becomes of each member when the platform refuses, a send is
 * held back (its claim given back and tried again, sent once), a member has no line, and a claim left
 * without an outcome by a dead instance (counted unknown, never sent).
 */
import assert from 'node:assert/strict';
import { BroadcastWorker } from '../../../../src/app/broadcasts/broadcastWorker';
import type { ProactiveMessage } from '../../../../src/app/outbound/proactiveSender';
import { ChannelApiError, ChannelUnavailableError, InvalidValueError } from '../../../../src/core/errors';
import { InFlight } from '../../../../src/core/inFlight';
import { silentLogger } from '../../../../src/core/log';
import { memberKey } from '../../../../src/domain/broadcasts/broadcastJob';
import { BroadcastStatuses } from '../../../../src/domain/broadcasts/broadcastStatuses';
import { BroadcastStore } from '../../../../src/domain/broadcasts/broadcastStore';
import { StoredMemberships } from '../../../../src/domain/communities/storedMemberships';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';

const ID = 'BC-abcdefgh1234';
const COMMUNITY = { id: 'raj-udr-jhadol', name: 'Jhadol' };

describe('BroadcastWorker', () => {
  it('records each outcome: sent, refused, held back then sent once, no line, and a dead claim as unknown', async () => {
    const state = new MemoryDocuments();
    const memberships = new StoredMemberships(state);
    const people = ['919700000001', '919700000002', '919700000003', '919700000004', '919700000005'];
    for (const id of people) await memberships.join({ channel: 'whatsapp', id }, COMMUNITY);
    const [sentOk, refused, heldBack, noLine, claimedBefore] = people;

    const store = new BroadcastStore(new MemoryDocuments());
    await store.create({
      id: ID,
      community: COMMUNITY.id,
      template: { name: 'village_meeting', language: 'hi' },
      by: 'ops',
      createdAt: new Date(Date.now() - 10_000).toISOString(),
    });
    // An instance died after claiming this member, before the platform answered.
    await store.claim(ID, memberKey(ID, { channel: 'whatsapp', id: claimedBefore ?? '' }), 'dead');

    const calls: string[] = [];
    let heldOnce = false;
    const sender = {
      serves: (channel: string) => channel === 'whatsapp',
      send: async (message: ProactiveMessage) => {
        calls.push(message.userId);
        if (message.userId === refused)
          throw new ChannelApiError({
            channel: 'whatsapp',
            status: 400,
            code: 132001,
            message: 'no template',
            retryable: false,
          });
        if (message.userId === heldBack && !heldOnce) {
          heldOnce = true;
          throw new ChannelUnavailableError('whatsapp', 'the API did not answer');
        }
        if (message.userId === noLine) throw new InvalidValueError({ field: 'from', takes: 'a line' });
        return { messageId: await Promise.resolve(`wamid.${message.userId}`) };
      },
    };
    const worker = new BroadcastWorker({
      store,
      members: memberships,
      sender,
      statuses: new BroadcastStatuses(store, new MemoryDocuments()),
      log: silentLogger,
      inFlight: new InFlight(),
      leaseMs: 2_000,
      retryMs: 1,
    });
    worker.start();
    try {
      while ((await store.view(ID))?.state !== 'done') await new Promise((done) => setTimeout(done, 10));
    } finally {
      await worker.stop();
    }
    const view = await store.view(ID);
    assert.deepEqual(view?.counts, {
      ...{ queued: 0, sent: 2, delivered: 0, read: 0, failed: 1, skipped: 1, unknown: 1 },
      skippedBecause: { no_default_line: 1 },
      failedBecause: { 132001: 1 },
    });
    assert.deepEqual(
      [...calls].sort(),
      [sentOk, refused, heldBack, heldBack, noLine].sort(),
      'the held-back member was tried twice (sent once), the claimed one never',
    );
    assert.equal(
      await store.outcomeOf(ID, memberKey(ID, { channel: 'whatsapp', id: heldBack ?? '' })),
      'sent',
    );
    assert.deepEqual(await store.linkOf(`wamid.${sentOk}`), {
      broadcast: ID,
      member: memberKey(ID, { channel: 'whatsapp', id: sentOk ?? '' }),
    });
  });
});

/**
 * An instance upgraded over storage that an instance of the earlier version wrote (container
 * `<prefix>-ledger`, `pending/` and `inbox/`, `locks/`: `test/helpers/earlierInbox.ts` writes it as that
 * code did): the waiting events run once, found by the recovery sweep; a redelivery of an event that
 * ran there runs nothing; a run begun there replays, skipping the parts it sent; a batch record left
 * there is fanned out; and a conversation's lease held by a live instance of the earlier version is
 * respected.
 */
import assert from 'node:assert/strict';
import { ConversationBusyError } from '../../../../src/core/errors';
import { InFlight } from '../../../../src/core/inFlight';
import { silentLogger } from '../../../../src/core/log';
import { ConversationInbox, type InboxEvent } from '../../../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../../../src/durable/storage/conversationLease';
import { DurableTurns } from '../../../../src/durable/turns/durableTurns';
import { testAccount, uniquePrefix } from '../../../helpers/azurite';
import { EarlierInbox, type EarlierEvent } from '../../../helpers/earlierInbox';

/** Short waits, and a sweep that takes every waiting event as stale (none runs by itself). */
const QUICK = { log: silentLogger, retryDelayMs: 50, proactiveWaitMs: 300, staleAfterMs: 0, sweepEveryMs: 0 };

/** This version's turns over the containers of `prefix`, noting each run. */
function upgraded(prefix: string) {
  const account = testAccount(prefix);
  const inFlight = new InFlight();
  const [inbox, lease] = [new ConversationInbox(account), new ConversationLease(account)];
  const turns = new DurableTurns({ ...QUICK, inbox, lease, inFlight });
  const runs: { id: string; firstRun: boolean; sent: number }[] = [];
  turns.register('whatsapp', async (event: InboxEvent) => {
    runs.push({ id: event.id, firstRun: event.firstRun, sent: event.partsSent ?? 0 });
  });
  const settle = async (): Promise<void> => {
    await inFlight.idle(10_000);
    await turns.sweep();
    await inFlight.idle(10_000);
  };
  return { turns, runs, settle };
}

function event(id: string, timestampMs: number, conversationKey = 'PN:919'): EarlierEvent {
  return { channel: 'whatsapp', conversationKey, timestampMs, id, payload: { text: id } };
}

/** A webhook delivering `e` again, recorded and drained as the adapters do. */
async function redeliver(turns: DurableTurns, e: EarlierEvent): Promise<void> {
  await turns.record(e.channel, e.conversationKey, e.timestampMs, e.id, e.payload);
  turns.drain(e.channel, e.conversationKey);
}

describe('storage written by the earlier layout (<prefix>-ledger)', function () {
  this.timeout(30_000);

  it('runs its waiting event once (the sweep finds it); a redelivery of one that ran there runs nothing', async () => {
    const prefix = uniquePrefix();
    const earlier = new EarlierInbox(prefix);
    const finished = event('wamid.done', 1_000);
    await earlier.complete(await earlier.ran(finished, 1));
    const waiting = event('wamid.waiting', 2_000);
    await earlier.record(waiting);

    const { turns, runs, settle } = upgraded(prefix);
    await settle();
    assert.deepEqual(runs, [{ id: 'wamid.waiting', firstRun: true, sent: 0 }]);
    assert.deepEqual(await earlier.names('pending/'), [], 'its waiting copy is gone: it ran');

    await redeliver(turns, finished);
    await redeliver(turns, waiting);
    await settle();
    await settle();
    assert.deepEqual(
      runs.map((r) => r.id),
      ['wamid.waiting'],
      'neither redelivery ran, however often drained and swept',
    );
  });

  it('a run begun there replays, skipping the parts it sent, in order with what came after', async () => {
    const prefix = uniquePrefix();
    const earlier = new EarlierInbox(prefix);
    await earlier.ran(event('wamid.deferred', 1_000), 2); // then deferred: it still waits

    const { turns, runs, settle } = upgraded(prefix);
    await redeliver(turns, event('wamid.next', 2_000));
    await settle();
    assert.deepEqual(runs, [
      { id: 'wamid.deferred', firstRun: false, sent: 2 },
      { id: 'wamid.next', firstRun: true, sent: 0 },
    ]);
    await settle();
    assert.equal(runs.length, 2);
  });

  it('fans out a batch record left there, once', async () => {
    const prefix = uniquePrefix();
    const earlier = new EarlierInbox(prefix);
    const batch = Array.from({ length: 20 }, (_, i) => event(`wamid.b${i}`, 1_000 + i, `PN:${i % 3}`));
    await earlier.recordBatch(batch);

    const { runs, settle } = upgraded(prefix);
    await settle();
    await settle();
    assert.deepEqual(runs.map((r) => r.id).sort(), batch.map((e) => e.id).sort());
    assert.deepEqual(await earlier.names('batches/'), []);
  });

  it('respects a conversation’s lease held by a live instance of the earlier version', async () => {
    const prefix = uniquePrefix();
    const earlier = new EarlierInbox(prefix);
    const release = await earlier.holdLease('whatsapp/PN:L');

    const { turns } = upgraded(prefix);
    let ran = 0;
    await assert.rejects(
      turns.exclusive('whatsapp', 'PN:L', async () => {
        ran += 1;
      }),
      ConversationBusyError,
    );
    assert.equal(ran, 0, 'nothing ran while the earlier instance held the conversation');
    await release();
    await turns.exclusive('whatsapp', 'PN:L', async () => {
      ran += 1;
    });
    assert.equal(ran, 1);
  });
});

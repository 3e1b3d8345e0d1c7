/**
 * The contract of the stores durable turns run on (`InboxStore`, `BatchStore`, `LeaseStore`), as tests any
 * implementation must pass: the blob-backed ones on Azurite and the in-memory ones run the same
 * assertions, and durable turns over each drain in order, once, and replay a deferred event.
 */
import assert from 'node:assert/strict';
import { DeliveryDeferredError } from '../../src/core/errors';
import { InFlight } from '../../src/core/inFlight';
import { silentLogger } from '../../src/core/log';
import type { InboxEvent } from '../../src/durable/storage/inboxEvent';
import { DurableTurns } from '../../src/durable/turns/durableTurns';
import type { InboxStore, LeaseStore } from '../../src/durable/turns/turnStores';
import { beginWaiting } from './inboxRun';

export interface TurnStores {
  inbox: InboxStore & {
    all(channel: string, conversationKey: string): Promise<(InboxEvent & { state: string })[]>;
  };
  lease: LeaseStore;
}

const arriving = (id: string, timestampMs = 1) => ({
  channel: 'whatsapp',
  conversationKey: 'PN:919',
  timestampMs,
  id,
  payload: { text: `hi ${id}` },
});

export function describeTurnStores(title: string, open: () => TurnStores): void {
  describe(title, function () {
    this.timeout(20_000);
    let stores: TurnStores;
    beforeEach(() => {
      stores = open();
    });

    it('records an event once; its history tells a first run, a replay and a late redelivery', async () => {
      const { inbox } = stores;
      assert.equal(await inbox.record(arriving('A')), true);
      assert.equal(await inbox.record(arriving('A')), false, 'a redelivery of a waiting event');
      const [waiting] = await inbox.waiting('whatsapp', 'PN:919');
      assert.ok(waiting);
      assert.deepEqual(waiting.payload, { text: 'hi A' });
      assert.equal((await inbox.begin(waiting)).start, 'first');
      assert.equal((await inbox.begin(waiting)).start, 'replay');
      await inbox.complete(waiting);
      assert.deepEqual(await inbox.waiting('whatsapp', 'PN:919'), []);
      assert.equal(await inbox.record(arriving('A')), true, 'a late redelivery waits again');
      const [late] = await inbox.waiting('whatsapp', 'PN:919');
      assert.ok(late);
      assert.equal((await inbox.begin(late)).start, 'finished');
      assert.deepEqual(await inbox.waiting('whatsapp', 'PN:919'), []);
      assert.deepEqual(
        (await inbox.all('whatsapp', 'PN:919')).map((e) => [e.id, e.state]),
        [['A', 'done']],
      );
    });

    it('lists waiting events oldest first, and stalled conversations by age', async () => {
      const { inbox } = stores;
      for (const [id, at] of [
        ['c', 3000],
        ['a', 1000],
        ['b', 2000],
      ] as const)
        await inbox.record(arriving(id, at));
      assert.deepEqual(
        (await inbox.waiting('whatsapp', 'PN:919')).map((e) => e.id),
        ['a', 'b', 'c'],
      );
      assert.deepEqual(await inbox.waiting('whatsapp', 'PN:other'), []);
      assert.deepEqual(await inbox.stalled(0), [{ channel: 'whatsapp', conversationKey: 'PN:919' }]);
      assert.deepEqual(await inbox.stalled(60_000), [], 'nothing has waited a minute');
      const scan = await inbox.scan(60_000, Date.now() + 5_000);
      assert.deepEqual(scan.stalled, []);
      assert.equal(scan.waiting, 3, 'the backlog counts every waiting event');
      assert.ok(
        scan.oldestAt !== undefined && Date.now() - scan.oldestAt < 60_000,
        'the oldest was recorded just now',
      );
    });

    it('reports no backlog when nothing waits', async () => {
      assert.deepEqual(await stores.inbox.scan(0), { stalled: [], waiting: 0 });
    });

    it('counts failed runs and parts sent (unknown outcomes too) for the next run, a redelivery included', async () => {
      const { inbox } = stores;
      await inbox.record(arriving('S'));
      const event = await beginWaiting(inbox, 'PN:919', true);
      await inbox.recordPartsSent(event, 1);
      await inbox.recordPartsSent(event, 2, 'unknown');
      assert.equal(await inbox.partsSent(event), 2);
      await inbox.failed(event);
      assert.equal(await inbox.record(arriving('S')), false);
      const [again] = await inbox.waiting('whatsapp', 'PN:919');
      assert.ok(again);
      assert.deepEqual(await inbox.begin(again), {
        start: 'replay',
        attempts: 1,
        partsSent: 2,
        unknownParts: [2],
      });
      await inbox.complete({ ...again, attempts: 3 }, 'failed');
      assert.deepEqual(
        (await inbox.all('whatsapp', 'PN:919')).map((e) => [e.id, e.state, e.unknownParts]),
        [['S', 'failed', [2]]],
      );
    });

    it('keeps a batch record once per set of events, until it is removed', async () => {
      const { batches } = stores.inbox;
      const events = [arriving('x'), arriving('y', 2)];
      const first = await batches.write(events);
      assert.equal(first.created, true);
      assert.deepEqual(await batches.write([...events].reverse()), { name: first.name, created: false });
      const read = await batches.read(first.name);
      assert.ok(Array.isArray(read));
      assert.deepEqual(
        read.map((e) => e.id),
        ['x', 'y'],
      );
      assert.deepEqual(await batches.stalled(0), [first.name]);
      assert.deepEqual(await batches.stalled(60_000), []);
      await batches.remove(first.name);
      assert.equal(await batches.read(first.name), 'gone');
      assert.deepEqual(await batches.stalled(0), []);
    });

    it('holds a conversation’s lease for one holder at a time, and frees it after', async () => {
      const { lease } = stores;
      let entered: () => void = () => undefined;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      let release: () => void = () => undefined;
      const holding = lease.withLease('c1', () => {
        entered();
        return new Promise<void>((resolve) => (release = resolve));
      });
      await inside;
      assert.equal(await lease.withLease('c1', async () => undefined), false, 'held: nothing runs');
      assert.equal(await lease.withLease('c3', async () => undefined), true, 'another conversation runs');
      release();
      assert.equal(await holding, true);
      assert.equal(await lease.withLease('c1', async () => undefined), true, 'free after release');
      await assert.rejects(
        lease.withLease('c2', () => Promise.reject(new Error('turn failed'))),
        /turn failed/,
      );
      assert.equal(await lease.withLease('c2', async () => undefined), true, 'freed after a failure');
    });

    it('carries durable turns: in order, once, and a deferred event again as a replay', async () => {
      const inFlight = new InFlight();
      const turns = new DurableTurns({
        ...stores,
        inFlight,
        log: silentLogger,
        retryDelayMs: 20,
        staleAfterMs: 0,
        sweepEveryMs: 0,
      });
      const runs: { id: string; firstRun: boolean }[] = [];
      let deferrals = 1;
      turns.register('whatsapp', async (event: InboxEvent) => {
        runs.push({ id: event.id, firstRun: event.firstRun });
        if (event.id === 'a' && deferrals-- > 0) throw new DeliveryDeferredError('whatsapp', 'rate limit');
      });
      await turns.recordWebhook([arriving('b', 2), arriving('a', 1)]).then((r) => r.proceed());
      await inFlight.idle(10_000);
      assert.deepEqual(runs, [{ id: 'a', firstRun: true }], 'b waits behind the deferred a');
      assert.equal(await turns.sweep(), 1);
      await inFlight.idle(10_000);
      assert.deepEqual(runs.slice(1), [
        { id: 'a', firstRun: false },
        { id: 'b', firstRun: true },
      ]);
      assert.deepEqual(await stores.inbox.waiting('whatsapp', 'PN:919'), []);
    });
  });
}

/**
 * Durable turns against Azurite: the inbox records and deduplicates, drains run a conversation's events
 * in timestamp order under its lease, failures are retried, a sweep picks up what a dead instance left,
 * a dead instance's lease ending lets another take over, and the history remembers what was sent.
 */
import assert from 'node:assert/strict';
import {
  ChannelApiError,
  ChannelNetworkError,
  DeliveryDeferredError,
  StateConflictError,
} from '../../../../src/core/errors';
import type { InboxEvent } from '../../../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../../../src/durable/storage/conversationLease';
import { BlobServiceClient } from '@azure/storage-blob';
import { encodeKey } from '../../../../src/durable/storage/blobName';
import { sharedAzurite, testAccount, uniquePrefix } from '../../../helpers/azurite';
import { waitUntil } from '../../../helpers/botProcess';
import { beginWaiting, recordOne } from '../../../helpers/inboxRun';
import { interceptedInbox } from '../../../helpers/interceptedInbox';
import { turnsOver } from '../../../helpers/turnsOver';

function setup(account = testAccount()) {
  return { account, ...turnsOver(account, { retryDelayMs: 50, staleAfterMs: 0, sweepEveryMs: 0 }) };
}

/**
 * `setup` on containers of its own, whose inbox container the test reads directly, with WhatsApp turns that note
 * the ids of the events they run.
 */
function setupNotingRuns() {
  const prefix = uniquePrefix();
  const parts = setup(testAccount(prefix));
  const seen: string[] = [];
  parts.turns.register('whatsapp', async (event: InboxEvent) => {
    seen.push(event.id);
  });
  const container = BlobServiceClient.fromConnectionString(
    sharedAzurite().connectionString,
  ).getContainerClient(`${prefix}-inbox`);
  return { ...parts, seen, container };
}

/** Records `first` then `second` in one WhatsApp conversation, drains it, then sweeps four times. */
async function drainThenSweepFourTimes(
  { turns, inFlight }: Pick<ReturnType<typeof setup>, 'turns' | 'inFlight'>,
  conversation: string,
): Promise<void> {
  await turns.record('whatsapp', conversation, 1, 'first', {});
  await turns.record('whatsapp', conversation, 2, 'second', {});
  turns.drain('whatsapp', conversation);
  await inFlight.idle(10_000);
  for (let sweep = 0; sweep < 4; sweep += 1) {
    await turns.sweep();
    await inFlight.idle(10_000);
  }
}

/** `first` ran five times (its drain and four sweeps), `second` after it, and no run counted as failed. */
function assertFirstRanFiveTimesUncounted(runs: { id: string; attempts: number }[]): void {
  assert.deepEqual(
    runs.map((r) => r.id),
    ['first', 'first', 'first', 'first', 'first', 'second'],
  );
  assert.ok(
    runs.every((r) => r.attempts === 0),
    'no run was counted as failed',
  );
}

describe('durable turns (Azurite)', function () {
  this.timeout(40_000);

  it('records once: a redelivered or repeated event is recognised', async () => {
    const account = testAccount();
    const { inbox } = setup(account);
    const event = {
      channel: 'whatsapp',
      conversationKey: 'PN:919',
      timestampMs: 1000,
      id: 'wamid.A',
      payload: { text: 'hi' },
    };
    assert.equal(await inbox.record(event), true);
    assert.equal(await inbox.record(event), false, 'a redelivery of a waiting event');
    const [waiting] = await inbox.waiting('whatsapp', 'PN:919');
    assert.ok(waiting);
    assert.deepEqual(waiting.payload, { text: 'hi' });
    // Another instance reads it from storage alone.
    const [elsewhere] = await setup(account).inbox.waiting('whatsapp', 'PN:919');
    assert.deepEqual(elsewhere?.payload, { text: 'hi' });
    assert.equal((await inbox.begin(waiting)).start, 'first', 'no run had begun: nothing can have been sent');
    assert.equal((await inbox.begin(waiting)).start, 'replay', 'a run had begun (and may have sent replies)');
    await inbox.complete(waiting);
    assert.deepEqual(await inbox.waiting('whatsapp', 'PN:919'), []);
    // A late redelivery writes a waiting copy again; beginning it finds the event finished and removes it.
    assert.equal(await inbox.record(event), true);
    const [late] = await inbox.waiting('whatsapp', 'PN:919');
    assert.ok(late);
    assert.equal((await inbox.begin(late)).start, 'finished');
    assert.deepEqual(await inbox.waiting('whatsapp', 'PN:919'), []);
  });

  it('drains a conversation in timestamp order, once, and marks events done', async () => {
    const { turns, inbox, inFlight } = setup();
    const seen: string[] = [];
    turns.register('whatsapp', async (event: InboxEvent) => {
      seen.push(event.id);
    });
    for (const [id, ts] of [
      ['c', 3000],
      ['a', 1000],
      ['b', 2000],
    ] as const) {
      await turns.record('whatsapp', 'PN:919', ts, id, {});
    }
    turns.drain('whatsapp', 'PN:919');
    turns.drain('whatsapp', 'PN:919');
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['a', 'b', 'c']);
    assert.deepEqual(await inbox.waiting('whatsapp', 'PN:919'), []);
  });

  it('retries a turn that failed outside the bot, keeping later events behind it', async () => {
    const { turns, inFlight } = setup();
    const seen: string[] = [];
    let failures = 1;
    turns.register('messenger', async (event: InboxEvent) => {
      if (event.id === 'first' && failures > 0) {
        failures -= 1;
        throw new Error('storage blip');
      }
      seen.push(event.id);
    });
    await turns.record('messenger', 'P:U', 1, 'first', {});
    await turns.record('messenger', 'P:U', 2, 'second', {});
    turns.drain('messenger', 'P:U');
    await inFlight.idle(10_000);
    assert.deepEqual(seen, []);
    await turns.sweep();
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['first', 'second']);
  });

  it('a deferred reply is not a failure: its event waits (later ones behind it) and runs again as a replay', async () => {
    const { turns, inbox, inFlight } = setup();
    const runs: { id: string; attempts: number; firstRun: boolean }[] = [];
    let deferrals = 4; // more than the three failed runs after which an event is given up
    turns.register('whatsapp', async (event: InboxEvent) => {
      runs.push({ id: event.id, attempts: event.attempts, firstRun: event.firstRun });
      if (event.id === 'first' && deferrals > 0) {
        deferrals -= 1;
        throw new DeliveryDeferredError('whatsapp', 'held back by rate limits');
      }
    });
    await drainThenSweepFourTimes({ turns, inFlight }, 'PN:D');
    assertFirstRanFiveTimesUncounted(runs);
    assert.deepEqual(
      runs.filter((r) => r.id === 'first').map((r) => r.firstRun),
      [true, false, false, false, false],
      'after a deferral the event is a replay (its count of parts sent is consulted)',
    );
    assert.deepEqual(await inbox.waiting('whatsapp', 'PN:D'), []);
    assert.deepEqual(
      (await inbox.all('whatsapp', 'PN:D')).map((e) => e.state),
      ['done', 'done'],
    );
  });

  it('a channel API that does not answer is not a failure either: the event waits, however many runs meet it', async () => {
    const { turns, inbox, inFlight } = setup();
    const runs: { id: string; attempts: number }[] = [];
    let outage = 4; // more than the three failed runs after which an event is given up
    turns.register('whatsapp', async (event: InboxEvent) => {
      runs.push({ id: event.id, attempts: event.attempts });
      if (event.id === 'first' && outage > 0) {
        outage -= 1;
        throw outage % 2 === 0
          ? new ChannelNetworkError('whatsapp', 'POST /messages failed: timed out')
          : new ChannelApiError({ channel: 'whatsapp', status: 500, message: 'down', retryable: true });
      }
    });
    await drainThenSweepFourTimes({ turns, inFlight }, 'PN:O');
    assertFirstRanFiveTimesUncounted(runs);
    assert.deepEqual(
      (await inbox.all('whatsapp', 'PN:O')).map((e) => e.state),
      ['done', 'done'],
    );
  });

  it('a sweep by another instance processes what a dead instance recorded but never ran', async () => {
    const account = testAccount();
    const dead = setup(account);
    await dead.turns.record('whatsapp', 'PN:777', 5, 'orphan', { text: 'hello' });
    const alive = setup(account);
    const seen: unknown[] = [];
    alive.turns.register('whatsapp', async (event: InboxEvent) => {
      seen.push(event.payload);
    });
    assert.equal(await alive.turns.sweep(), 1);
    await alive.inFlight.idle(10_000);
    assert.deepEqual(seen, [{ text: 'hello' }]);
    assert.equal(await alive.turns.sweep(), 0);
  });

  it('keeps an index of waiting events: finished events leave it, a late redelivery of one runs nothing', async () => {
    const { turns, inbox, inFlight, seen, container } = setupNotingRuns();
    const markers = async () => {
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat({ prefix: 'waiting/' })) names.push(blob.name);
      return names;
    };
    const event = { channel: 'whatsapp', conversationKey: 'PN:55', timestampMs: 9, id: 'w.1', payload: {} };
    assert.equal(await inbox.record(event), true);
    assert.equal((await markers()).length, 1);
    assert.deepEqual(await inbox.stalled(0), [{ channel: 'whatsapp', conversationKey: 'PN:55' }]);
    turns.drain('whatsapp', 'PN:55');
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['w.1']);
    assert.deepEqual(await markers(), []);
    assert.deepEqual(await inbox.stalled(0), []);

    // Meta redelivers the finished event: its waiting copy is written again, and the next drain runs
    // nothing and removes it.
    assert.equal(await inbox.record(event), true);
    turns.drain('whatsapp', 'PN:55');
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['w.1']);
    assert.deepEqual(await markers(), []);
    const [stored] = await inbox.all('whatsapp', 'PN:55');
    assert.equal(stored?.state, 'done');
  });

  it('a redelivery of a waiting event keeps its count of failed runs', async () => {
    const { inbox } = setup();
    const event = { channel: 'messenger', conversationKey: 'P:Z', timestampMs: 1, id: 'm.1', payload: {} };
    await inbox.record(event);
    const [first] = await inbox.waiting('messenger', 'P:Z');
    assert.ok(first);
    assert.deepEqual(await inbox.begin(first), { start: 'first', attempts: 0, partsSent: 0 });
    await inbox.failed(first);
    await inbox.failed({ ...first, attempts: 1 });
    assert.equal(await inbox.record(event), false);
    const [again] = await inbox.waiting('messenger', 'P:Z');
    assert.ok(again);
    assert.deepEqual(await inbox.begin(again), { start: 'replay', attempts: 2, partsSent: 0 });
  });

  it('keeps an unreadable waiting event in the history as failed, out of the way of later events', async () => {
    const { inbox, turns, inFlight, seen, container } = setupNotingRuns();
    await container.createIfNotExists();
    const folder = `${encodeKey('whatsapp')}/${encodeKey('PN:66')}`;
    await container.getBlockBlobClient(`waiting/${folder}/000000000000001_bad`).upload('{not json', 9);
    await turns.record('whatsapp', 'PN:66', 2, 'w.2', {});
    turns.drain('whatsapp', 'PN:66');
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['w.2']);
    assert.deepEqual(await inbox.waiting('whatsapp', 'PN:66'), []);
    const kept = await container.getBlockBlobClient(`history/${folder}/000000000000001_bad`).getProperties();
    assert.equal(kept.metadata?.state, 'failed');
  });

  it('one instance at a time per conversation, and the lease is free again after release', async () => {
    const account = testAccount();
    const lease = new ConversationLease(account);
    let inside = 0;
    let overlap = false;
    const work = async () => {
      inside += 1;
      if (inside > 1) overlap = true;
      await new Promise((resolve) => setTimeout(resolve, 200));
      inside -= 1;
    };
    const results = await Promise.all([lease.withLease('c1', work), lease.withLease('c1', work)]);
    assert.deepEqual(results.sort(), [false, true]);
    assert.equal(overlap, false);

    // A "dead" instance: it takes the lease and never renews nor releases it.
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const dying = new ConversationLease(account, 15);
    let holding = false;
    const holder = dying.withLease('c2', () => {
      holding = true;
      return stuck;
    });
    assert.ok(await waitUntil(() => holding, 5_000), 'the dying instance took the lease');
    assert.equal(await lease.withLease('c2', async () => undefined), false);
    release();
    await holder;
    // After a release it is free at once; a holder that died frees it when the lease ends (next test).
    assert.equal(await lease.withLease('c2', async () => undefined), true);
  });

  it('takes over a conversation once a dead instance’s lease ends, and runs its waiting event once', async () => {
    const { turns, inFlight, seen, container, account } = setupNotingRuns();
    await turns.record('whatsapp', 'PN:D', 1, 'orphan', {});
    // The dead instance: a lease taken straight from storage, never renewed, never released.
    await container.createIfNotExists();
    const lock = container.getBlockBlobClient(`leases/${encodeKey('whatsapp/PN:D')}`);
    await lock.upload('', 0);
    await lock.getBlobLeaseClient().acquireLease(15);
    const lease = new ConversationLease(account);
    assert.equal(await lease.withLease('whatsapp/PN:D', async () => undefined), false);
    // Its lease ends without a release. A lapse takes Azure's 15 s at least and Azurite's clock cannot be
    // faked, so it ends the other way storage ends a lease nobody releases: broken, with no break period.
    // Either way `acquireLease` succeeds again, which is all the takeover depends on.
    await lock.getBlobLeaseClient().breakLease(0);
    assert.equal(await turns.sweep(), 1);
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['orphan']);
    assert.equal(await turns.sweep(), 0);
    await inFlight.idle(10_000);
    assert.deepEqual(seen, ['orphan']);
  });

  it('the history remembers how many parts of a reply were sent, for a replay in any process', async () => {
    const account = testAccount();
    const { inbox } = setup(account);
    await recordOne(inbox, 'PN:S', 'w.S');
    const event = await beginWaiting(inbox, 'PN:S', true);
    assert.equal(await inbox.partsSent(event), 0);
    await inbox.recordPartsSent(event, 1);
    await inbox.recordPartsSent(event, 2);
    assert.equal(await inbox.partsSent(event), 2);
    await inbox.failed(event);

    // Another process (no memory of this run) replays it: two parts are known sent, one failed run.
    const other = setup(account).inbox;
    const [again] = await other.waiting('whatsapp', 'PN:S');
    assert.ok(again);
    const replay = await other.begin(again);
    assert.deepEqual(replay, { start: 'replay', attempts: 1, partsSent: 2 });
    assert.equal(await other.partsSent({ ...again, ...replay, firstRun: false }), 2);
  });

  it('a replay counts the parts another instance sent in between, not what this process remembers', async () => {
    const account = testAccount();
    const a = setup(account).inbox;
    const b = setup(account).inbox;
    await recordOne(a, 'PN:P', 'w.P');
    const runA = await beginWaiting(a, 'PN:P', true);
    await a.recordPartsSent(runA, 1); // A sends part 0; its run is then deferred
    const runB = await beginWaiting(b, 'PN:P', false);
    assert.equal(await b.partsSent(runB), 1);
    await b.recordPartsSent(runB, 3); // B sends parts 1 and 2; deferred again
    const rerunA = await beginWaiting(a, 'PN:P', false);
    assert.equal(await a.partsSent(rerunA), 3, 'parts 1 and 2 are not sent a second time');
  });

  it('runs a turn that lost a state race again at once, on fresh state, without waiting for a sweep', async () => {
    const { turns, inFlight } = setup();
    const runs: { id: string; attempts: number }[] = [];
    turns.register('whatsapp', async (event: InboxEvent) => {
      runs.push({ id: event.id, attempts: event.attempts });
      if (runs.length === 1) throw new StateConflictError('whatsapp/conversations/PN:R');
    });
    await turns.record('whatsapp', 'PN:R', 1, 'first', {});
    await turns.record('whatsapp', 'PN:R', 2, 'second', {});
    turns.drain('whatsapp', 'PN:R');
    await inFlight.idle(10_000);
    assert.deepEqual(runs, [
      { id: 'first', attempts: 0 },
      { id: 'first', attempts: 1 },
      { id: 'second', attempts: 0 },
    ]);
  });

  it('does not give up a turn after three lost state races: they have a larger budget than failures', async () => {
    const { turns, inFlight } = setup();
    const runs: number[] = [];
    turns.register('whatsapp', async (event: InboxEvent) => {
      runs.push(event.attempts);
      if (runs.length <= 4) throw new StateConflictError('whatsapp/conversations/PN:S');
    });
    await turns.record('whatsapp', 'PN:S', 1, 'busy', {});
    turns.drain('whatsapp', 'PN:S');
    await inFlight.idle(10_000);
    assert.deepEqual(runs, [0, 1, 2, 3, 4], 'the fifth run, on fresh state, went through');
  });

  it('gives turns a quarter of their slots while a burst of webhooks is being written, and all of them after', async () => {
    const account = testAccount();
    let openRecords: () => void = () => undefined;
    const recordsHeld = new Promise<void>((resolve) => (openRecords = resolve));
    let holding = false;
    const { turns, inFlight } = turnsOver(account, {
      inbox: interceptedInbox(account, () => (holding ? recordsHeld : Promise.resolve())),
      staleAfterMs: 0,
      sweepEveryMs: 0,
      maxConcurrent: 8,
    });
    let running = 0;
    let started = 0;
    const peaks: number[] = [];
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let releaseLater: () => void = () => undefined;
    const laterHeld = new Promise<void>((resolve) => (releaseLater = resolve));
    turns.register('whatsapp', async () => {
      started += 1;
      const gate = started <= 2 ? firstHeld : laterHeld;
      running += 1;
      peaks.push(running);
      await gate;
      running -= 1;
    });
    for (let c = 0; c < 12; c += 1) await turns.record('whatsapp', `PN:B${c}`, 1, `b${c}`, {});
    holding = true;
    const burst = Array.from({ length: 4 }, (_, i) => turns.record('whatsapp', 'PN:X', 2, `x${i}`, {}));
    for (let c = 0; c < 12; c += 1) turns.drain('whatsapp', `PN:B${c}`);
    // Two start (however slow the machine); half a second more shows no third does while the burst lasts.
    await waitUntil(() => running >= 2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(running, 2, 'a quarter of 8 slots during the burst');
    openRecords();
    await Promise.all(burst);
    releaseFirst();
    const deadline = Date.now() + 5000;
    while (running < 8 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(running, 8, 'all 8 slots once the burst is over');
    releaseLater();
    await inFlight.idle(10_000);
    assert.equal(peaks.length, 12, 'every conversation ran');
  });
});

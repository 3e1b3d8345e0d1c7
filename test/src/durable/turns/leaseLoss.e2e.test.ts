/**
 * A drain that loses its conversation's lease mid-turn (here another client breaks it and takes it, as an
 * instance that found it lapsed would) stops before its next send: the rest of the reply and the later
 * events wait, not counted as failed, with no apology; the next holder's drain replays the turn,
 * skipping the part already sent, and nothing is lost. Against Azurite, through the WhatsApp adapter.
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { ConcurrentConversationState, ConcurrentUserState } from '../../../../src/durable/concurrentState';
import type { InboxEvent } from '../../../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../../../src/durable/storage/conversationLease';
import { BlobStateStorage } from '../../../../src/durable/storage/blobStateStorage';
import { encodeKey } from '../../../../src/durable/storage/blobName';
import { createIdHasher } from '../../../../src/app/telemetry/idHasher';
import { createTurnErrorHandler } from '../../../../src/app/turnErrorHandler';
import { CapturedResponse, CLOUD, cloudNumber, rig, whatsAppOn } from '../../../helpers/adapterRig';
import { waitUntil } from '../../../helpers/botProcess';
import { FakeGraph } from '../../../helpers/fakeGraph';
import { signedRequest } from '../../../helpers/metaSignature';
import { text, webhook } from '../../../helpers/whatsappWebhooks';

/** A real lease that also tells the test when a hold ends because a renewal failed. */
class WatchedLease extends ConversationLease {
  lost = false;

  override withLease(key: string, work: (held: AbortSignal) => Promise<void>): Promise<boolean> {
    return super.withLease(key, (held) => {
      held.addEventListener('abort', () => (this.lost = true));
      return work(held);
    });
  }
}

describe('durable turns: a lost lease (Azurite)', function () {
  this.timeout(30_000);
  let graph: FakeGraph;
  before(async () => {
    graph = await FakeGraph.start({ tokens: [CLOUD.token] });
  });
  after(() => graph.stop());

  it('stops the drain before its next send; the events keep waiting and run again, nothing sent twice', async () => {
    let watched: WatchedLease | undefined;
    const on = rig({ lease: (account) => (watched = new WatchedLease(account, 15, 100)) });
    const user = { waId: '919000000333' };
    let sentOne: () => void = () => undefined;
    const oneSent = new Promise<void>((resolve) => (sentOne = resolve));
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const adapter = whatsAppOn(on, [cloudNumber(graph.graphUrl)], {
      logic: async (context: TurnContext) => {
        if (context.activity.text === 'second') {
          await context.sendActivity('reply to second');
          return;
        }
        await context.sendActivity('one');
        sentOne();
        await gate;
        await context.sendActivity('two');
      },
    });
    const storage = new BlobStateStorage(on.account);
    adapter.onTurnError = createTurnErrorHandler({
      log: on.log,
      conversationState: new ConcurrentConversationState(storage),
      userState: new ConcurrentUserState(storage),
      defaultLocale: 'en',
      hashId: createIdHasher('k'.repeat(32)),
    });
    const now = Math.floor(Date.now() / 1000);
    const body = webhook(CLOUD.phoneNumberId, user, [
      text(user, 'first', undefined, now - 2),
      text(user, 'second', undefined, now - 1),
    ]);
    const response = new CapturedResponse();
    await adapter.process(signedRequest('/webhooks/whatsapp', body, CLOUD.appSecret), response, () =>
      Promise.resolve(),
    );
    assert.equal(response.statusCode, 200);
    const texts = () =>
      graph
        .sent('whatsapp')
        .filter((r) => Object(r.body).to === user.waId && Object(r.body).type === 'text')
        .map((r) => Object(r.body).text.body);

    // Mid-turn, another client breaks the conversation's lease and takes it.
    await oneSent;
    const conversation = `${CLOUD.phoneNumberId}:${user.waId}`;
    const inbox = await on.account.container('inbox');
    const lock = inbox.getBlockBlobClient(`leases/${encodeKey(`whatsapp/${conversation}`)}`);
    await lock.getBlobLeaseClient().breakLease(0);
    const other = lock.getBlobLeaseClient();
    await other.acquireLease(15);
    assert.ok(await waitUntil(() => watched?.lost === true, 5_000), 'the renewal failed');
    openGate();
    await on.inFlight.idle(10_000);

    assert.deepEqual(texts(), ['one'], 'nothing more went out: no part two, no apology, no later event');
    assert.deepEqual(
      (await on.inbox.all('whatsapp', conversation)).map((e) => e.state),
      ['waiting', 'waiting'],
    );
    assert.deepEqual(
      on.logs.filter((l) => l.level === 'error').map((l) => l.line),
      [],
      'not a failure',
    );

    // The next holder (here this instance again, once the other lets go) replays the turn.
    await other.releaseLease();
    on.turns.drain('whatsapp', conversation);
    await on.inFlight.idle(10_000);
    assert.deepEqual(texts(), ['one', 'two', 'reply to second']);
    assert.deepEqual(
      (await on.inbox.all('whatsapp', conversation)).map((e) => e.state),
      ['done', 'done'],
    );
  });

  it('starts no further event once the lease is lost, though the event that saw it finished', async () => {
    let watched: WatchedLease | undefined;
    const on = rig({ lease: (account) => (watched = new WatchedLease(account, 15, 100)) });
    const ran: string[] = [];
    on.turns.register('probe', async (event: InboxEvent, held: AbortSignal) => {
      ran.push(event.id);
      if (event.id === 'a') await new Promise((resolve) => held.addEventListener('abort', resolve));
    });
    await on.turns.record('probe', 'c', 1, 'a', {});
    await on.turns.record('probe', 'c', 2, 'b', {});
    on.turns.drain('probe', 'c');
    assert.ok(await waitUntil(() => ran.length === 1, 5_000));
    const inbox = await on.account.container('inbox');
    const lock = inbox.getBlockBlobClient(`leases/${encodeKey('probe/c')}`);
    await lock.getBlobLeaseClient().breakLease(0);
    await on.inFlight.idle(10_000);
    assert.equal(watched?.lost, true);
    assert.deepEqual(ran, ['a'], 'b waits for the next holder');
    assert.deepEqual(
      (await on.inbox.all('probe', 'c')).map((e) => e.state),
      ['done', 'waiting'],
    );
  });
});

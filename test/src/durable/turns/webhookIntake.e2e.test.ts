/**
 * Large webhooks against Azurite: a signed Messenger webhook from 5,000 people is answered after a
 * bounded number of storage writes (one batch record, whatever its size), every event of a batch then
 * runs exactly once, and a batch record left by a crash between the answer and its fan-out is fanned out
 * by a fresh instance's sweep, each event still run once (a redelivery of the batch afterwards runs
 * nothing).
 *
 * Running every turn of 5,000 people costs 8 storage operations each (about 150 s on this machine's
 * Azurite), so the batches that run are smaller; `npm run bench:batch` runs the full 5,000. These tests
 * use an Azurite of their own: its cost per operation grows with every blob in the account, and
 * thousands of blobs in the shared one would slow every test after them.
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import { StorageCounter } from '../../../../bench/storageCounter';
import { StorageUnavailableError } from '../../../../src/core/errors';
import type { HttpRequest } from '../../../../src/core/http';
import { BlobAccount } from '../../../../src/durable/storage/blobAccount';
import { ConversationInbox } from '../../../../src/durable/storage/conversationInbox';
import { CapturedResponse, messengerOn, messengerPage, rig, type Rig } from '../../../helpers/adapterRig';
import { startTestAzurite, uniquePrefix, type TestAzurite } from '../../../helpers/azurite';
import { FakeGraph } from '../../../helpers/fakeGraph';
import { messengerBatchRequest } from '../../../helpers/messengerBatch';

/** Counts the turns each inbound message ran (a cheap bot: no reply, so the send rate does not matter). */
function countingLogic(ran: Map<string, number>) {
  return async (context: TurnContext): Promise<void> => {
    const id = context.activity.id ?? '';
    ran.set(id, (ran.get(id) ?? 0) + 1);
  };
}

/** A response that notes the storage operations counted (by kind) when the answer was given. */
class CountedResponse extends CapturedResponse {
  opsBeforeAnswer = new Map<string, number>();

  constructor(private readonly counter: StorageCounter) {
    super();
  }

  override end(...args: unknown[]): this {
    this.opsBeforeAnswer = new Map(this.counter.counts);
    return super.end(...args);
  }
}

async function blobsUnder(on: Rig, prefix: string): Promise<number> {
  const inbox = await on.account.container('inbox');
  let count = 0;
  for await (const _ of inbox.listBlobsFlat({ prefix })) count += 1;
  return count;
}

/** Delivers a webhook to the adapter; resolves to what it threw (undefined when it answered). */
async function deliver(
  adapter: ReturnType<typeof messengerOn>,
  request: HttpRequest,
  response: CapturedResponse,
): Promise<unknown> {
  try {
    await adapter.process(request, response, () => Promise.resolve());
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Storage that refuses every inbox write, as a process that died right after its answer would. */
class DeadInbox extends ConversationInbox {
  override record(): Promise<boolean> {
    return Promise.reject(new StorageUnavailableError('the process died'));
  }
}

/** The events held in the inbox's batch records (read as stored JSON). */
async function eventsInBatchRecords(on: Rig): Promise<string[]> {
  const inbox = await on.account.container('inbox');
  const ids: string[] = [];
  for await (const blob of inbox.listBlobsFlat({ prefix: 'batches/' })) {
    const download = await inbox.getBlockBlobClient(blob.name).downloadToBuffer();
    for (const event of JSON.parse(download.toString('utf8')).events) ids.push(event.id);
  }
  return ids;
}

describe('large webhooks: one batch record before the answer, fanned out after it (Azurite)', function () {
  this.timeout(120_000);
  let azurite: TestAzurite;
  let graph: FakeGraph;
  let counter: StorageCounter;
  before(async () => {
    azurite = await startTestAzurite();
    graph = await FakeGraph.start({ tokens: ['t-page'] });
    counter = await StorageCounter.start(Number(new URL(azurite.blobEndpoint).port));
  });
  after(async () => {
    await counter.stop();
    await graph.stop();
    await azurite.destroy();
  });
  const page = () => ({ ...messengerPage(graph.graphUrl), messagesPerSecond: 1000 });
  /** An account of its own on this file's Azurite, its requests counted. */
  const counted = () =>
    new BlobAccount({
      connectionString: counter.connectionString(azurite.connectionString),
      containerPrefix: uniquePrefix(),
    });

  /** Posts one person's message first, so containers exist before anything is counted. */
  async function warmUp(on: Rig, adapter: ReturnType<typeof messengerOn>): Promise<void> {
    await deliver(adapter, messengerBatchRequest(1, `warm${uniquePrefix()}`), new CapturedResponse());
    assert.ok(await on.inFlight.idle(20_000));
    await on.account.container('inbox');
    counter.reset();
  }

  /** Delivers a webhook, answered 200 after one storage operation: its batch record. */
  async function deliverAnsweredAfterOneWrite(
    adapter: ReturnType<typeof messengerOn>,
    request: HttpRequest,
  ): Promise<void> {
    const response = new CountedResponse(counter);
    assert.equal(await deliver(adapter, request, response), undefined);
    assert.equal(response.statusCode, 200);
    assert.deepEqual(
      [...response.opsBeforeAnswer],
      [['PUT inbox/batches/', 1]],
      'one storage operation before the answer: the batch record',
    );
  }

  it('answers a signed Messenger webhook from 5,000 people after one storage write, all 5,000 events durable in one batch record', async () => {
    // No inbox write is needed before the answer: here the inbox refuses them all, as if the process died
    // right after answering (the fan-out that follows fails, and the batch record waits for the sweep).
    const on = rig({ account: counted(), inbox: (account) => new DeadInbox(account) });
    const adapter = messengerOn(on, [page()], { logic: () => Promise.resolve() });
    await on.account.container('inbox');
    await on.account.container('state');
    counter.reset();
    await deliverAnsweredAfterOneWrite(adapter, messengerBatchRequest(5000, 'big'));
    assert.ok(await on.inFlight.idle(20_000));
    const ids = await eventsInBatchRecords(on);
    assert.equal(new Set(ids).size, 5000, 'every event is in the batch record');
  });

  it('records and runs each event of a 500-person batch exactly once, after an answer that waited for one write', async () => {
    const on = rig({ account: counted() });
    const ran = new Map<string, number>();
    const adapter = messengerOn(on, [page()], { logic: countingLogic(ran) });
    await warmUp(on, adapter);
    ran.clear();

    await deliverAnsweredAfterOneWrite(adapter, messengerBatchRequest(500, 'run'));
    assert.ok(await on.inFlight.idle(100_000), 'the batch drained');
    assert.equal(ran.size, 500, 'every event ran');
    assert.deepEqual(
      [...ran].filter(([, times]) => times !== 1),
      [],
      'no event ran twice',
    );
    assert.equal(await blobsUnder(on, 'batches/'), 0, 'the batch record is removed once fanned out');
    assert.equal(await blobsUnder(on, 'waiting/'), 0, 'nothing waits');
    assert.equal(
      await blobsUnder(on, 'history/'),
      501,
      'each event has its history (and the first person’s)',
    );
  });

  it('a crash between the answer and the fan-out loses nothing: a fresh instance’s sweep records and runs every event once', async () => {
    const dead = rig({ account: counted(), inbox: (account) => new DeadInbox(account) });
    const notRun = new Map<string, number>();
    const request = messengerBatchRequest(200, 'crash');
    const response = new CapturedResponse();
    const error = await deliver(
      messengerOn(dead, [page()], { logic: countingLogic(notRun) }),
      request,
      response,
    );
    assert.equal(error, undefined, 'the batch record alone is enough to answer');
    assert.equal(response.statusCode, 200);
    assert.ok(await dead.inFlight.idle(20_000));
    assert.equal(notRun.size, 0, 'nothing ran in the instance that died');
    assert.equal(await blobsUnder(dead, 'batches/'), 1, 'the batch record stays until it is fanned out');

    const fresh = rig({ account: dead.account });
    const ran = new Map<string, number>();
    const adapter = messengerOn(fresh, [page()], { logic: countingLogic(ran) });
    assert.ok((await fresh.turns.sweep(0)) >= 1, 'the sweep finds the batch record');
    assert.ok(await fresh.inFlight.idle(60_000));
    assert.equal(ran.size, 200, 'every event ran');
    assert.deepEqual(
      [...ran].filter(([, times]) => times !== 1),
      [],
      'no event ran twice',
    );
    assert.equal(await blobsUnder(fresh, 'batches/'), 0);
    assert.equal(await blobsUnder(fresh, 'waiting/'), 0);

    // Meta delivers the same batch again: answered, recognised, nothing runs twice.
    const again = new CapturedResponse();
    assert.equal(await deliver(adapter, request, again), undefined);
    assert.equal(again.statusCode, 200);
    assert.ok(await fresh.inFlight.idle(60_000));
    assert.equal(ran.size, 200);
    assert.deepEqual(
      [...ran].filter(([, times]) => times !== 1),
      [],
      'a redelivered batch runs nothing again',
    );
    assert.equal(await blobsUnder(fresh, 'batches/'), 0);
  });
});

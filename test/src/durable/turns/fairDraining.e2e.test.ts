/**
 * Fair draining against Azurite: while a Messenger batch from many people drains, a WhatsApp person who
 * writes is served within the stated bound (`FairAdmission`: after at most one admission of each group
 * already waiting, here the batch), not after the whole batch. The bound does not depend on the batch's
 * size (at most one batch turn first, whatever the batch); 250 people are enough for a first-come order to
 * serve the WhatsApp person after hundreds of turns, and all of them run before the test ends (8 storage
 * operations each). An Azurite of its own keeps those blobs out of the shared one.
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import type { HttpRequest } from '../../../../src/core/http';
import { BlobAccount } from '../../../../src/durable/storage/blobAccount';
import {
  CapturedResponse,
  CLOUD,
  cloudNumber,
  messengerOn,
  messengerPage,
  rig,
  whatsAppOn,
} from '../../../helpers/adapterRig';
import { startTestAzurite, uniquePrefix, type TestAzurite } from '../../../helpers/azurite';
import { FakeGraph } from '../../../helpers/fakeGraph';
import { messengerBatchRequest } from '../../../helpers/messengerBatch';
import { signedRequest } from '../../../helpers/metaSignature';
import { text, webhook } from '../../../helpers/whatsappWebhooks';

const SENDERS = 250;
const SLOTS = 4;

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function whatsAppRequest(waId: string): HttpRequest {
  const user = { waId };
  return signedRequest(
    '/webhooks/whatsapp',
    webhook(CLOUD.phoneNumberId, user, [text(user, 'hello')]),
    CLOUD.appSecret,
  );
}

describe('fair draining (Azurite)', function () {
  this.timeout(120_000);
  let azurite: TestAzurite;
  let graph: FakeGraph;
  before(async () => {
    azurite = await startTestAzurite();
    graph = await FakeGraph.start({ tokens: ['t-page', CLOUD.token] });
  });
  after(async () => {
    await graph.stop();
    await azurite.destroy();
  });

  it('serves a WhatsApp person who writes while a 250-person Messenger batch drains after at most one of the batch’s turns (one group waits ahead), not after the batch', async () => {
    const account = new BlobAccount({
      connectionString: azurite.connectionString,
      containerPrefix: uniquePrefix(),
    });
    const on = rig({ account, turns: { maxConcurrent: SLOTS } });
    /** Turns in the order they started: `m` a batch turn, `w` the WhatsApp person's. */
    const starts: ('m' | 'w')[] = [];
    const ran = new Map<string, number>();
    const held: (() => void)[] = [];
    let gateOpen = false;
    const logic = async (context: TurnContext): Promise<void> => {
      const id = context.activity.id ?? '';
      ran.set(id, (ran.get(id) ?? 0) + 1);
      if (context.activity.channelId === 'whatsapp') {
        starts.push('w');
        return;
      }
      starts.push('m');
      // Batch turns wait until the test lets each one finish: slots free up one at a time.
      if (!gateOpen) await new Promise<void>((resolve) => held.push(resolve));
    };
    const messenger = messengerOn(on, [{ ...messengerPage(graph.graphUrl), messagesPerSecond: 1000 }], {
      logic,
    });
    const whatsapp = whatsAppOn(on, [cloudNumber(graph.graphUrl)], { logic });

    const batchAnswer = new CapturedResponse();
    await messenger.process(messengerBatchRequest(SENDERS, 'fair'), batchAnswer, logic);
    assert.equal(batchAnswer.statusCode, 200);
    await until(() => held.length === SLOTS, 'every slot holds a batch turn');

    const answer = new CapturedResponse();
    await whatsapp.process(whatsAppRequest('919800000001'), answer, logic);
    assert.equal(answer.statusCode, 200);
    const before = starts.length;
    // Let the batch's turns finish one at a time; each frees one slot, and one turn starts in it.
    for (let step = 0; step < 30 && !starts.includes('w'); step += 1) {
      const next = held.shift();
      assert.ok(next, 'a batch turn holds a slot');
      next();
      const count = starts.length;
      await until(() => starts.length > count, 'a turn starts in the freed slot');
    }
    const batchTurnsFirst = starts.slice(before).filter((s) => s === 'm').length;
    assert.ok(starts.includes('w'), `the WhatsApp person still waits after ${batchTurnsFirst} batch turns`);
    assert.ok(batchTurnsFirst <= 1, `${batchTurnsFirst} batch turns started before the WhatsApp person’s`);

    gateOpen = true;
    for (const release of held.splice(0)) release();
    assert.ok(await on.inFlight.idle(100_000), 'the batch drained');
    assert.equal(ran.size, SENDERS + 1, 'every event ran');
    assert.deepEqual(
      [...ran].filter(([, times]) => times !== 1),
      [],
      'no event ran twice',
    );
  });
});

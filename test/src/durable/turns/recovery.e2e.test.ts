/**
 * Reliability through the real app: a webhook is answered 503 while storage is down and processed once it
 * is back; events left waiting by a dead instance are picked up by the sweep; a replayed turn does not
 * send replies already sent.
 */
import assert from 'node:assert/strict';
import { createApp, type App } from '../../../../src/app/app';
import { loadConfig } from '../../../../src/app/config';
import { silentLogger } from '../../../../src/core/log';
import { startEmbeddedAzurite } from '../../../../src/durable/storage/embeddedAzurite';
import { openStorage } from '../../../../src/app/openStorage';
import { startTestAzurite, uniquePrefix } from '../../../helpers/azurite';
import { FakeGraph } from '../../../helpers/fakeGraph';
import { postSigned } from '../../../helpers/metaSignature';
import { cloudNumberEnv, startTestApp, type TestApp } from '../../../helpers/testApp';
import { text, webhook } from '../../../helpers/whatsappWebhooks';

const PN = '106540352242922';
const env = (graph: FakeGraph) =>
  cloudNumberEnv(graph, {
    phoneNumberId: PN,
    token: 'EAArecovery',
    appSecret: 'recovery-secret',
    verifyToken: 'v',
  });

async function post(url: string, body: unknown): Promise<number> {
  const response = await postSigned(url, body, 'recovery-secret');
  await response.arrayBuffer();
  return response.status;
}

let graphUrl = '';

/** What a webhook records for a text "hi" from `waId` (the inbox payload of the WhatsApp adapter). */
function recordedPayload(waId: string, id: string) {
  return {
    serviceUrl: `${graphUrl}/${PN}`,
    item: {
      phoneNumberId: PN,
      userKey: waId,
      dedupeKey: id,
      media: [],
      activity: {
        type: 'message',
        id,
        text: 'hi',
        timestamp: new Date().toISOString(),
        channelId: 'whatsapp',
        serviceUrl: `${graphUrl}/${PN}`,
        from: { id: waId, name: '', role: 'user', properties: { waId } },
        recipient: { id: PN, name: '15550001111', role: 'bot' },
        conversation: { id: `${PN}:${waId}`, isGroup: false, conversationType: 'personal', name: '' },
      },
    },
  };
}

describe('reliability through the real app', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  before(async () => {
    graph = await FakeGraph.start({ tokens: ['EAArecovery'] });
    graphUrl = graph.graphUrl;
  });
  after(() => graph.stop());
  /** Runs `work` against the app on containers of its own, and stops the app after. */
  async function withApp(work: (app: TestApp) => Promise<void>): Promise<void> {
    const app = await startTestApp(env(graph));
    try {
      await work(app);
    } finally {
      await app.stop();
    }
  }
  const repliesTo = (waId: string) =>
    graph.sent('whatsapp').filter((r) => Object(r.body).to === waId && Object(r.body).type);

  it('answers 503 while storage is down (readiness says so), and processes the redelivery once it is back', async () => {
    const azurite = await startTestAzurite();
    const config = loadConfig({
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORAGE_CONTAINER_PREFIX: uniquePrefix(),
      ...env(graph),
    });
    const storage = await openStorage(config);
    const app: App = await createApp(config, { log: silentLogger, storage });
    const url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    const user = { waId: '919700001001' };
    const body = webhook(PN, user, [text(user, 'hi')]);
    let restarted: Awaited<ReturnType<typeof startEmbeddedAzurite>> | undefined;
    try {
      await azurite.stop();
      assert.equal(await post(url, body), 503);
      assert.equal((await fetch(`${url}/readyz`)).status, 503);
      restarted = await startEmbeddedAzurite({
        location: azurite.location,
        port: Number(new URL(azurite.blobEndpoint).port),
      });
      assert.equal((await fetch(`${url}/readyz`)).status, 200);
      assert.equal(await post(url, body), 200);
      await app.inFlight.idle(10_000);
      assert.equal(repliesTo(user.waId).length, 1);
      assert.equal(await post(url, body), 200);
      await app.inFlight.idle(10_000);
      assert.equal(repliesTo(user.waId).length, 1, 'and once only');
    } finally {
      await app.close();
      await restarted?.stop();
      await azurite.destroy();
    }
  });

  it('sweeps events a dead instance recorded but never ran, and a replay sends nothing twice', async () => {
    await withApp(async (app) => {
      const user = { waId: '919700001002' };
      const message = text(user, 'hi');
      // A dead instance: the event is in the inbox, recorded exactly as a webhook records it, never run.
      const recording = {
        channel: 'whatsapp',
        conversationKey: `${PN}:${user.waId}`,
        timestampMs: Date.now(),
        id: message.id,
        payload: recordedPayload(user.waId, message.id),
      };
      const recorded = await app.storage.inbox.record(recording);
      assert.equal(recorded, true);
      assert.equal(await app.app.turns.sweep(0), 1);
      await app.app.inFlight.idle(10_000);
      assert.equal(repliesTo(user.waId).length, 1, 'the swept event was answered');

      // Replay: the event waits again and its history says a run began, as if the instance died after
      // sending but before marking it done.
      const [event] = await app.storage.inbox.all('whatsapp', `${PN}:${user.waId}`);
      assert.ok(event);
      assert.equal(event.state, 'done');
      assert.equal(await app.storage.inbox.record(recording), true);
      const inbox = await app.storage.account.container('inbox');
      const copy = await inbox.getBlockBlobClient(`waiting/${event.name}`).getProperties();
      const history = inbox.getBlockBlobClient(`history/${event.name}`);
      const { metadata } = await history.getProperties();
      assert.equal(metadata?.sent, '1', 'the history counts the part sent');
      await history.setMetadata({ ...metadata, copy: copy.etag?.replace(/"/g, '') ?? '' });
      assert.equal(await app.app.turns.sweep(0), 1);
      await app.app.inFlight.idle(10_000);
      const [replayed] = await app.storage.inbox.all('whatsapp', `${PN}:${user.waId}`);
      assert.equal(replayed?.state, 'done', 'the turn was replayed and finished');
      assert.equal(repliesTo(user.waId).length, 1, 'the replayed turn sent nothing it had sent already');
      assert.ok(
        app.logs.some((l) => /a replayed turn skips a part it sent before/.test(l.line)),
        'the turn did run again',
      );
    });
  });

  it('a late redelivery of a finished event is acknowledged and runs nothing', async () => {
    await withApp(async (app) => {
      const user = { waId: '919700001003' };
      const message = text(user, 'hi');
      const body = webhook(PN, user, [message]);
      assert.equal(await post(app.url, body), 200);
      await app.app.inFlight.idle(10_000);
      assert.equal(repliesTo(user.waId).length, 1);
      const inbox = await app.storage.account.container('inbox');
      let waitingCopies = 0;
      for await (const _blob of inbox.listBlobsFlat({ prefix: 'waiting/' })) waitingCopies += 1;
      assert.equal(waitingCopies, 0);

      assert.equal(await post(app.url, body), 200);
      await app.app.inFlight.idle(10_000);
      assert.equal(await app.app.turns.sweep(0), 0, 'nothing waits');
      assert.equal(repliesTo(user.waId).length, 1, 'not answered again');
      const [event] = await app.storage.inbox.all('whatsapp', `${PN}:${user.waId}`);
      assert.equal(event?.state, 'done');
    });
  });
});

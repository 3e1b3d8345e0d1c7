/**
 * Reliability through the real app: a webhook is answered 503 while storage is down and processed once it
 * is back; events left pending by a dead instance are picked up by the sweep; a replayed turn does not
 * send replies already sent.
 */
import assert from 'node:assert/strict';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { silentLogger } from '../../../src/log';
import { startEmbeddedAzurite } from '../../../src/storage/embeddedAzurite';
import { openStorage } from '../../../src/storage/openStorage';
import { startTestAzurite, uniquePrefix } from '../../helpers/azurite';
import { FakeGraph } from '../../helpers/fakeGraph';
import { signedHeaders } from '../../helpers/metaSignature';
import { startTestApp } from '../../helpers/testApp';
import { text, webhook } from '../../helpers/whatsappWebhooks';

const PN = '106540352242922';
const env = (graph: FakeGraph) => ({
  META_GRAPH_URL: graph.graphUrl,
  WHATSAPP_PHONE_NUMBER_ID: PN,
  WHATSAPP_ACCESS_TOKEN: 'EAArecovery',
  WHATSAPP_APP_SECRET: 'recovery-secret',
  WHATSAPP_VERIFY_TOKEN: 'v',
});

async function post(url: string, body: unknown): Promise<number> {
  const raw = Buffer.from(JSON.stringify(body));
  const response = await fetch(`${url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: signedHeaders(raw, 'recovery-secret'),
    body: raw,
  });
  await response.arrayBuffer();
  return response.status;
}

describe('reliability through the real app', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  before(async () => {
    graph = await FakeGraph.start({ tokens: ['EAArecovery'] });
  });
  after(() => graph.stop());
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
    const app = await startTestApp(env(graph));
    try {
      const user = { waId: '919700001002' };
      const message = text(user, 'hi');
      // A dead instance: the event is in the inbox, recorded exactly as a webhook records it, never run.
      const recorded = await app.storage.inbox.record({
        channel: 'whatsapp',
        conversationKey: `${PN}:${user.waId}`,
        timestampMs: Date.now(),
        id: message.id,
        payload: {
          serviceUrl: `${graph.graphUrl}/${PN}`,
          item: {
            phoneNumberId: PN,
            userKey: user.waId,
            dedupeKey: message.id,
            media: [],
            activity: {
              type: 'message',
              id: message.id,
              text: 'hi',
              timestamp: new Date().toISOString(),
              channelId: 'whatsapp',
              serviceUrl: `${graph.graphUrl}/${PN}`,
              from: { id: user.waId, name: '', role: 'user', properties: { waId: user.waId } },
              recipient: { id: PN, name: '15550001111', role: 'bot' },
              conversation: {
                id: `${PN}:${user.waId}`,
                isGroup: false,
                conversationType: 'personal',
                name: '',
              },
            },
          },
        },
      });
      assert.equal(recorded, true);
      assert.equal(await app.app.turns.sweep(0), 1);
      await app.app.inFlight.idle(10_000);
      assert.equal(repliesTo(user.waId).length, 1, 'the swept event was answered');

      // Replay: the event is pending again, as if the instance died after sending but before marking it done.
      const [event] = await app.storage.inbox.all('whatsapp', `${PN}:${user.waId}`);
      assert.ok(event);
      await app.storage.inbox.failed({ ...event, attempts: 0 });
      assert.equal(await app.app.turns.sweep(0), 1);
      await app.app.inFlight.idle(10_000);
      assert.equal(repliesTo(user.waId).length, 1, 'the replayed turn sent nothing it had sent already');
    } finally {
      await app.stop();
    }
  });
});

/**
 * The adapters from plain options, as a bot developer's own Node server mounts them: a signed webhook
 * answered through the fake Graph server on memory and on blob storage, Messenger too, bad options named
 * field by field, the raw bytes an express body parser kept (or lost), and shutdown.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TurnContext } from 'botbuilder';
import {
  blobStorage,
  ConfigError,
  createMessengerAdapter,
  createWhatsAppAdapter,
  memoryStorage,
  silentLogger,
  type AdapterStorage,
  type Standalone,
  type ChannelAdapter,
  type WhatsAppFactoryOptions,
} from '../../../adapters/index';
import { replyText } from '../../helpers/appOnGraph';
import { testAccount } from '../../helpers/azurite';
import { waitUntil } from '../../helpers/botProcess';
import { FakeGraph } from '../../helpers/fakeGraph';
import { postSigned, signedHeaders } from '../../helpers/metaSignature';
import { text, webhook } from '../../helpers/whatsappWebhooks';

const PHONE = '106540352242922';
const PAGE = '111899832631525';
const TOKEN = 'EAAG-factory-token';
const SECRET = 'factory-app-secret';
const person = { waId: '919812345678' };
const echo = async (context: TurnContext) => {
  if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
};

/** Serves `handler` on port 0; `before` runs first (an express-like body parser). */
async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  before?: (req: IncomingMessage) => Promise<void>,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    void (before ? before(req) : Promise.resolve()).then(() => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('adapters from plain options (createWhatsAppAdapter, createMessengerAdapter)', function () {
  this.timeout(30_000);
  let graph: FakeGraph;
  const running: { server?: Server; built: Standalone<ChannelAdapter> }[] = [];
  const whatsapp = (storage?: AdapterStorage) => {
    const built = createWhatsAppAdapter({
      numbers: [{ phoneNumberId: PHONE, accessToken: TOKEN, appSecret: SECRET, verifyToken: 'v' }],
      graphUrl: graph.graphUrl,
      logic: echo,
      log: silentLogger,
      ...(storage ? { storage } : {}),
    });
    running.push({ built });
    return built;
  };
  const repliesTo = (to: string) => graph.sent('whatsapp').filter((r) => Object(r.body).to === to);

  before(async () => {
    graph = await FakeGraph.start({ tokens: [TOKEN] });
  });
  afterEach(async () => {
    for (const { server, built } of running.splice(0)) {
      server?.close();
      await built.shutdown(2_000);
    }
  });
  after(() => graph.stop());

  for (const [name, storage] of [
    ['in memory', () => memoryStorage()],
    ['in blob storage (Azurite)', () => blobStorage(testAccount())],
  ] as const) {
    it(`answers a signed WhatsApp webhook, its state ${name}, and a redelivery once`, async () => {
      const built = whatsapp(storage());
      const { url, server } = await serve(built.handler);
      running.push({ server, built });
      const who = { waId: `91981${Math.floor(Math.random() * 1e7)}` };
      const body = webhook(PHONE, who, [text(who, 'namaste')]);
      assert.equal((await postSigned(url, body, SECRET)).status, 200);
      assert.equal((await postSigned(url, body, SECRET)).status, 200, 'a redelivery');
      assert.ok(await waitUntil(() => repliesTo(who.waId).length >= 1, 10_000));
      await built.inFlight.idle(5_000);
      assert.deepEqual(repliesTo(who.waId).map(replyText), ['echo: namaste']);
    });
  }

  it('answers a Messenger webhook through its handler', async () => {
    const built = createMessengerAdapter({
      pages: [{ pageId: PAGE, pageAccessToken: TOKEN, appSecret: SECRET, verifyToken: 'v' }],
      graphUrl: graph.graphUrl,
      logic: echo,
      log: silentLogger,
    });
    const { url, server } = await serve(built.handler);
    running.push({ server, built });
    const item = {
      sender: { id: 'PSID-F1' },
      recipient: { id: PAGE },
      timestamp: Date.now(),
      message: { mid: `m_F${Date.now()}`, text: 'hello' },
    };
    const body = { object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [item] }] };
    assert.equal((await postSigned(url, body, SECRET, '/')).status, 200);
    const sent = () =>
      graph
        .sent('messenger')
        .filter((r) => Object(r.body).recipient?.id === 'PSID-F1' && Object(r.body).message);
    assert.ok(await waitUntil(() => sent().length >= 1, 10_000));
    assert.equal(Object(sent()[0]?.body).message?.text, 'echo: hello');
  });

  it('names every bad option, field by field, and never a secret', () => {
    // What a JavaScript caller might pass: typed as nothing.
    const bad: unknown = {
      numbers: [
        { phoneNumberId: PHONE, accessToken: '', appSecret: 'a-secret-value', verifyToken: 'v' },
        {
          transport: '360dialog',
          apiKey: 'k',
          webhookSecret: 'w',
          baseUrl: 'ftp://x',
          mesagesPerSecond: 3,
        },
      ],
      graphUrl: 'not a url',
      logic: undefined,
    };
    assert.throws(
      () => createWhatsAppAdapter(bad as WhatsAppFactoryOptions),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const problems = error.problems.join('\n');
        for (const field of [
          'numbers[0].accessToken',
          'numbers[1].baseUrl',
          'numbers[1]: ',
          'graphUrl',
          'logic',
        ])
          assert.ok(problems.includes(`createWhatsAppAdapter: ${field}`), `${field} in:\n${problems}`);
        assert.match(problems, /mesagesPerSecond/);
        assert.doesNotMatch(problems, /a-secret-value/);
        return true;
      },
    );
    assert.throws(
      () => createMessengerAdapter({ pages: [], logic: echo }),
      /pages: must list at least one page/,
    );
  });

  it('takes the raw bytes an express body parser kept, and answers 500 when one consumed them', async () => {
    const built = whatsapp();
    const parsed = async (req: IncomingMessage, keep: boolean) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(Buffer.from(chunk as Buffer));
      const raw = Buffer.concat(chunks);
      Object.assign(
        req,
        { body: raw.length > 0 ? JSON.parse(raw.toString()) : {} },
        keep ? { rawBody: raw } : {},
      );
    };
    const kept = await serve(built.handler, (req) => parsed(req, true));
    const lost = await serve(built.handler, (req) => parsed(req, false));
    running.push({ server: kept.server, built }, { server: lost.server, built });
    const body = JSON.stringify(webhook(PHONE, person, [text(person, 'kept')]));
    const post = (url: string) => fetch(url, { method: 'POST', headers: signedHeaders(body, SECRET), body });
    assert.equal((await post(kept.url)).status, 200);
    const refused = await post(lost.url);
    assert.equal(refused.status, 500, 'the platform delivers it again');
    assert.equal(Object(await refused.json()).error?.code, 'internal_error');
    const unsigned = await fetch(kept.url, { method: 'POST', body });
    assert.equal(unsigned.status, 401);
  });

  it('answers the verification, and after shutdown 503 so the platform delivers again', async () => {
    const built = whatsapp();
    const { url, server } = await serve(built.handler);
    running.push({ server, built });
    const challenge = await fetch(`${url}/?hub.mode=subscribe&hub.verify_token=v&hub.challenge=31`);
    assert.equal(await challenge.text(), '31');
    assert.equal(await built.shutdown(1_000), true);
    const body = webhook(PHONE, person, [text(person, 'late')]);
    const answer = await postSigned(url, body, SECRET);
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.get('retry-after'), '5');
  });
});

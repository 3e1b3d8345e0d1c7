/**
 * The bot logic of a channel adapter is configured once and is what every recorded event runs: an adapter
 * cannot be built without it (an event found by the recovery sweep would otherwise run as a no-op and be
 * marked done), and a webhook call passing other logic does not replace it.
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import type { HttpRequest } from '../../../src/http';
import { FakeGraph } from '../../helpers/fakeGraph';
import { signedHeaders } from '../../helpers/metaSignature';
import {
  CapturedResponse,
  CLOUD,
  cloudNumber,
  messengerOn,
  messengerPage,
  PAGE,
  rig,
  whatsAppOn,
} from '../../helpers/adapterRig';
import { text, webhook } from '../../helpers/whatsappWebhooks';

function signedPost(url: string, body: unknown, secret: string): HttpRequest {
  const raw = Buffer.from(JSON.stringify(body));
  return { method: 'POST', url, headers: signedHeaders(raw, secret), query: {}, rawBody: raw, body };
}

function messengerText(psid: string, words: string) {
  const message = { mid: `m_${psid}`, text: words };
  const item = { sender: { id: psid }, recipient: { id: PAGE.pageId }, timestamp: Date.now(), message };
  return { object: 'page', entry: [{ id: PAGE.pageId, time: Date.now(), messaging: [item] }] };
}

describe('channel adapters: the configured bot logic', () => {
  let graph: FakeGraph;
  before(async () => {
    graph = await FakeGraph.start({ tokens: [CLOUD.token, PAGE.token] });
  });
  after(() => graph.stop());

  it('cannot be left out: building an adapter without logic is a TypeError naming the option', () => {
    const on = rig();
    const namesLogic = (error: unknown) => error instanceof TypeError && /options\.logic/.test(error.message);
    // What a JavaScript caller can do; TypeScript refuses it (the build fails if the option becomes optional).
    // @ts-expect-error logic is a required option
    assert.throws(() => whatsAppOn(on, [cloudNumber(graph.graphUrl)], {}), namesLogic);
    // @ts-expect-error logic is a required option
    assert.throws(() => messengerOn(on, [messengerPage(graph.graphUrl)], {}), namesLogic);
  });

  it('WhatsApp: a recorded event runs the configured logic, not the logic a webhook call passed', async () => {
    const on = rig();
    const ran: string[] = [];
    const adapter = whatsAppOn(on, [cloudNumber(graph.graphUrl)], {
      logic: async (context: TurnContext) => {
        ran.push(`configured: ${context.activity.text ?? ''}`);
      },
    });
    const user = { waId: '919000000111' };
    const response = new CapturedResponse();
    await adapter.process(
      signedPost(
        '/webhooks/whatsapp',
        webhook(CLOUD.phoneNumberId, user, [text(user, 'hi')]),
        CLOUD.appSecret,
      ),
      response,
      async () => {
        ran.push('webhook');
      },
    );
    assert.equal(response.statusCode, 200);
    await on.inFlight.idle(10_000);
    assert.deepEqual(ran, ['configured: hi']);
    assert.ok(
      on.logs.some((l) => l.level === 'warn' && /options\.logic/.test(l.line)),
      'the ignored logic is reported',
    );
  });

  it('Messenger: a recorded event runs the configured logic, not the logic a webhook call passed', async () => {
    const on = rig();
    const ran: string[] = [];
    const adapter = messengerOn(on, [messengerPage(graph.graphUrl)], {
      logic: async (context: TurnContext) => {
        ran.push(`configured: ${context.activity.text ?? ''}`);
      },
    });
    const response = new CapturedResponse();
    await adapter.process(
      signedPost('/webhooks/messenger', messengerText('PSID-1', 'hello'), PAGE.appSecret),
      response,
      async () => {
        ran.push('webhook');
      },
    );
    assert.equal(response.statusCode, 200);
    await on.inFlight.idle(10_000);
    assert.deepEqual(ran, ['configured: hello']);
  });
});

/**
 * The bot logic of a channel adapter is configured once and is what every recorded event runs: an adapter
 * cannot be built without it (an event found by the recovery sweep would otherwise run as a no-op and be
 * marked done), and a webhook call passing other logic does not replace it.
 */
import assert from 'node:assert/strict';
import type { TurnContext } from 'botbuilder';
import type { HttpRequest } from '../../../src/core/http';
import type { InFlight } from '../../../src/core/inFlight';
import { FakeGraph } from '../../helpers/fakeGraph';
import { signedRequest } from '../../helpers/metaSignature';
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

function messengerText(psid: string, words: string) {
  const message = { mid: `m_${psid}`, text: words };
  const item = { sender: { id: psid }, recipient: { id: PAGE.pageId }, timestamp: Date.now(), message };
  return { object: 'page', entry: [{ id: PAGE.pageId, time: Date.now(), messaging: [item] }] };
}

/** Bot logic that notes the text of each turn it runs. */
const noting = (ran: string[]) => async (context: TurnContext) => {
  ran.push(`configured: ${context.activity.text ?? ''}`);
};

/** The adapter processes `request` passed other logic (which notes `webhook`), answers 200; its turns end. */
async function processWithOtherLogic(
  inFlight: InFlight,
  adapter: ReturnType<typeof whatsAppOn> | ReturnType<typeof messengerOn>,
  request: HttpRequest,
  ran: string[],
): Promise<void> {
  const response = new CapturedResponse();
  await adapter.process(request, response, async () => {
    ran.push('webhook');
  });
  assert.equal(response.statusCode, 200);
  await inFlight.idle(10_000);
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
    const adapter = whatsAppOn(on, [cloudNumber(graph.graphUrl)], { logic: noting(ran) });
    const user = { waId: '919000000111' };
    const signed = (words: string) =>
      signedRequest(
        '/webhooks/whatsapp',
        webhook(CLOUD.phoneNumberId, user, [text(user, words)]),
        CLOUD.appSecret,
      );
    await processWithOtherLogic(on.inFlight, adapter, signed('hi'), ran);
    assert.deepEqual(ran, ['configured: hi']);
    assert.ok(
      on.logs.some((l) => l.level === 'warn' && /options\.logic/.test(l.line)),
      'the ignored logic is reported',
    );
    // None is needed: botbuilder's third argument may be left out.
    const response = new CapturedResponse();
    await adapter.process(signed('hello'), response);
    assert.equal(response.statusCode, 200);
    await on.inFlight.idle(10_000);
    assert.deepEqual(ran, ['configured: hi', 'configured: hello']);
  });

  it('Messenger: a recorded event runs the configured logic, not the logic a webhook call passed', async () => {
    const on = rig();
    const ran: string[] = [];
    const adapter = messengerOn(on, [messengerPage(graph.graphUrl)], { logic: noting(ran) });
    const body = messengerText('PSID-1', 'hello');
    const request = signedRequest('/webhooks/messenger', body, PAGE.appSecret);
    await processWithOtherLogic(on.inFlight, adapter, request, ran);
    assert.deepEqual(ran, ['configured: hello']);
  });
});

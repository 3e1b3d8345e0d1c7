/**
 * A webhook that reaches an adapter without its raw bytes (a host that parsed the JSON first, as express's
 * JSON body parser does) is answered 500 with a log line naming the cause, so the platform delivers it
 * again: it is never acknowledged and dropped. Checked for the Cloud API, 360dialog and Messenger paths.
 */
import assert from 'node:assert/strict';
import type { HttpRequest } from '../../../src/core/http';
import { FakeGraph } from '../../helpers/fakeGraph';
import { signedHeaders } from '../../helpers/metaSignature';
import {
  CapturedResponse,
  CLOUD,
  cloudNumber,
  D360,
  dialog360Number,
  messengerOn,
  messengerPage,
  PAGE,
  rig,
  whatsAppOn,
  type Rig,
} from '../../helpers/adapterRig';
import { text, webhook } from '../../helpers/whatsappWebhooks';

/** What a host with a JSON body parser hands over: the parsed body, no `rawBody`. */
function parsedOnly(url: string, body: unknown, headers: Record<string, string>): HttpRequest {
  const request: unknown = { method: 'POST', url, headers, query: {}, body };
  return request as HttpRequest;
}

async function assertRefused(on: Rig, response: CapturedResponse, ran: string[]): Promise<void> {
  assert.equal(response.statusCode, 500, 'answered 500, so the platform delivers the event again');
  await on.inFlight.idle(10_000);
  assert.deepEqual(ran, [], 'no turn ran');
  const logged = on.logs.find((l) => l.level === 'error' && /no raw body/.test(l.line));
  assert.ok(logged, `an error names the cause:\n${on.logs.map((l) => l.line).join('\n')}`);
  assert.match(logged.line, /JSON body parser/);
}

/** A rig, and bot logic that notes in `ran` each turn it runs. */
function notingTurns(): { on: Rig; ran: string[]; logic: () => Promise<void> } {
  const ran: string[] = [];
  return { on: rig(), ran, logic: async () => void ran.push('turn') };
}

describe('channel adapters: a webhook without its raw bytes', () => {
  let graph: FakeGraph;
  before(async () => {
    graph = await FakeGraph.start({ tokens: [CLOUD.token, PAGE.token], d360Keys: [D360.apiKey] });
  });
  after(() => graph.stop());

  const user = { waId: '919000000222' };
  const whatsappBody = () => webhook(CLOUD.phoneNumberId, user, [text(user, 'hi')]);

  it('Cloud API: answered 500 with the cause logged, not processed', async () => {
    const { on, ran, logic } = notingTurns();
    const adapter = whatsAppOn(on, [cloudNumber(graph.graphUrl)], { logic });
    const body = whatsappBody();
    const headers = signedHeaders(Buffer.from(JSON.stringify(body)), CLOUD.appSecret);
    const response = new CapturedResponse();
    await adapter.process(parsedOnly('/webhooks/whatsapp', body, headers), response, logic);
    await assertRefused(on, response, ran);
  });

  it('360dialog: answered 500 with the cause logged, not processed', async () => {
    const { on, ran, logic } = notingTurns();
    const adapter = whatsAppOn(on, [dialog360Number(graph.url)], { logic });
    const headers = { 'content-type': 'application/json', 'x-webhook-secret': D360.webhookSecret };
    const response = new CapturedResponse();
    await adapter.processDialog360(
      parsedOnly('/webhooks/360dialog', whatsappBody(), headers),
      response,
      logic,
    );
    await assertRefused(on, response, ran);
  });

  it('Messenger: answered 500 with the cause logged, not processed', async () => {
    const { on, ran, logic } = notingTurns();
    const adapter = messengerOn(on, [messengerPage(graph.graphUrl)], { logic });
    const item = {
      sender: { id: 'PSID-2' },
      recipient: { id: PAGE.pageId },
      timestamp: Date.now(),
      message: { mid: 'm_raw', text: 'hi' },
    };
    const body = { object: 'page', entry: [{ id: PAGE.pageId, time: Date.now(), messaging: [item] }] };
    const headers = signedHeaders(Buffer.from(JSON.stringify(body)), PAGE.appSecret);
    const response = new CapturedResponse();
    await adapter.process(parsedOnly('/webhooks/messenger', body, headers), response, logic);
    await assertRefused(on, response, ran);
  });
});

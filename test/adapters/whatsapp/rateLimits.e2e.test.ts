/**
 * Rate limits through the real app (fake Graph + Azurite): a storm of 130429s delays a reply instead of
 * losing it, a reply held back too long is deferred and delivered later from the inbox with nothing sent
 * twice, and the dialog goes on where it was.
 */
import assert from 'node:assert/strict';
import { waitUntil } from '../../helpers/botProcess';
import { FakeGraph, graphError, messageSends, type RecordedRequest } from '../../helpers/fakeGraph';
import { postSigned } from '../../helpers/metaSignature';
import { cloudNumberEnv, startTestApp, type TestApp } from '../../helpers/testApp';
import { location, text, webhook, type Sender } from '../../helpers/whatsappWebhooks';

const PHONE_NUMBER_ID = '106540352242933';
const TOKEN = 'EAAtest-rate-limit-token';
const APP_SECRET = 'rate-limit-app-secret';

describe('WhatsApp rate limits end to end', function () {
  this.timeout(60_000);
  let graph: FakeGraph;
  let app: TestApp;
  let users = 0;
  const newUser = (): Sender => ({ waId: `91970000${String(++users).padStart(4, '0')}` });

  before(async () => {
    graph = await FakeGraph.start({ tokens: [TOKEN] });
    app = await startTestApp(
      {
        ...cloudNumberEnv(graph, { phoneNumberId: PHONE_NUMBER_ID, token: TOKEN, appSecret: APP_SECRET }),
        SWEEP_STALE_SECONDS: '1',
        SWEEP_EVERY_SECONDS: '1',
      },
      { outbound: { maxWaitMs: 800, maxPauseMs: 100 } },
    );
  });
  after(async () => {
    await app.stop();
    await graph.stop();
  });

  async function say(user: Sender, message: Record<string, unknown>): Promise<void> {
    const answer = await postSigned(app.url, webhook(PHONE_NUMBER_ID, user, [message]), APP_SECRET);
    assert.equal(answer.status, 200);
    await app.app.inFlight.idle(10_000);
  }

  const sentTo = (user: Sender): RecordedRequest[] =>
    graph.sent('whatsapp').filter((r) => Object(r.body).to === user.waId);
  const textOf = (request: RecordedRequest | undefined): string => {
    const body = Object(request?.body);
    return String(body.text?.body ?? body.interactive?.body?.text ?? '');
  };
  const isIntro = (body: unknown) =>
    messageSends(body) && /To connect you with your community/.test(JSON.stringify(body));

  it('a storm on the second part of a reply defers the turn; the sweep delivers the rest once, in order', async () => {
    const user = newUser();
    await say(user, text(user, 'hi'));
    graph.failNext({ status: 400, body: graphError(130429, 'Rate limit hit'), when: isIntro }, 20);
    await say(user, text(user, 'English'));

    await waitUntil(() => sentTo(user).length >= 5, 30_000);
    const [, welcome, intro, askLocation, orList] = sentTo(user).map(textOf);
    assert.match(welcome ?? '', /^Welcome/);
    assert.match(intro ?? '', /To connect you with your community/);
    assert.match(askLocation ?? '', /share your location/);
    assert.match(orList ?? '', /Choose from a list/);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a sweep more: nothing else is sent
    assert.equal(sentTo(user).length, 5, 'no part was sent twice');
    const limited = graph.requests.filter((r) => r.status === 400 && isIntro(r.body));
    assert.ok(limited.length === 20, `the storm was met (${limited.length} rate-limit answers)`);
    assert.ok(
      app.logs.some((l) => /a reply was deferred/.test(l.line)),
      'the turn was deferred at least once',
    );
    assert.ok(!sentTo(user).some((r) => /something went wrong/.test(textOf(r))), 'no apology');

    await say(user, location(user, 24.38, 73.52));
    const communities = Object(sentTo(user).at(-1)?.body).interactive;
    assert.equal(communities?.type, 'button', 'the dialog went on: it was waiting for the location');
  });

  it('a short storm is absorbed without deferring: the reply is only late', async () => {
    const user = newUser();
    graph.failNext({ status: 400, body: graphError(130429, 'Rate limit hit'), when: messageSends }, 3);
    const deferredBefore = app.logs.filter((l) => /a reply was deferred/.test(l.line)).length;
    await say(user, text(user, 'hi'));
    assert.equal(sentTo(user).length, 1);
    assert.match(textOf(sentTo(user)[0]), /choose your language/);
    assert.equal(app.logs.filter((l) => /a reply was deferred/.test(l.line)).length, deferredBefore);
  });
});

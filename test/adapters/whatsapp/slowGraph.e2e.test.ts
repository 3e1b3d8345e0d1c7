/**
 * A Graph API that answers after the client has given up (issue 11, finding 3): the message was delivered
 * all the same, so it must not be sent again. Times are scaled down: client timeout 200 ms for message
 * sends, answers after 500 ms.
 */
import assert from 'node:assert/strict';
import { FakeGraph, messageSends } from '../../helpers/fakeGraph';
import { postSigned } from '../../helpers/metaSignature';
import { cloudNumberEnv, startTestApp, type TestApp } from '../../helpers/testApp';
import { text, webhook, type Sender } from '../../helpers/whatsappWebhooks';

const PHONE_NUMBER_ID = '106540352242922';
const NUMBER = { phoneNumberId: PHONE_NUMBER_ID, token: 'EAAslow-token', appSecret: 'slow-app-secret' };

describe('WhatsApp replies against a slow Graph API (fake Graph + Azurite)', function () {
  this.timeout(30_000);
  let graph: FakeGraph;
  let app: TestApp;

  before(async () => {
    graph = await FakeGraph.start({ tokens: [NUMBER.token] });
    app = await startTestApp(cloudNumberEnv(graph, NUMBER), { graphTimeouts: { postTimeoutMs: 200 } });
  });
  after(async () => {
    await app.stop();
    await graph.stop();
  });

  it('delivers a reply whose answer came too late exactly once, and records its outcome as unknown', async () => {
    const user: Sender = { waId: '919811100001' };
    graph.answerSlowly({ delayMs: 500 });
    await postSigned(app.url, webhook(PHONE_NUMBER_ID, user, [text(user, 'hi')]), NUMBER.appSecret);
    assert.ok(await app.app.inFlight.idle(15_000), 'the turn finished');
    graph.answerSlowly(undefined);

    const delivered = graph
      .sent('whatsapp')
      .filter((r) => messageSends(r.body) && Object(r.body).to === user.waId);
    assert.equal(delivered.length, 1, 'the person got the reply once (the fake counts every POST it took)');

    const [history] = await app.storage.inbox.all('whatsapp', `${PHONE_NUMBER_ID}:${user.waId}`);
    assert.ok(history);
    assert.equal(history.state, 'done', 'the turn ran to its end');
    assert.deepEqual(history.unknownParts, [1], 'the history says part 1 went without an answer');

    const warning = app.logs.find((l) => l.level === 'warn' && /outcome is unknown/.test(l.line));
    assert.ok(warning, 'a warning names the event');
    assert.match(warning.line, /"event":"h_/);
    assert.doesNotMatch(app.logs.map((l) => l.line).join('\n'), new RegExp(user.waId), 'no phone number');
  });
});

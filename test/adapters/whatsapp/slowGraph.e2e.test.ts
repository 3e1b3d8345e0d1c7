/**
 * A Graph API that answers after the client has given up (issue 11, finding 3): the message was delivered
 * all the same, so it must not be sent again. Times are scaled down: client timeout 200 ms for message
 * sends, answers after 500 ms.
 */
import assert from 'node:assert/strict';
import { whatsAppApp } from '../../helpers/appOnGraph';
import { text, webhook, type Sender } from '../../helpers/whatsappWebhooks';

const PHONE_NUMBER_ID = '106540352242922';
const NUMBER = { phoneNumberId: PHONE_NUMBER_ID, token: 'EAAslow-token', appSecret: 'slow-app-secret' };

describe('WhatsApp replies against a slow Graph API (fake Graph + Azurite)', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER, { deps: { graphTimeouts: { postTimeoutMs: 200 } } });

  it('delivers a reply whose answer came too late exactly once, and records its outcome as unknown', async () => {
    const user: Sender = { waId: '919811100001' };
    rig.graph.answerSlowly({ delayMs: 500 });
    await rig.post(webhook(PHONE_NUMBER_ID, user, [text(user, 'hi')]));
    assert.ok(await rig.settle(15_000), 'the turn finished');
    rig.graph.answerSlowly(undefined);

    const delivered = rig.repliesTo(user);
    assert.equal(delivered.length, 1, 'the person got the reply once (the fake counts every POST it took)');

    const [history] = await rig.app.storage.inbox.all('whatsapp', `${PHONE_NUMBER_ID}:${user.waId}`);
    assert.ok(history);
    assert.equal(history.state, 'done', 'the turn ran to its end');
    assert.deepEqual(history.unknownParts, [1], 'the history says part 1 went without an answer');

    const warning = rig.app.logs.find((l) => l.level === 'warn' && /outcome is unknown/.test(l.line));
    assert.ok(warning, 'a warning names the event');
    assert.match(warning.line, /"event":"h_/);
    assert.doesNotMatch(rig.app.logs.map((l) => l.line).join('\n'), new RegExp(user.waId), 'no phone number');
  });
});

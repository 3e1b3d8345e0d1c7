/**
 * Rate limits through the real app (fake Graph + Azurite): a storm of 130429s delays a reply instead of
 * losing it, a reply held back too long is deferred and delivered later from the inbox with nothing sent
 * twice, and the dialog goes on where it was.
 */
import assert from 'node:assert/strict';
import { waitUntil } from '../../helpers/botProcess';
import { replyText as textOf, whatsAppApp } from '../../helpers/appOnGraph';
import { AGREE } from '../../helpers/consent';
import { graphError, messageSends } from '../../helpers/fakeGraph';
import { location, senders, text } from '../../helpers/whatsappWebhooks';

const NUMBER = {
  phoneNumberId: '106540352242933',
  token: 'EAAtest-rate-limit-token',
  appSecret: 'rate-limit-app-secret',
};

describe('WhatsApp rate limits end to end', function () {
  this.timeout(60_000);
  const rig = whatsAppApp(NUMBER, {
    env: { SWEEP_STALE_SECONDS: '1', SWEEP_EVERY_SECONDS: '1' },
    deps: { outbound: { maxWaitMs: 800, maxPauseMs: 100 } },
  });
  const { say, repliesTo } = rig;
  const newUser = senders('91970000');
  // The privacy notice: the second part of the reply to the language choice (the welcome is the first).
  const isNotice = (body: unknown) => messageSends(body) && /Before we start/.test(JSON.stringify(body));

  it('a storm on the second part of a reply defers the turn; the sweep delivers the rest once, in order', async () => {
    const user = newUser();
    await say(user, text(user, 'hi'));
    rig.graph.failNext({ status: 400, body: graphError(130429, 'Rate limit hit'), when: isNotice }, 20);
    await say(user, text(user, 'English'));

    await waitUntil(() => repliesTo(user).length >= 4, 30_000);
    const [, welcome, notice, question] = repliesTo(user).map(textOf);
    assert.match(welcome ?? '', /^Welcome/);
    assert.match(notice ?? '', /Before we start/);
    assert.match(question ?? '', /Do you agree\?/);
    // A sweep more (the periodic one, run now, taking every pending event): nothing else is sent.
    await rig.app.app.turns.sweep(0);
    assert.ok(await rig.settle(), 'the sweep’s turns finished');
    assert.equal(repliesTo(user).length, 4, 'no part was sent twice');
    const limited = rig.graph.requests.filter((r) => r.status === 400 && isNotice(r.body));
    assert.ok(limited.length === 20, `the storm was met (${limited.length} rate-limit answers)`);
    assert.ok(
      rig.app.logs.some((l) => /a reply was deferred/.test(l.line)),
      'the turn was deferred at least once',
    );
    assert.ok(!repliesTo(user).some((r) => /something went wrong/.test(textOf(r))), 'no apology');

    await say(user, text(user, AGREE.en));
    assert.match(textOf(repliesTo(user)[4]), /To connect you with your community/);
    await say(user, location(user, 24.38, 73.52));
    const communities = Object(repliesTo(user).at(-1)?.body).interactive;
    assert.equal(communities?.type, 'button', 'the dialog went on: it was waiting for the location');
  });

  it('a short storm is absorbed without deferring: the reply is only late', async () => {
    const user = newUser();
    rig.graph.failNext({ status: 400, body: graphError(130429, 'Rate limit hit'), when: messageSends }, 3);
    const deferredBefore = rig.app.logs.filter((l) => /a reply was deferred/.test(l.line)).length;
    await say(user, text(user, 'hi'));
    assert.equal(repliesTo(user).length, 1);
    assert.match(textOf(repliesTo(user)[0]), /choose your language/);
    assert.equal(rig.app.logs.filter((l) => /a reply was deferred/.test(l.line)).length, deferredBefore);
  });
});

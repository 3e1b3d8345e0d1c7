/**
 * A Graph API outage through the real app (fake Graph + Azurite): while every message call answers 500,
 * the people who write are not apologised to, their state is not wiped and their events are not marked
 * done; once the API answers again each is answered once, in order, and their journey goes on. A
 * proactive turn during the outage rejects with the deferral, for its caller to try again.
 */
import assert from 'node:assert/strict';
import type { ConversationReference } from 'botbuilder';
import { ChannelUnavailableError, DeliveryDeferredError } from '../../../src/core/errors';
import { waitUntil } from '../../helpers/botProcess';
import { replyText as textOf, whatsAppApp } from '../../helpers/appOnGraph';
import { AGREE } from '../../helpers/consent';
import { messageSends } from '../../helpers/fakeGraph';
import { location, text, webhook, type Sender } from '../../helpers/whatsappWebhooks';

const PHONE_NUMBER_ID = '106540352242944';
const NUMBER = {
  phoneNumberId: PHONE_NUMBER_ID,
  token: 'EAAtest-outage-token',
  appSecret: 'outage-app-secret',
};
const PEOPLE = 10;
/** The outage's length: 3 s in the suite; `GRAPH_OUTAGE_MS=30000` runs the probe's 30 s. */
const OUTAGE_MS = Number(process.env.GRAPH_OUTAGE_MS ?? 3_000);

describe('WhatsApp through a Graph API outage end to end', function () {
  this.timeout(90_000);
  const rig = whatsAppApp(NUMBER, {
    env: { SWEEP_STALE_SECONDS: '1', SWEEP_EVERY_SECONDS: '1' },
    // A message held back by the outage for more than a second defers its turn (the sweep replays it);
    // the probe's holds grow to a few hundred milliseconds, in proportion to the outage (as 8 s is to a
    // production outage).
    deps: { outbound: { maxWaitMs: 1_000, maxPauseMs: Math.round(OUTAGE_MS / 7.5) } },
  });
  afterEach(() => rig.graph.outage(false));
  const { repliesTo } = rig;

  /** Delivers one message, answered 200, without waiting for its turn (an outage holds it back). */
  async function say(user: Sender, message: Record<string, unknown>): Promise<void> {
    assert.equal((await rig.post(webhook(PHONE_NUMBER_ID, user, [message]))).status, 200);
  }
  const deferrals = () => rig.app.logs.filter((l) => /a reply was deferred/.test(l.line)).length;
  const waitingEvents = async () => (await rig.app.storage.inbox.stalled(0)).length;

  it('people who write during the outage are answered once each, in order, after it, and their journey goes on', async () => {
    const people: Sender[] = Array.from({ length: PEOPLE }, (_, i) => ({
      waId: `9197100${String(i).padStart(5, '0')}`,
    }));
    const seconds = Math.floor(Date.now() / 1000);
    const deferredBefore = deferrals();
    rig.graph.outage(true);
    const outageStarted = Date.now();
    // Each writes "hi", then answers the language question and the privacy notice before hearing them.
    await Promise.all(people.map((p) => say(p, text(p, 'hi', undefined, seconds))));
    await Promise.all(people.map((p) => say(p, text(p, 'English', undefined, seconds + 1))));
    await Promise.all(people.map((p) => say(p, text(p, AGREE.en, undefined, seconds + 2))));
    // The outage lasts a while (every turn is deferred at least once meanwhile), then ends.
    await waitUntil(
      () => Date.now() - outageStarted >= OUTAGE_MS && deferrals() - deferredBefore >= PEOPLE,
      OUTAGE_MS + 20_000,
    );
    rig.graph.outage(false);
    const during = rig.graph.requests.filter((r) => r.status === 500);
    assert.ok(during.length > 0, 'the outage was met');
    const deferred = deferrals() - deferredBefore;

    // After it: each person hears the language question, the welcome, the notice, the location question.
    await waitUntil(
      async () => people.every((p) => repliesTo(p).length >= 7) && (await waitingEvents()) === 0,
      30_000,
    );
    await rig.settle();
    const answered = people.filter((p) => repliesTo(p).length >= 7).length;
    assert.equal(answered, PEOPLE, `${answered} of ${PEOPLE} were answered after the outage`);
    for (const person of people) {
      const texts = repliesTo(person).map(textOf);
      assert.equal(texts.length, 7, `nothing was sent twice (${texts.length} messages)`);
      assert.match(texts[0] ?? '', /choose your language/);
      assert.match(texts[1] ?? '', /^Welcome/);
      assert.match(texts[2] ?? '', /Before we start/);
      assert.match(texts[3] ?? '', /Do you agree\?/);
      assert.match(texts[4] ?? '', /To connect you with your community/);
      assert.match(texts[5] ?? '', /share your location/);
      assert.match(texts[6] ?? '', /Choose from a list/);
    }
    assert.ok(deferred >= PEOPLE, `every turn was deferred during the outage (${deferred} deferrals)`);
    const apologies = rig.graph.requests.filter((r) => /something went wrong/.test(JSON.stringify(r.body)));
    assert.equal(apologies.length, 0, 'no apology was even tried');
    assert.ok(
      !rig.app.logs.some((l) => /turn failed/.test(l.line)),
      'no turn was counted as a failure of the bot',
    );
    // A down API is not hammered: held messages wait behind one probe at a time (read receipts, sent
    // before the first failure came back, are dropped after it).
    const messagesMet = during.filter((r) => messageSends(r.body)).length;
    assert.ok(
      messagesMet <= 3 * PEOPLE,
      `${messagesMet} message sends met the outage, for ${PEOPLE} people writing twice`,
    );

    // Their dialog state is intact: the bot was waiting for their location.
    await Promise.all(people.map((p) => say(p, location(p, 24.38, 73.52))));
    await waitUntil(() => people.every((p) => repliesTo(p).length >= 8), 20_000);
    for (const person of people) {
      const communities = Object(repliesTo(person).at(-1)?.body).interactive;
      assert.equal(communities?.type, 'button', 'the dialog went on from the location question');
    }
  });

  it('a proactive turn during the outage rejects with the deferral, for its caller to try again', async () => {
    const person: Sender = { waId: '919710099999' };
    await say(person, text(person, 'hi'));
    await waitUntil(() => repliesTo(person).length >= 1, 10_000);
    await rig.settle();
    const reference: Partial<ConversationReference> = {
      channelId: 'whatsapp',
      serviceUrl: `${rig.graph.graphUrl}/${PHONE_NUMBER_ID}`,
      conversation: {
        id: `${PHONE_NUMBER_ID}:${person.waId}`,
        isGroup: false,
        conversationType: '',
        name: '',
      },
      user: { id: person.waId, name: '' },
      bot: { id: PHONE_NUMBER_ID, name: '' },
    };
    rig.graph.outage(true);
    const whatsapp = rig.app.app.whatsapp;
    assert.ok(whatsapp);
    await assert.rejects(
      whatsapp.continueConversationAsync('app', reference, async (context) => {
        await context.sendActivity('Your request WD-ABC123 was accepted.');
      }),
      (error) => error instanceof DeliveryDeferredError && error instanceof ChannelUnavailableError,
    );
    rig.graph.outage(false);
    await whatsapp.continueConversationAsync('app', reference, async (context) => {
      await context.sendActivity('Your request WD-ABC123 was accepted.');
    });
    assert.match(textOf(repliesTo(person).at(-1)), /WD-ABC123 was accepted/);
    assert.ok(!repliesTo(person).some((r) => /something went wrong/.test(textOf(r))), 'no apology');
  });
});

/**
 * The WhatsApp adapter end to end: the real server and bot, the fake Graph / 360dialog server that
 * enforces outbound-limits.json, and Azurite.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { TurnContext, type ConversationReference } from 'botbuilder';
import { whatsappTemplateAttachment } from '../../../src/core/conventions/whatsappTemplate';
import { WindowClosedError } from '../../../src/core/errors';
import { waitUntil } from '../../helpers/botProcess';
import { replyText as bodyText, whatsAppApp } from '../../helpers/appOnGraph';
import { graphError, messageSends } from '../../helpers/fakeGraph';
import { signedHeaders } from '../../helpers/metaSignature';
import { buttonReply, location, media, senders, text, webhook } from '../../helpers/whatsappWebhooks';
import { AGREE } from '../../helpers/consent';
import { MENU_KEYS } from '../../helpers/menus';

const PHONE_NUMBER_ID = '106540352242922';
const NUMBER = {
  phoneNumberId: PHONE_NUMBER_ID,
  token: 'EAAtest-access-token-value',
  appSecret: 'test-app-secret',
  verifyToken: 'test-verify-token',
};
const D360_KEY = 'test-d360-key';
const D360_SECRET = 'test-d360-webhook-secret';

describe('WhatsApp adapter end to end (fake Graph + Azurite)', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER, {
    graph: { d360Keys: [D360_KEY] },
    env: (graph) => ({ D360_API_KEY: D360_KEY, D360_WEBHOOK_SECRET: D360_SECRET, D360_BASE_URL: graph.url }),
  });
  const { post, settle, repliesTo } = rig;
  const newUser = senders('91980000');

  it('answers the hub challenge, and refuses a wrong verify token', async () => {
    const ok = await fetch(
      `${rig.app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${NUMBER.verifyToken}&hub.challenge=1158201444`,
    );
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), '1158201444');
    const wrong = await fetch(
      `${rig.app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    assert.equal(wrong.status, 403);
    assert.doesNotMatch(await wrong.text(), new RegExp(NUMBER.verifyToken));
  });

  it('replies to a signed "hi" with the main dialog, as valid native buttons, and marks it read', async () => {
    const user = newUser();
    const message = text(user, 'hi');
    const response = await post(webhook(PHONE_NUMBER_ID, user, [message]));
    assert.equal(response.status, 200);
    await settle();
    const markRead = rig.graph.sent('whatsapp').find((r) => Object(r.body).message_id === message.id);
    assert.equal(Object(markRead?.body).status, 'read');
    const replies = repliesTo(user);
    assert.equal(replies.length, 1);
    const interactive = Object(replies[0]?.body).interactive;
    assert.equal(interactive.type, 'button');
    assert.deepEqual(
      interactive.action.buttons.map((b: { reply: { title: string } }) => b.reply.title),
      ['English', 'हिन्दी'],
    );
    assert.match(bodyText(replies[0]), /choose your language/);
    assert.equal(replies[0]?.path, `/v24.0/${PHONE_NUMBER_ID}/messages`);
    assert.equal(replies[0]?.headers.authorization, `Bearer ${NUMBER.token}`);
  });

  it('walks onboarding natively: a tapped button, a location request, a shared pin, a list, a typed Devanagari number', async () => {
    const user = newUser();
    await post(webhook(PHONE_NUMBER_ID, user, [text(user, 'hi')]));
    await settle();
    const prompt = Object(repliesTo(user)[0]?.body).interactive;
    const hindi = prompt.action.buttons[1].reply;
    await post(webhook(PHONE_NUMBER_ID, user, [buttonReply(user, hindi.id, hindi.title)]));
    await settle();
    const [welcome, notice, question] = repliesTo(user).slice(1);
    assert.match(bodyText(welcome), /^नमस्ते!/);
    assert.match(bodyText(notice), /^🔒/);
    const agree = Object(question?.body).interactive.action.buttons[0].reply;
    assert.equal(agree.title, AGREE.hi);
    await post(webhook(PHONE_NUMBER_ID, user, [buttonReply(user, agree.id, agree.title)]));
    await settle();
    const [intro, askLocation, orList] = repliesTo(user).slice(4);
    assert.match(bodyText(intro), /लोकेशन/);
    assert.equal(Object(askLocation?.body).interactive.type, 'location_request_message');
    assert.equal(Object(orList?.body).interactive.type, 'button');

    await post(webhook(PHONE_NUMBER_ID, user, [location(user, 24.38, 73.52)]));
    await settle();
    const communities = Object(repliesTo(user).at(-1)?.body).interactive;
    assert.equal(communities.type, 'button');
    assert.deepEqual(
      communities.action.buttons.map((b: { reply: { title: string } }) => b.reply.title),
      ['Jhadol Van Samiti', 'Udaipur Tribal Coll…', 'दूसरी लोकेशन'],
    );

    await post(webhook(PHONE_NUMBER_ID, user, [text(user, '१')]));
    await settle();
    const [joined, menu] = repliesTo(user).slice(-2);
    assert.equal(bodyText(joined), '✅ आप Jhadol Van Samiti से जुड़ गए हैं।');
    assert.equal(Object(menu?.body).interactive.type, 'list');
    assert.equal(Object(menu?.body).interactive.action.button, 'चुनें');
    assert.equal(Object(menu?.body).interactive.action.sections[0].rows.length, MENU_KEYS.length);
    assert.ok(
      rig.graph.requests.every((r) => r.status !== 400),
      'no body was refused by the fake',
    );
  });

  it('does not process a redelivered message, nor a repeated id within one batch', async () => {
    const user = newUser();
    const message = text(user, 'hi');
    const body = webhook(PHONE_NUMBER_ID, user, [message, message]);
    assert.equal((await post(body)).status, 200);
    await settle();
    assert.equal(repliesTo(user).length, 1);
    assert.equal((await post(body)).status, 200);
    await settle();
    assert.equal(repliesTo(user).length, 1, 'the redelivery was acknowledged and not processed');
  });

  it('refuses unsigned and badly signed webhooks without hints, processing nothing', async () => {
    const user = newUser();
    const raw = Buffer.from(JSON.stringify(webhook(PHONE_NUMBER_ID, user, [text(user, 'hi')])));
    const unsigned = await fetch(`${rig.app.url}/webhooks/whatsapp`, { method: 'POST', body: raw });
    assert.equal(unsigned.status, 401);
    const wrongSecret = await fetch(`${rig.app.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: signedHeaders(raw, 'another-secret'),
      body: raw,
    });
    assert.equal(wrongSecret.status, 403);
    const tampered = Buffer.from(raw.toString().replace('"hi"', '"hj"'));
    const reused = await fetch(`${rig.app.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: signedHeaders(raw, NUMBER.appSecret),
      body: tampered,
    });
    assert.equal(reused.status, 403);
    const expected = signedHeaders(raw, NUMBER.appSecret)['x-hub-signature-256'] ?? '';
    assert.doesNotMatch(await reused.text(), new RegExp(expected.slice(7, 20)));
    await settle();
    assert.equal(repliesTo(user).length, 0);
  });

  it('acknowledges webhooks it cannot use: other numbers, other objects, malformed bodies', async () => {
    const user = newUser();
    assert.equal((await post(webhook('999999', user, [text(user, 'hi')]))).status, 200);
    assert.equal((await post({ object: 'page', entry: [] })).status, 200);
    assert.equal((await post({ entry: 'nonsense' })).status, 200);
    await settle();
    assert.equal(repliesTo(user).length, 0);
    assert.ok(
      rig.app.logs.some(
        (l) => l.level === 'warn' && /phone number id this deployment does not serve/.test(l.line),
      ),
    );
  });

  it('stores a voice note and a photo in blob storage, checked against their SHA-256', async () => {
    const user = newUser();
    const voice = rig.graph.registerMedia(Buffer.from('OggS voice note bytes'), 'audio/ogg');
    const photo = rig.graph.registerMedia(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'image/jpeg');
    const sha = (data: Buffer) => createHash('sha256').update(data).digest('base64');
    await post(
      webhook(PHONE_NUMBER_ID, user, [
        media(user, 'audio', {
          id: voice.id,
          url: `${rig.graph.url}/whatsapp_business/attachments/?mid=${voice.id}&ext=1&hash=x`,
          mime_type: 'audio/ogg; codecs=opus',
          sha256: sha(voice.data),
          voice: true,
        }),
        media(user, 'image', {
          id: photo.id,
          mime_type: 'image/jpeg',
          sha256: sha(photo.data),
          caption: 'कुआँ',
        }),
      ]),
    );
    await settle();
    const stored = await rig.storedMedia(user);
    assert.equal(stored.length, 2);
    const byType = Object.fromEntries(stored.map((s) => [s.contentType, s]));
    assert.deepEqual(byType['audio/ogg; codecs=opus']?.data, voice.data);
    assert.deepEqual(byType['image/jpeg']?.data, photo.data);
    assert.equal(
      byType['image/jpeg']?.metadata.sha256,
      createHash('sha256').update(photo.data).digest('hex'),
    );
  });

  it('marks media unavailable when the download fails, and still runs the turn', async () => {
    const user = newUser();
    const good = rig.graph.registerMedia(Buffer.from('abc'), 'image/jpeg');
    await post(
      webhook(PHONE_NUMBER_ID, user, [
        media(user, 'image', { id: 'does-not-exist', mime_type: 'image/jpeg' }),
        media(user, 'image', { id: good.id, mime_type: 'image/jpeg', sha256: 'wrong' }),
      ]),
    );
    await settle();
    assert.equal(repliesTo(user).length, 2, 'both turns ran (each re-asks for the language)');
    assert.equal(
      rig.app.logs.filter((l) => /inbound media could not be stored/.test(l.line)).length >= 2,
      true,
    );
  });

  it('360dialog: accepts its secret header, replies through its API, stores media through its host', async () => {
    const user = newUser();
    const voice = rig.graph.registerMedia(Buffer.from('OggS 360 voice'), 'audio/ogg');
    const body = webhook(PHONE_NUMBER_ID, user, [
      media(user, 'audio', {
        id: voice.id,
        url: `https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=${voice.id}&ext=1&hash=x`,
        mime_type: 'audio/ogg',
        voice: true,
      }),
    ]);
    const post = (headers: Record<string, string>) =>
      fetch(`${rig.app.url}/webhooks/360dialog`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ 'x-webhook-secret': 'wrong' })).status, 403);
    assert.equal((await post({ 'x-webhook-secret': D360_SECRET })).status, 200);
    await settle();
    const replies = repliesTo(user, '360dialog');
    assert.equal(replies.length, 1);
    assert.equal(replies[0]?.headers['d360-api-key'], D360_KEY);
    const download = rig.graph.requests.find(
      (r) => r.path === '/whatsapp_business/attachments/' && r.search.includes(voice.id) && r.status === 200,
    );
    assert.equal(download?.headers['d360-api-key'], D360_KEY);
    assert.equal((await rig.storedMedia(user)).length, 1);
  });

  it('retries a 130429 answer and then succeeds; never retries a 100', async () => {
    const user = newUser();
    rig.graph.failNext({ status: 400, body: graphError(130429, 'Rate limit hit'), when: messageSends });
    await post(webhook(PHONE_NUMBER_ID, user, [text(user, 'hi')]));
    await settle();
    const tries = rig.graph.requests.filter((r) => r.kind === 'whatsapp' && Object(r.body).to === user.waId);
    assert.deepEqual(
      tries.map((r) => r.status),
      [400, 200],
    );
    assert.deepEqual(tries[0]?.body, tries[1]?.body, 'the same message was sent again');

    const other = newUser();
    await post(webhook(PHONE_NUMBER_ID, other, [text(other, 'hi')]));
    await settle();
    const before = rig.graph.requests.length;
    rig.graph.failNext({ status: 400, body: graphError(100, 'Invalid parameter'), when: messageSends });
    await post(webhook(PHONE_NUMBER_ID, other, [text(other, 'English')]));
    await settle();
    const attempts = rig.graph.requests
      .slice(before)
      .filter((r) => r.kind === 'whatsapp' && Object(r.body).to === other.waId);
    assert.equal(attempts[0]?.status, 400);
    assert.match(
      bodyText(attempts[1]),
      /^Sorry, something went wrong/,
      'the failure reached onTurnError, which apologised',
    );
    assert.ok(
      rig.app.logs.some((l) => l.level === 'error' && /turn failed/.test(l.line) && /code 100/.test(l.line)),
    );
  });
});

describe('WhatsApp adapter: the 24-hour window and proactive messages', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER);

  const reference = (waId: string): Partial<ConversationReference> => ({
    channelId: 'whatsapp',
    serviceUrl: `${rig.graph.graphUrl}/${PHONE_NUMBER_ID}`,
    bot: { id: PHONE_NUMBER_ID, name: '15550001111' },
    user: { id: waId, name: 'Asha' },
    conversation: {
      id: `${PHONE_NUMBER_ID}:${waId}`,
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
  });

  it('refuses a free-form message outside the window before any HTTP call', async () => {
    const adapter = rig.app.app.whatsapp;
    assert.ok(adapter);
    const before = rig.graph.requests.length;
    const errors: Error[] = [];
    adapter.onTurnError = async (_context, error) => {
      errors.push(error);
    };
    await adapter.continueConversationAsync('', reference('919700000001'), async (context: TurnContext) => {
      await context.sendActivity('Your request WD-7K3F9Q was accepted.');
    });
    assert.equal(errors.length, 1);
    assert.ok(errors[0] instanceof WindowClosedError);
    assert.equal(rig.graph.requests.length, before, 'nothing was sent');
  });

  it('sends the template fallback instead when the window is closed', async () => {
    const adapter = rig.app.app.whatsapp;
    assert.ok(adapter);
    await adapter.continueConversationAsync('', reference('919700000002'), async (context: TurnContext) => {
      await context.sendActivity({
        text: 'Your request WD-7K3F9Q was accepted.',
        attachments: [
          whatsappTemplateAttachment({ name: 'request_update', language: 'en', use: 'windowClosed' }),
        ],
      });
    });
    const sent = rig.repliesTo({ waId: '919700000002' });
    assert.deepEqual(
      sent.map((r) => Object(r.body).type),
      ['template'],
    );
  });

  it('sends free-form proactive messages inside the window', async () => {
    const user = { waId: '919700000003' };
    await rig.deliver(webhook(PHONE_NUMBER_ID, user, [text(user, 'hi')]));
    const adapter = rig.app.app.whatsapp;
    assert.ok(adapter);
    await adapter.continueConversationAsync('', reference(user.waId), async (context: TurnContext) => {
      await context.sendActivity('Your request WD-7K3F9Q was accepted.');
    });
    const last = rig.repliesTo(user).at(-1);
    assert.equal(Object(last?.body).text?.body, 'Your request WD-7K3F9Q was accepted.');
    await waitUntil(() => true, 0);
  });
});

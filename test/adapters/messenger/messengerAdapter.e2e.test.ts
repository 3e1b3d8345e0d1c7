/**
 * The Messenger adapter end to end: the real server and journeys, the fake Graph server enforcing
 * outbound-limits.json (Messenger and Instagram rules), Azurite.
 */
import assert from 'node:assert/strict';
import type { ConversationReference, TurnContext } from 'botbuilder';
import { WindowClosedError } from '../../../src/core/errors';
import { messengerApp } from '../../helpers/appOnGraph';
import { graphError } from '../../helpers/fakeGraph';

const PAGE_ID = '111899832631525';
const IG_ID = '17841400000000001';
const TOKEN = 'EAApage-token';
const SECRET = 'page-app-secret';

let sequence = 0;
const mid = () => `m_TEST${Date.now().toString(36)}${++sequence}`;

function page(object: 'page' | 'instagram', accountId: string, items: Record<string, unknown>[]) {
  return { object, entry: [{ id: accountId, time: Date.now(), messaging: items }] };
}
const message = (psid: string, accountId: string, body: Record<string, unknown>) => ({
  sender: { id: psid },
  recipient: { id: accountId },
  timestamp: Date.now(),
  message: { mid: mid(), ...body },
});

describe('Messenger adapter end to end (fake Graph + Azurite)', function () {
  this.timeout(30_000);
  const rig = messengerApp(
    { pageId: PAGE_ID, token: TOKEN, appSecret: SECRET, verifyToken: 'page-verify' },
    { graph: { instagramRecipients: ['IGSID-1'] } },
  );
  const { deliver, repliesTo } = rig;

  it('answers the hub challenge', async () => {
    const ok = await fetch(
      `${rig.app.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=page-verify&hub.challenge=77`,
    );
    assert.equal(await ok.text(), '77');
    assert.equal(
      (
        await fetch(
          `${rig.app.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=x&hub.challenge=77`,
        )
      ).status,
      403,
    );
  });

  it('replies to a signed text with messaging_type RESPONSE and quick replies, and recognises the tapped payload', async () => {
    assert.equal(
      (await deliver(page('page', PAGE_ID, [message('PSID-1', PAGE_ID, { text: 'hi' })]))).status,
      200,
    );
    const [prompt] = repliesTo('PSID-1');
    assert.equal(Object(prompt?.body).messaging_type, 'RESPONSE');
    assert.equal(prompt?.path, '/v24.0/me/messages');
    assert.equal(prompt?.headers.authorization, `Bearer ${TOKEN}`);
    const quick = Object(Object(prompt?.body).message).quick_replies as { title: string; payload: string }[];
    assert.deepEqual(
      quick.map((q) => q.title),
      ['English', 'हिन्दी'],
    );

    await deliver(
      page('page', PAGE_ID, [
        message('PSID-1', PAGE_ID, { text: 'हिन्दी', quick_reply: { payload: quick[1]?.payload } }),
      ]),
    );
    const texts = repliesTo('PSID-1').map((r) => String(Object(Object(r.body).message).text));
    assert.match(texts[1] ?? '', /^नमस्ते!/);
    assert.ok(
      rig.graph.requests.some((r) => Object(r.body).sender_action === 'mark_seen'),
      'inbound marked seen',
    );
    assert.ok(
      rig.graph.requests.every((r) => r.status !== 400),
      'every body was valid',
    );
  });

  it('holds the page on a rate limit (613) and sends the reply once it clears, not twice and not never', async () => {
    const isReply = (body: unknown) =>
      Object(Object(body).recipient).id === 'PSID-RL' && Object(body).message !== undefined;
    rig.graph.failNext(
      {
        status: 400,
        body: graphError(613, 'Calls to this api have exceeded the rate limit.'),
        when: isReply,
      },
      2,
    );
    assert.equal(
      (await deliver(page('page', PAGE_ID, [message('PSID-RL', PAGE_ID, { text: 'hi' })]))).status,
      200,
    );
    const attempts = rig.graph.requests.filter((r) => isReply(r.body));
    assert.deepEqual(
      attempts.map((r) => r.status),
      [400, 400, 200],
    );
    assert.equal(repliesTo('PSID-RL').length, 1);
  });

  it('stores an image attachment in blob storage', async () => {
    const image = rig.graph.registerMedia(Buffer.from([0xff, 0xd8, 0xff, 1, 2]), 'image/jpeg', {
      public: true,
    });
    await deliver(
      page('page', PAGE_ID, [
        message('PSID-2', PAGE_ID, {
          attachments: [{ type: 'image', payload: { url: `${rig.graph.url}/media/${image.id}` } }],
        }),
      ]),
    );
    const names: string[] = [];
    for await (const name of rig.app.storage.media.documents.list(`messenger/${PAGE_ID}/PSID-2/`))
      names.push(name);
    assert.equal(names.length, 1);
    assert.deepEqual((await rig.app.storage.media.documents.getBytes(names[0] ?? ''))?.data, image.data);
  });

  it('sends nothing for an echo, a delivery or a read, and processes a repeated mid once', async () => {
    const before = rig.graph.requests.length;
    await deliver(
      page('page', PAGE_ID, [
        {
          sender: { id: PAGE_ID },
          recipient: { id: 'PSID-3' },
          timestamp: Date.now(),
          message: { mid: mid(), is_echo: true, text: 'Hi' },
        },
      ]),
    );
    await deliver(
      page('page', PAGE_ID, [
        {
          sender: { id: 'PSID-3' },
          recipient: { id: PAGE_ID },
          timestamp: Date.now(),
          delivery: { mids: ['m_x'], watermark: Date.now() },
        },
      ]),
    );
    await deliver(
      page('page', PAGE_ID, [
        {
          sender: { id: 'PSID-3' },
          recipient: { id: PAGE_ID },
          timestamp: Date.now(),
          read: { watermark: Date.now() },
        },
      ]),
    );
    assert.equal(rig.graph.requests.length, before);
    const once = message('PSID-4', PAGE_ID, { text: 'hi' });
    await deliver(page('page', PAGE_ID, [once, once]));
    await deliver(page('page', PAGE_ID, [once]));
    assert.equal(repliesTo('PSID-4').length, 1);
  });

  it('refuses an unsigned or wrongly signed POST', async () => {
    assert.equal(
      (await deliver(page('page', PAGE_ID, [message('PSID-5', PAGE_ID, { text: 'hi' })]), null)).status,
      401,
    );
    assert.equal(
      (await deliver(page('page', PAGE_ID, [message('PSID-5', PAGE_ID, { text: 'hi' })]), 'wrong')).status,
      403,
    );
    assert.equal(repliesTo('PSID-5').length, 0);
  });

  it('replies to an Instagram DM through the same page, within Instagram limits', async () => {
    await deliver(page('instagram', IG_ID, [message('IGSID-1', IG_ID, { text: 'hello' })]));
    const [reply] = repliesTo('IGSID-1');
    assert.equal(reply?.status, 200);
    assert.equal(reply?.headers.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(
      Object(Object(reply?.body).message).quick_replies.map((q: { title: string }) => q.title),
      ['English', 'हिन्दी'],
    );
  });

  it('refuses a proactive message outside the window before any call, and sends it with a tag when configured', async () => {
    const adapter = rig.app.app.messenger;
    assert.ok(adapter);
    const reference: Partial<ConversationReference> = {
      channelId: 'messenger',
      serviceUrl: `${rig.graph.graphUrl}/${PAGE_ID}`,
      bot: { id: PAGE_ID, name: '' },
      user: { id: 'PSID-9', name: '' },
      conversation: { id: `${PAGE_ID}:PSID-9`, isGroup: false, conversationType: 'personal', name: '' },
    };
    const errors: Error[] = [];
    adapter.onTurnError = async (_context, error) => {
      errors.push(error);
    };
    const before = rig.graph.requests.length;
    await adapter.continueConversationAsync('', reference, async (context: TurnContext) => {
      await context.sendActivity('Your grievance GR-7K3F9Q was resolved.');
    });
    assert.ok(errors[0] instanceof WindowClosedError);
    assert.equal(rig.graph.requests.length, before);

    await adapter.continueConversationAsync('', reference, async (context: TurnContext) => {
      await context.sendActivity({
        text: 'Your grievance GR-7K3F9Q was resolved.',
        channelData: { messenger: { tag: 'ACCOUNT_UPDATE' } },
      });
    });
    const tagged = repliesTo('PSID-9')[0];
    assert.deepEqual(
      [Object(tagged?.body).messaging_type, Object(tagged?.body).tag],
      ['MESSAGE_TAG', 'ACCOUNT_UPDATE'],
    );
  });
});

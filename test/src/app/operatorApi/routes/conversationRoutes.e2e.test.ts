/**
 * `GET /api/v1/conversations/{channel}/{userId}/messages` through the real server, Azurite and the fake
 * Graph server: what the person sent and what the bot and an operator sent them, newest first, the
 * operator's message marked with their key's name and its delivery status once the status webhook came;
 * paged by `next`; a bad cursor or limit refused.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { whatsAppApp } from '../../../../helpers/appOnGraph';
import { callApi, operatorEnv, operatorKey } from '../../../../helpers/operatorApi';
import { statusWebhook, text } from '../../../../helpers/whatsappWebhooks';

const ALICE = operatorKey('alice');
const NUMBER = {
  phoneNumberId: '880000000231',
  token: 'EAAconversation-token',
  appSecret: 'conversation-secret',
};

const page = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      direction: z.enum(['in', 'out']),
      time: z.string(),
      by: z.string(),
      text: z.string().optional(),
      choices: z.array(z.string()).optional(),
      messageId: z.string().optional(),
      statuses: z.array(z.object({ status: z.string(), time: z.string() })),
    }),
  ),
  next: z.string().nullable(),
});

describe('operator API: GET /api/v1/conversations/{channel}/{userId}/messages', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER, {
    env: operatorEnv('alice', ALICE),
  });
  const sender = { waId: '919800000231' };
  const path = `/api/v1/conversations/whatsapp/${sender.waId}/messages`;
  const get = (query = '', key: string | null = ALICE) =>
    callApi(rig.app.url, `${path}${query}`, { key: key ?? undefined });

  let messageId = '';
  before(async () => {
    await rig.say(sender, text(sender, 'hi'));
    const sent = await callApi(rig.app.url, '/api/v1/messages', {
      key: ALICE,
      method: 'POST',
      body: JSON.stringify({ channel: 'whatsapp', to: sender.waId, text: 'An operator here' }),
    });
    assert.equal(sent.status, 202);
    messageId = z.object({ messageId: z.string() }).parse(await sent.json()).messageId;
    await rig.settle();
  });

  it('answers 401 without a key', async () => {
    assert.equal((await get('', null)).status, 401);
  });

  it("lists what the person and the bot sent and the operator's message, newest first, with its status", async () => {
    const delivered = await rig.deliver(statusWebhook(NUMBER.phoneNumberId, sender, messageId, 'delivered'));
    assert.equal(delivered.status, 200);
    const response = await get();
    assert.equal(response.status, 200);
    const { items, next } = page.parse(await response.json());
    assert.equal(next, null);
    const times = items.map((i) => Date.parse(i.time));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      'newest first',
    );
    assert.deepEqual(
      items[0] && {
        by: items[0].by,
        direction: items[0].direction,
        text: items[0].text,
        messageId: items[0].messageId,
      },
      { by: 'operator:alice', direction: 'out', text: 'An operator here', messageId },
    );
    assert.deepEqual(
      items[0]?.statuses.map((s) => s.status),
      ['delivered'],
    );
    const oldest = items.at(-1);
    assert.deepEqual(oldest && [oldest.direction, oldest.by, oldest.text], ['in', 'person', 'hi']);
    const bot = items.filter((i) => i.by === 'bot');
    assert.ok(bot.length > 0, "the bot's replies are there");
    assert.ok(
      bot.some((i) => (i.choices ?? []).length > 0),
      'with the choices they offered',
    );
  });

  it('pages with next until the oldest, each page within its limit', async () => {
    const whole = page.parse(await (await get('?limit=100')).json()).items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=1${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const response = await get(query);
      assert.equal(response.status, 200);
      const one = page.parse(await response.json());
      assert.ok(one.items.length <= 1);
      seen.push(...one.items.map((i) => i.id));
      cursor = one.next;
    } while (cursor !== null);
    assert.deepEqual(
      seen,
      whole.map((i) => i.id),
    );
    assert.ok(seen.length >= 3);
  });

  it('refuses a cursor it did not give (400), a bad limit and a bad channel (422 naming them)', async () => {
    const cursor = await get('?cursor=not-a-cursor');
    assert.equal(cursor.status, 400);
    assert.equal(
      z.object({ error: z.object({ code: z.string() }) }).parse(await cursor.json()).error.code,
      'invalid_cursor',
    );
    const fields = async (response: Response) =>
      z
        .object({ error: z.object({ fields: z.array(z.object({ path: z.string() })) }) })
        .parse(await response.json())
        .error.fields.map((f) => f.path);
    const limit = await get('?limit=0');
    assert.equal(limit.status, 422);
    assert.deepEqual(await fields(limit), ['limit']);
    const channel = await callApi(rig.app.url, `/api/v1/conversations/telegram/${sender.waId}/messages`, {
      key: ALICE,
    });
    assert.equal(channel.status, 422);
    assert.deepEqual(await fields(channel), ['channel']);
  });

  it('answers an empty page for someone who never wrote', async () => {
    const response = await callApi(rig.app.url, '/api/v1/conversations/whatsapp/919800000299/messages', {
      key: ALICE,
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { items: [], next: null });
  });
});

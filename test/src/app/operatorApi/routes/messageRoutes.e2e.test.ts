/**
 * `POST /api/v1/messages` through the real server, Azurite and the fake Graph server: an operator's text
 * inside the person's window goes out (202, the platform's message id) from the number `from` names; outside
 * the window free-form is refused (409) with nothing sent, a template goes; bad bodies are 422 naming the
 * field; a channel not configured is 404; a `from` not ours is 422; each send leaves an audit record
 * that does not name the person.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { whatsAppApp } from '../../../../helpers/appOnGraph';
import { graphError, messageSends } from '../../../../helpers/fakeGraph';
import { callApi, operatorEnv, operatorKey } from '../../../../helpers/operatorApi';
import { senders, text, webhook } from '../../../../helpers/whatsappWebhooks';

const ALICE = operatorKey('alice');
const NUMBER = { phoneNumberId: '1001', token: 'token-a', appSecret: 'secret-a' };
const SECOND = { phoneNumberId: '2002', token: 'token-b', appSecret: 'secret-b' };

const accepted = z.object({ messageId: z.string().min(1) });
const refusal = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

describe('operator API: POST /api/v1/messages', function () {
  this.timeout(30_000);
  const dir = mkdtempSync(join(tmpdir(), 'channels-'));
  const channelsFile = join(dir, 'channels.json');
  writeFileSync(
    channelsFile,
    JSON.stringify({ channels: [{ type: 'whatsapp', ...secondNumber(), verifyToken: 'verify-b' }] }),
  );
  const rig = whatsAppApp(NUMBER, {
    env: {
      ...operatorEnv('alice', ALICE),
      CHANNELS_FILE: channelsFile,
    },
    graph: { tokens: [SECOND.token] },
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const person = senders('9198100');

  const send = (body: unknown, key: string | null = ALICE) =>
    callApi(rig.app.url, '/api/v1/messages', {
      key: key ?? undefined,
      method: 'POST',
      body: JSON.stringify(body),
    });
  const sendText = (to: string, text: string, from?: string) => send({ channel: 'whatsapp', to, from, text });
  /** A new person who wrote to the second number. */
  const writesToSecond = async () => {
    const someone = person();
    const response = await rig.post(
      webhook(SECOND.phoneNumberId, someone, [text(someone, 'hi')]),
      SECOND.appSecret,
    );
    assert.equal(response.status, 200);
    await rig.settle();
    return someone;
  };
  const sendsTo = (waId: string) =>
    rig.graph.sent('whatsapp').filter((r) => messageSends(r.body) && Object(r.body).to === waId);

  it('answers 401 without a key, and sends nothing', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    const before = sendsTo(someone.waId).length;
    const response = await send({ channel: 'whatsapp', to: someone.waId, text: 'hello' }, null);
    assert.equal(response.status, 401);
    assert.equal(sendsTo(someone.waId).length, before);
  });

  it('sends text inside the window: 202 with the message id, from the first number by default', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    const response = await send({ channel: 'whatsapp', to: someone.waId, text: 'Hello from the office' });
    assert.equal(response.status, 202);
    const { messageId } = accepted.parse(await response.json());
    const sent = sendsTo(someone.waId).filter(
      (r) => Object(Object(r.body).text).body === 'Hello from the office',
    );
    assert.equal(sent.length, 1, 'one message with the operator’s text');
    assert.equal(sent[0]?.path, `/v24.0/${NUMBER.phoneNumberId}/messages`);
    assert.match(messageId, /^wamid\./);
  });

  it('sends from the number `from` names, with its token; the window is that number’s', async () => {
    const someone = await writesToSecond();
    const before = sendsTo(someone.waId).length;
    const closedOnFirst = await sendText(someone.waId, 'from the first', NUMBER.phoneNumberId);
    assert.equal(
      closedOnFirst.status,
      409,
      'they wrote to the second number: the first one’s window is closed',
    );
    assert.equal(sendsTo(someone.waId).length, before);
    const sent = await sendText(someone.waId, 'from the second', SECOND.phoneNumberId);
    assert.equal(sent.status, 202);
    const requests = sendsTo(someone.waId).slice(before);
    assert.equal(requests.length, 1);
    assert.equal(requests[0]?.path, `/v24.0/${SECOND.phoneNumberId}/messages`);
    assert.equal(requests[0]?.headers.authorization, `Bearer ${SECOND.token}`);
  });

  it('without `from`, sends from the number the person last wrote to', async () => {
    const someone = await writesToSecond();
    const before = sendsTo(someone.waId).length;
    const sent = await send({ channel: 'whatsapp', to: someone.waId, text: 'where you wrote' });
    assert.equal(sent.status, 202);
    assert.deepEqual(
      sendsTo(someone.waId)
        .slice(before)
        .map((r) => r.path),
      [`/v24.0/${SECOND.phoneNumberId}/messages`],
    );
  });

  it('refuses free-form outside the window (409 window_closed) before any call to Meta', async () => {
    const stranger = person();
    const response = await send({ channel: 'whatsapp', to: stranger.waId, text: 'are you there?' });
    assert.equal(response.status, 409);
    assert.equal(refusal.parse(await response.json()).error.code, 'window_closed');
    const media = await send({
      channel: 'whatsapp',
      to: stranger.waId,
      media: { kind: 'image', url: 'https://example.org/poster.jpg' },
    });
    assert.equal(media.status, 409);
    assert.equal(rig.graph.sent('whatsapp').filter((r) => Object(r.body).to === stranger.waId).length, 0);
  });

  it('sends a template outside the window (202)', async () => {
    const stranger = person();
    const template = {
      name: 'status_update',
      language: 'hi',
      components: [{ type: 'body', parameters: [{ type: 'text', text: 'WD-7K3F9Q' }] }],
    };
    const response = await send({ channel: 'whatsapp', to: stranger.waId, template });
    assert.equal(response.status, 202);
    accepted.parse(await response.json());
    const sent = sendsTo(stranger.waId);
    assert.equal(sent.length, 1);
    assert.deepEqual(Object(sent[0]?.body).template, {
      name: 'status_update',
      language: { code: 'hi' },
      components: template.components,
    });
  });

  it('answers 422 platform_refused with Meta’s code when Meta refuses a template', async () => {
    const stranger = person();
    rig.graph.failNext({
      status: 400,
      body: graphError(132001, 'Template name does not exist in the translation'),
      when: (body) => Object(body).to === stranger.waId,
    });
    const response = await send({
      channel: 'whatsapp',
      to: stranger.waId,
      template: { name: 'no_such_template', language: 'en' },
    });
    assert.equal(response.status, 422);
    const body = await response.text();
    const problem = z
      .object({
        error: z.object({ code: z.string(), message: z.string(), platform: z.object({ code: z.number() }) }),
      })
      .parse(JSON.parse(body)).error;
    assert.equal(problem.code, 'platform_refused');
    assert.equal(problem.platform.code, 132001);
    assert.match(problem.message, /Template name does not exist/);
    assert.ok(!body.includes(stranger.waId));
  });

  it('sends media by https URL, with the text as its caption', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    const before = sendsTo(someone.waId).length;
    const response = await send({
      channel: 'whatsapp',
      to: someone.waId,
      text: 'This week’s meeting',
      media: { kind: 'image', url: 'https://example.org/poster.jpg' },
    });
    assert.equal(response.status, 202);
    const sent = sendsTo(someone.waId).slice(before);
    assert.deepEqual(
      sent.map((r) => Object(r.body).image),
      [{ link: 'https://example.org/poster.jpg', caption: 'This week’s meeting' }],
    );
  });

  it('answers 422 naming the field of a bad body, and sends nothing', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    const before = sendsTo(someone.waId).length;
    const cases: [unknown, string][] = [
      [{ channel: 'whatsapp', text: 'no one' }, 'to'],
      [{ channel: 'telegram', to: someone.waId, text: 'hello' }, 'channel'],
      [{ channel: 'whatsapp', to: someone.waId }, 'text'],
      [{ channel: 'whatsapp', to: someone.waId, text: '   ' }, 'text'],
      [{ channel: 'whatsapp', to: someone.waId, text: 'x'.repeat(4097) }, 'text'],
      [
        { channel: 'whatsapp', to: someone.waId, template: { name: 'Bad Name', language: 'en' } },
        'template.name',
      ],
      [
        { channel: 'whatsapp', to: someone.waId, text: 'hi', template: { name: 'a', language: 'en' } },
        'template',
      ],
      [
        { channel: 'whatsapp', to: someone.waId, media: { kind: 'image', url: 'http://example.org/a.jpg' } },
        'media.url',
      ],
      [
        { channel: 'whatsapp', to: someone.waId, media: { kind: 'image', url: 'https://127.0.0.1/a.jpg' } },
        'media.url',
      ],
      [
        {
          channel: 'whatsapp',
          to: someone.waId,
          media: { kind: 'sticker', url: 'https://example.org/a.webp' },
        },
        'media.kind',
      ],
      [{ channel: 'whatsapp', to: 'a/b', text: 'hello' }, 'to'],
      [{ channel: 'whatsapp', to: someone.waId, from: '9999', text: 'hello' }, 'from'],
    ];
    for (const [body, field] of cases) {
      const response = await send(body);
      assert.equal(response.status, 422, JSON.stringify(body));
      const problem = refusal.parse(await response.json()).error;
      assert.equal(problem.code, 'invalid_request');
      assert.deepEqual(
        problem.fields?.map((f) => f.path),
        [field],
        JSON.stringify(body),
      );
    }
    assert.equal(sendsTo(someone.waId).length, before);
  });

  it('answers 404 naming a channel not configured here, and 422 for a template to Messenger', async () => {
    const response = await send({ channel: 'messenger', to: '7001001', text: 'hello' });
    assert.equal(response.status, 404);
    assert.match(refusal.parse(await response.json()).error.message, /messenger/);
    const template = await send({
      channel: 'messenger',
      to: '7001001',
      template: { name: 'a', language: 'en' },
    });
    assert.equal(template.status, 422);
    const problem = refusal.parse(await template.json()).error;
    assert.deepEqual(
      problem.fields?.map((f) => f.path),
      ['template'],
    );
    assert.match(problem.message, /WhatsApp only/);
  });

  it('keeps an audit record of each send that names the channel and line, never the person', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    const started = new Date();
    const response = await sendText(someone.waId, 'audit me', NUMBER.phoneNumberId);
    assert.equal(response.status, 202);
    const records = await rig.app.app.operatorApi.audit.day(started.toISOString().slice(0, 10));
    const mine = records.filter((r) => r.action === 'message.send' && Date.parse(r.at) >= started.getTime());
    assert.deepEqual(
      mine.map(({ operator, target }) => ({ operator, target })),
      [{ operator: 'alice', target: `whatsapp:${NUMBER.phoneNumberId}` }],
    );
    assert.ok(!JSON.stringify(records).includes(someone.waId));
  });
});

function secondNumber() {
  return { phoneNumberId: SECOND.phoneNumberId, accessToken: SECOND.token, appSecret: SECOND.appSecret };
}

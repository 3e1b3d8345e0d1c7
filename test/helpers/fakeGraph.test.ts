/**
 * The fake Graph / 360dialog server is itself tested: Meta's documented example bodies pass, and bodies
 * that break a documented limit are refused with Meta's error shape. A fake that accepts everything
 * would make every adapter test meaningless.
 */
import assert from 'node:assert/strict';
import { FakeGraph, graphError } from './fakeGraph';
import { fixture, fixtureNames } from './protocolFixtures';

const TOKEN = 'test-access-token';
const D360_KEY = 'test-d360-key';

function post(url: string, body: unknown, headers: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const bearer = { authorization: `Bearer ${TOKEN}` };

function clone<T>(value: T): T {
  return structuredClone(value);
}

function buttons(count: number, title = (i: number) => `Option ${i}`) {
  return {
    messaging_product: 'whatsapp',
    to: '919876543210',
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: 'Choose' },
      action: {
        buttons: Array.from({ length: count }, (_, i) => ({
          type: 'reply',
          reply: { id: `id-${i}`, title: title(i) },
        })),
      },
    },
  };
}

describe('fake Graph / 360dialog server', () => {
  let graph: FakeGraph;
  before(async () => {
    graph = await FakeGraph.start({
      tokens: [TOKEN],
      d360Keys: [D360_KEY],
      instagramRecipients: ['ig-user'],
    });
  });
  after(() => graph.stop());

  it('accepts every documented WhatsApp example body, on Cloud API and on 360dialog', async () => {
    const names = fixtureNames('outbound').filter((n) => n.startsWith('whatsapp-'));
    assert.ok(names.length >= 15);
    for (const name of names) {
      const body = fixture(`outbound/${name}`);
      const cloud = await post(`${graph.graphUrl}/1234567890/messages`, body, bearer);
      assert.equal(cloud.status, 200, `${name}: ${await cloud.text()}`);
      const d360 = await post(`${graph.url}/messages`, body, { 'd360-api-key': D360_KEY });
      assert.equal(d360.status, 200, `${name} via 360dialog`);
    }
  });

  it('accepts every documented Messenger example body', async () => {
    for (const name of fixtureNames('outbound').filter((n) => n.startsWith('messenger-'))) {
      const response = await post(`${graph.graphUrl}/me/messages`, fixture(`outbound/${name}`), bearer);
      assert.equal(response.status, 200, `${name}: ${await response.text()}`);
    }
  });

  const refused: [string, () => unknown, RegExp][] = [
    ['four reply buttons', () => buttons(4), /wa\.button\.buttons\.max/],
    [
      'a 21-character button title',
      () => buttons(2, (i) => (i === 0 ? 'x'.repeat(21) : 'ok')),
      /wa\.button\.reply\.title\.max/,
    ],
    ['duplicate button titles', () => buttons(2, () => 'Same'), /wa\.button\.reply\.title\.unique/],
    [
      'text over 4096 characters (Hindi counted by code point)',
      () => ({ messaging_product: 'whatsapp', to: '91', type: 'text', text: { body: 'क'.repeat(4097) } }),
      /wa\.text\.body\.max/,
    ],
    [
      'a list with 11 rows',
      (): unknown => {
        const list = clone(fixture('outbound/whatsapp-send-interactive-list.json'));
        const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
        return {
          ...Object(list),
          interactive: {
            ...Object(Object(list).interactive),
            action: { button: 'Pick', sections: [{ title: 'All', rows }] },
          },
        };
      },
      /wa\.list\.rows\.total\.max/,
    ],
    [
      'no recipient',
      () => ({ messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }),
      /wa\.to\.required/,
    ],
  ];

  for (const [what, body, rule] of refused) {
    it(`refuses ${what} with Meta's error shape`, async () => {
      const response = await post(`${graph.graphUrl}/1234567890/messages`, body(), bearer);
      assert.equal(response.status, 400);
      const payload: unknown = await response.json();
      const error = Object(Object(payload).error);
      assert.equal(error.code, 100);
      assert.equal(error.type, 'OAuthException');
      assert.equal(error.error_data.messaging_product, 'whatsapp');
      assert.match(error.error_data.details, rule);
      assert.match(error.fbtrace_id, /\S/);
    });
  }

  it('applies Messenger and Instagram limits by recipient', async () => {
    const text = (recipient: string, body: string) => ({
      recipient: { id: recipient },
      messaging_type: 'RESPONSE',
      message: { text: body },
    });
    assert.equal(
      (await post(`${graph.graphUrl}/me/messages`, text('psid', 'x'.repeat(1999)), bearer)).status,
      200,
    );
    assert.equal(
      (await post(`${graph.graphUrl}/me/messages`, text('psid', 'x'.repeat(2000)), bearer)).status,
      400,
    );
    const hindi = 'क'.repeat(334); // 1002 UTF-8 bytes, 334 characters
    assert.equal((await post(`${graph.graphUrl}/me/messages`, text('psid', hindi), bearer)).status, 200);
    assert.equal((await post(`${graph.graphUrl}/me/messages`, text('ig-user', hindi), bearer)).status, 400);
    const quick = {
      recipient: { id: 'psid' },
      messaging_type: 'RESPONSE',
      message: {
        text: 'Pick',
        quick_replies: Array.from({ length: 14 }, (_, i) => ({
          content_type: 'text',
          title: `Q${i}`,
          payload: `P${i}`,
        })),
      },
    };
    assert.equal((await post(`${graph.graphUrl}/me/messages`, quick, bearer)).status, 400);
  });

  it('refuses wrong credentials with OAuth error 190', async () => {
    const body = fixture('outbound/whatsapp-send-text.json');
    const wrong = await post(`${graph.graphUrl}/1234567890/messages`, body, { authorization: 'Bearer nope' });
    assert.equal(wrong.status, 401);
    assert.equal(Object(Object(await wrong.json()).error).code, 190);
    assert.equal((await post(`${graph.url}/messages`, body, {})).status, 401);
  });

  it('plays scripted failures, then answers normally', async () => {
    const rateLimited = fixture('responses/whatsapp-error-response-130429.json');
    graph.failNext({ status: 429, body: rateLimited, headers: { 'retry-after': '1' } });
    const body = fixture('outbound/whatsapp-send-text.json');
    const first = await post(`${graph.graphUrl}/1234567890/messages`, body, bearer);
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.deepEqual(await first.json(), rateLimited);
    const second = await post(`${graph.graphUrl}/1234567890/messages`, body, bearer);
    assert.equal(second.status, 200);
    assert.match(String(Object(Object(await second.json()).messages?.[0]).id), /^wamid\./);
  });

  it('serves registered media through a URL lookup, with credentials only', async () => {
    const media = graph.registerMedia(Buffer.from('OggS-voice-note'), 'audio/ogg');
    const lookup = await fetch(`${graph.graphUrl}/${media.id}`, { headers: bearer });
    const info = Object(await lookup.json());
    assert.equal(info.mime_type, 'audio/ogg');
    assert.equal((await fetch(info.url)).status, 401);
    const bytes = Buffer.from(await (await fetch(info.url, { headers: bearer })).arrayBuffer());
    assert.equal(bytes.toString(), 'OggS-voice-note');
  });

  it('records what it accepted and refused', () => {
    assert.ok(graph.sent('whatsapp').length > 0);
    assert.ok(graph.requests.some((r) => r.status === 400 && r.violations.length > 0));
    assert.deepEqual(Object.keys(graphError(100, 'x').error).sort(), [
      'code',
      'fbtrace_id',
      'message',
      'type',
    ]);
  });
});

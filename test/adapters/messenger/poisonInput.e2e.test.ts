/**
 * Hostile and oversized Messenger webhooks end to end (real app, fake Graph, Azurite): a `messaging` item
 * nested thousands of levels deep never costs the good items of its batch their replies, and a webhook
 * full of notices writes one log line.
 */
import assert from 'node:assert/strict';
import { nestedObjects, RAW_HERE, withRaw } from '../../helpers/deepJson';
import { messengerApp } from '../../helpers/appOnGraph';

const PAGE_ID = '111899832631526';
const TOKEN = 'EAApoison-page-token';
const SECRET = 'poison-page-secret';

let sequence = 0;
const mid = () => `m_POISON${Date.now().toString(36)}${++sequence}`;
const message = (psid: string, body: Record<string, unknown>) => ({
  sender: { id: psid },
  recipient: { id: PAGE_ID },
  timestamp: Date.now(),
  message: { mid: mid(), ...body },
});
const page = (items: unknown[]) => ({
  object: 'page',
  entry: [{ id: PAGE_ID, time: Date.now(), messaging: items }],
});

describe('Messenger webhooks with poison inputs (fake Graph + Azurite)', function () {
  this.timeout(60_000);
  const rig = messengerApp({ pageId: PAGE_ID, token: TOKEN, appSecret: SECRET, verifyToken: 'page-verify' });
  const { repliesTo } = rig;

  async function post(raw: Buffer): Promise<number> {
    const response = await rig.post(raw);
    await rig.settle(20_000);
    return response.status;
  }

  it('answers a batch with a messaging item nested 4,500 levels 200, also redelivered, and replies to the good item', async () => {
    const raw = withRaw(
      page([message('PSID-GOOD', { text: 'hi' }), message('PSID-DEEP', { text: 'hi', nlp: RAW_HERE })]),
      nestedObjects(4_500),
    );
    const from = rig.app.logs.length;
    assert.equal(await post(raw), 200);
    assert.equal(repliesTo('PSID-GOOD').length, 1, 'the good item was answered');
    assert.equal(
      repliesTo('PSID-DEEP').length,
      1,
      "the deep item's own fields still map, so it is answered too",
    );
    assert.equal(await post(raw), 200, 'a redelivery is answered 200 too');
    assert.equal(repliesTo('PSID-GOOD').length, 1, 'not answered twice');
    const lines = rig.app.logs.slice(from);
    assert.deepEqual(
      lines.filter((l) => l.level === 'error').map((l) => l.line),
      [],
      'no error, no stack overflow',
    );
    assert.ok(
      lines.some((l) => l.level === 'warn' && /nested too deep/.test(l.line) && /"cut":1\b/.test(l.line)),
    );
    assert.ok(lines.every((l) => !l.line.includes('PSID-GOOD') && !l.line.includes('PSID-DEEP')));
  });

  it('summarises a webhook of thousands of echoes in one line', async () => {
    const echoes = Array.from({ length: 3_000 }, () => message('PSID-ECHO', { text: 'ours', is_echo: true }));
    const from = rig.app.logs.length;
    assert.equal(await post(Buffer.from(JSON.stringify(page(echoes)))), 200);
    const lines = rig.app.logs.slice(from);
    assert.ok(lines.length <= 2, `${lines.length} log lines for one webhook`);
    assert.match(lines.map((l) => l.line).join('\n'), /3000/);
  });
});

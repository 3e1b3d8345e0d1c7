/**
 * Several numbers from CHANNELS_FILE: a webhook is processed only for numbers of the app whose secret
 * signed it, and the reply leaves through the number it came in on, with that number's token.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGraph } from '../../helpers/fakeGraph';
import { postSigned } from '../../helpers/metaSignature';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { text, webhook } from '../../helpers/whatsappWebhooks';

describe('WhatsApp: several numbers from CHANNELS_FILE', function () {
  this.timeout(30_000);
  let graph: FakeGraph;
  let app: TestApp;
  let dir: string;

  before(async () => {
    graph = await FakeGraph.start({ tokens: ['token-a', 'token-b'] });
    dir = mkdtempSync(join(tmpdir(), 'channels-'));
    const file = join(dir, 'channels.json');
    writeFileSync(
      file,
      JSON.stringify({
        channels: [
          {
            type: 'whatsapp',
            phoneNumberId: '1001',
            accessToken: 'token-a',
            appSecret: 'secret-a',
            verifyToken: 'verify-a',
          },
          {
            type: 'whatsapp',
            phoneNumberId: '2002',
            accessToken: 'token-b',
            appSecret: 'secret-b',
            verifyToken: 'verify-b',
          },
        ],
      }),
    );
    app = await startTestApp({ META_GRAPH_URL: graph.graphUrl, CHANNELS_FILE: file });
  });
  after(async () => {
    await app.stop();
    await graph.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (body: unknown, secret: string) => postSigned(app.url, body, secret);

  it('answers each number’s hub challenge with its own verify token', async () => {
    for (const token of ['verify-a', 'verify-b']) {
      const response = await fetch(
        `${app.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42`,
      );
      assert.equal(await response.text(), '42');
    }
  });

  it('replies through the number the message came to, with its token', async () => {
    const user = { waId: '919811111111' };
    assert.equal((await post(webhook('2002', user, [text(user, 'hi')]), 'secret-b')).status, 200);
    await app.app.inFlight.idle(10_000);
    const reply = graph.sent('whatsapp').find((r) => Object(r.body).to === user.waId);
    assert.equal(reply?.path, '/v24.0/2002/messages');
    assert.equal(reply?.headers.authorization, 'Bearer token-b');
  });

  it('ignores a number of another app (signed with the wrong app secret for it)', async () => {
    const user = { waId: '919822222222' };
    assert.equal((await post(webhook('2002', user, [text(user, 'hi')]), 'secret-a')).status, 200);
    await app.app.inFlight.idle(10_000);
    assert.equal(graph.sent('whatsapp').filter((r) => Object(r.body).to === user.waId).length, 0);
  });

  it('prints both numbers as mounted', () => {
    assert.equal(app.app.channels.find((c) => c.channel === 'whatsapp')?.reason, '2 numbers configured');
  });
});

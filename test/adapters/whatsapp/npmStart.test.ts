/**
 * Tried as a new user would: DESIGN §4's WhatsApp variables pointed at a fake Graph server, `npm start`
 * answers the hub challenge, and "hi" from a WhatsApp user gets the main dialog's answer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotProcess, waitUntil } from '../../helpers/botProcess';
import { FakeGraph } from '../../helpers/fakeGraph';
import { signedHeaders } from '../../helpers/metaSignature';
import { text, webhook } from '../../helpers/whatsappWebhooks';

describe('npm start with a WhatsApp number', function () {
  this.timeout(90_000);

  it('answers the hub challenge and replies to "hi" with the main dialog', async () => {
    const graph = await FakeGraph.start({ tokens: ['EAAstart-token'] });
    const dataDir = mkdtempSync(join(tmpdir(), 'bot-wa-'));
    const bot = await startBotProcess('npm', ['start', '--ignore-scripts', '--silent'], {
      DATA_DIR: dataDir,
      META_GRAPH_URL: graph.graphUrl,
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_ACCESS_TOKEN: 'EAAstart-token',
      WHATSAPP_APP_SECRET: 'start-app-secret',
      WHATSAPP_VERIFY_TOKEN: 'start-verify',
    });
    try {
      assert.match(bot.output(), /channel whatsapp\s+mounted/);
      assert.doesNotMatch(bot.output(), /EAAstart-token|start-app-secret/);
      const challenge = await fetch(
        `${bot.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=start-verify&hub.challenge=987`,
      );
      assert.equal(await challenge.text(), '987');

      const user = { waId: '919833333333' };
      const raw = Buffer.from(JSON.stringify(webhook('106540352242922', user, [text(user, 'hi')])));
      const response = await fetch(`${bot.url}/webhooks/whatsapp`, {
        method: 'POST',
        headers: signedHeaders(raw, 'start-app-secret'),
        body: raw,
      });
      assert.equal(response.status, 200);
      assert.ok(
        await waitUntil(() => graph.sent('whatsapp').some((r) => Object(r.body).to === user.waId), 15_000),
        bot.output(),
      );
      const reply = graph.sent('whatsapp').find((r) => Object(r.body).to === user.waId);
      assert.match(Object(reply?.body).interactive.body.text, /choose your language/);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await graph.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

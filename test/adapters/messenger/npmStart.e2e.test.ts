/**
 * Tried as a new user would: DESIGN §4's Messenger variables pointed at a fake Graph server, `npm start`
 * answers the hub challenge, and a Messenger "hi" gets the main dialog's answer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotProcess, waitUntil } from '../../helpers/botProcess';
import { FakeGraph } from '../../helpers/fakeGraph';
import { postSigned } from '../../helpers/metaSignature';
import { messengerPageEnv } from '../../helpers/testApp';

describe('npm start with a Messenger page', function () {
  this.timeout(90_000);

  it('answers the hub challenge and replies to "hi" with the main dialog', async () => {
    const graph = await FakeGraph.start({ tokens: ['EAAstart-page-token'] });
    const dataDir = mkdtempSync(join(tmpdir(), 'bot-fb-'));
    const bot = await startBotProcess('npm', ['start', '--ignore-scripts', '--silent'], {
      DATA_DIR: dataDir,
      ...messengerPageEnv(graph, {
        pageId: '111899832631525',
        token: 'EAAstart-page-token',
        appSecret: 'start-page-secret',
        verifyToken: 'start-page-verify',
      }),
    });
    try {
      assert.match(bot.output(), /channel messenger\s+mounted/);
      const challenge = await fetch(
        `${bot.url}/webhooks/messenger?hub.mode=subscribe&hub.verify_token=start-page-verify&hub.challenge=4242`,
      );
      assert.equal(await challenge.text(), '4242');
      const body = {
        object: 'page',
        entry: [
          {
            id: '111899832631525',
            time: Date.now(),
            messaging: [
              {
                sender: { id: 'PSID-START' },
                recipient: { id: '111899832631525' },
                timestamp: Date.now(),
                message: { mid: 'm_start_1', text: 'hi' },
              },
            ],
          },
        ],
      };
      const response = await postSigned(bot.url, body, 'start-page-secret', '/webhooks/messenger');
      assert.equal(response.status, 200);
      const replied = () =>
        graph
          .sent('messenger')
          .find((r) => Object(Object(r.body).recipient).id === 'PSID-START' && Object(r.body).message);
      assert.ok(await waitUntil(() => replied() !== undefined, 15_000), bot.output());
      assert.match(String(Object(Object(replied()?.body).message).text), /choose your language/);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
      await graph.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

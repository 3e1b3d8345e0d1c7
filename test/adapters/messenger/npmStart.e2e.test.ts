/**
 * Tried as a new user would: DESIGN §4's Messenger variables pointed at a fake Graph server, `npm start`
 * answers the hub challenge, and a Messenger "hi" gets the main dialog's answer.
 */
import assert from 'node:assert/strict';
import { waitUntil } from '../../helpers/botProcess';
import { withNpmStart } from '../../helpers/npmStart';
import { postSigned } from '../../helpers/metaSignature';

describe('npm start with a Messenger page', function () {
  this.timeout(90_000);

  it('answers the hub challenge and replies to "hi" with the main dialog', async () => {
    const vars = {
      pageId: '111899832631525',
      token: 'EAAstart-page-token',
      appSecret: 'start-page-secret',
      verifyToken: 'start-page-verify',
    };
    await withNpmStart('messenger', vars, async (bot, graph) => {
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
    });
  });
});

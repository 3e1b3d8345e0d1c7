/**
 * Tried as a new user would: DESIGN §4's WhatsApp variables pointed at a fake Graph server, `npm start`
 * answers the hub challenge, and "hi" from a WhatsApp user gets the main dialog's answer.
 */
import assert from 'node:assert/strict';
import { waitUntil } from '../../helpers/botProcess';
import { withNpmStart } from '../../helpers/npmStart';
import { postSigned } from '../../helpers/metaSignature';
import { text, webhook } from '../../helpers/whatsappWebhooks';

describe('npm start with a WhatsApp number', function () {
  this.timeout(90_000);

  it('answers the hub challenge and replies to "hi" with the main dialog', async () => {
    const vars = {
      phoneNumberId: '106540352242922',
      token: 'EAAstart-token',
      appSecret: 'start-app-secret',
      verifyToken: 'start-verify',
    };
    await withNpmStart('whatsapp', vars, async (bot, graph) => {
      assert.doesNotMatch(bot.output(), /EAAstart-token|start-app-secret/);

      const user = { waId: '919833333333' };
      const body = webhook('106540352242922', user, [text(user, 'hi')]);
      const response = await postSigned(bot.url, body, 'start-app-secret');
      assert.equal(response.status, 200);
      assert.ok(
        await waitUntil(() => graph.sent('whatsapp').some((r) => Object(r.body).to === user.waId), 15_000),
        bot.output(),
      );
      const reply = graph.sent('whatsapp').find((r) => Object(r.body).to === user.waId);
      assert.match(Object(reply?.body).interactive.body.text, /choose your language/);
    });
  });
});

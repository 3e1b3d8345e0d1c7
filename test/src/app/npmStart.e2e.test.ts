/**
 * Tried as a new user would: DESIGN §4's variables of one channel (a WhatsApp number, a Messenger page)
 * pointed at a fake Graph server, `npm start` answers the hub challenge, prints none of the channel's
 * secrets, and "hi" from a person of that channel gets the main dialog's answer.
 */
import assert from 'node:assert/strict';
import { waitUntil, type BotProcess } from '../../helpers/botProcess';
import type { FakeGraph } from '../../helpers/fakeGraph';
import { postSigned } from '../../helpers/metaSignature';
import { withNpmStart } from '../../helpers/npmStart';
import { text, webhook } from '../../helpers/whatsappWebhooks';

const NUMBER = {
  phoneNumberId: '106540352242922',
  token: 'EAAstart-token',
  appSecret: 'start-app-secret',
  verifyToken: 'start-verify',
};
const PAGE = {
  pageId: '111899832631525',
  token: 'EAAstart-page-token',
  appSecret: 'start-page-secret',
  verifyToken: 'start-page-verify',
};

/** A person's "hi" as their channel's webhook body, and the text of the bot's answer to them once it is sent. */
interface Hi {
  route: string;
  body: unknown;
  answer: (graph: FakeGraph) => string | undefined;
}

/** The bot, started with a channel's secrets, prints neither; "hi" through its webhook asks for a language. */
async function asksForLanguage(
  bot: BotProcess,
  graph: FakeGraph,
  channel: { token: string; appSecret: string },
  hi: Hi,
): Promise<void> {
  assert.ok(!bot.output().includes(channel.token), 'the token is not printed');
  assert.ok(!bot.output().includes(channel.appSecret), 'the app secret is not printed');
  const response = await postSigned(bot.url, hi.body, channel.appSecret, hi.route);
  assert.equal(response.status, 200);
  assert.ok(await waitUntil(() => hi.answer(graph) !== undefined, 15_000), bot.output());
  assert.match(hi.answer(graph) ?? '', /choose your language/);
}

describe('npm start with one webhook channel', function () {
  this.timeout(90_000);

  it('a WhatsApp number: answers the hub challenge and replies to "hi" with the main dialog', async () => {
    const user = { waId: '919833333333' };
    const hi: Hi = {
      route: '/webhooks/whatsapp',
      body: webhook(NUMBER.phoneNumberId, user, [text(user, 'hi')]),
      answer: (graph) => {
        const reply = graph.sent('whatsapp').find((r) => Object(r.body).to === user.waId);
        return reply && String(Object(reply.body).interactive.body.text);
      },
    };
    await withNpmStart('whatsapp', NUMBER, (bot, graph) => asksForLanguage(bot, graph, NUMBER, hi));
  });

  it('a Messenger page: answers the hub challenge and replies to "hi" with the main dialog', async () => {
    const now = Date.now();
    const message = { mid: 'm_start_1', text: 'hi' };
    const messaging = [
      { sender: { id: 'PSID-START' }, recipient: { id: PAGE.pageId }, timestamp: now, message },
    ];
    const hi: Hi = {
      route: '/webhooks/messenger',
      body: { object: 'page', entry: [{ id: PAGE.pageId, time: now, messaging }] },
      answer: (graph) => {
        const reply = graph
          .sent('messenger')
          .find((r) => Object(Object(r.body).recipient).id === 'PSID-START' && Object(r.body).message);
        return reply && String(Object(Object(reply.body).message).text);
      },
    };
    await withNpmStart('messenger', PAGE, (bot, graph) => asksForLanguage(bot, graph, PAGE, hi));
  });
});

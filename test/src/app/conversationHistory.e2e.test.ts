/**
 * The conversation history through the real app: what a person sends and what the bot answers is
 * recorded on every channel, with the platform's message ids and the statuses the channel reports; a
 * history that cannot be written costs the person nothing.
 */
import assert from 'node:assert/strict';
import { StorageUnavailableError } from '../../../src/core/errors';
import { ConversationHistory } from '../../../src/domain/history/conversationHistory';
import { MemoryDocuments } from '../../../src/durable/storage/memoryStore';
import { replyText, whatsAppApp } from '../../helpers/appOnGraph';
import { EmulatorClient, textOf } from '../../helpers/emulatorClient';
import { emulatorApp } from '../../helpers/emulatorApp';
import { statusWebhook, text, wamid } from '../../helpers/whatsappWebhooks';

const NUMBER = { phoneNumberId: '880000000131', token: 'EAAhistory-token', appSecret: 'history-app-secret' };

/** Storage that takes no writes: every create fails as if the account did not answer. */
class UnwritableDocuments extends MemoryDocuments {
  override createJson(): Promise<string> {
    return Promise.reject(new StorageUnavailableError('Blob storage did not answer (test)'));
  }
}

describe('conversation history', function () {
  this.timeout(60_000);

  describe('on WhatsApp', () => {
    const rig = whatsAppApp(NUMBER);
    const sender = { waId: '919800000131' };
    const conversation = { channel: 'whatsapp', userId: sender.waId, limit: 50 };

    it("lists the person's messages and the bot's replies in order, with their message ids", async () => {
      const hi = wamid();
      await rig.say(sender, text(sender, 'hi', hi));
      await rig.say(sender, text(sender, 'English'));
      const { items, next } = await rig.app.app.history.list(conversation);
      assert.equal(next, null);
      const oldestFirst = [...items].reverse();
      const replies = rig.repliesTo(sender);
      assert.ok(replies.length >= 2, 'the bot answered both messages');
      assert.deepEqual(
        oldestFirst.filter((i) => i.direction === 'out').map((i) => i.text),
        replies.map(replyText),
      );
      assert.deepEqual(oldestFirst[0] && [oldestFirst[0].direction, oldestFirst[0].text], ['in', 'hi']);
      assert.equal(oldestFirst[0]?.messageId, hi);
      assert.equal(oldestFirst[0]?.line, NUMBER.phoneNumberId);
      const said = oldestFirst.filter((i) => i.direction === 'in').map((i) => i.text);
      assert.deepEqual(said, ['hi', 'English']);
      assert.ok(oldestFirst.findIndex((i) => i.text === 'English') > 1, 'the answer follows the question');
      for (const reply of oldestFirst.filter((i) => i.direction === 'out')) {
        assert.match(reply.messageId ?? '', /^wamid\./);
        assert.equal(reply.by, 'bot');
      }
      const ids = oldestFirst.map((i) => i.messageId);
      assert.equal(new Set(ids).size, ids.length, 'every message has its own id');
      assert.ok(
        oldestFirst.some((i) => i.choices?.includes('English')),
        'the language question records the choices it offered',
      );
    });

    it('marks a reply delivered, then read, when its status webhooks come back', async () => {
      const { items } = await rig.app.app.history.list(conversation);
      const reply = items.find((i) => i.direction === 'out');
      assert.ok(reply?.messageId);
      assert.deepEqual(reply.statuses, []);
      for (const status of ['delivered', 'read'] as const) {
        const response = await rig.deliver(
          statusWebhook(NUMBER.phoneNumberId, sender, reply.messageId, status),
        );
        assert.equal(response.status, 200);
      }
      const after = await rig.app.app.history.list(conversation);
      assert.equal(after.items.length, items.length, 'a status is not an entry of its own');
      const same = after.items.find((i) => i.id === reply.id);
      assert.deepEqual(
        same?.statuses.map((s) => s.status),
        ['delivered', 'read'],
      );
    });
  });

  describe('on the Emulator', () => {
    const rig = emulatorApp();

    it('records a turn of /api/messages the same way', async () => {
      const client = new EmulatorClient(rig.app.url, rig.connector);
      const replies = await client.say('hi');
      assert.ok(replies.length > 0);
      const { items } = await rig.app.app.history.list({
        channel: 'emulator',
        userId: client.userId,
        limit: 50,
      });
      const oldestFirst = [...items].reverse();
      assert.deepEqual(oldestFirst[0] && [oldestFirst[0].direction, oldestFirst[0].text], ['in', 'hi']);
      assert.equal(oldestFirst[0]?.messageId, client.lastActivityId);
      assert.deepEqual(
        oldestFirst.slice(1).map((i) => [i.direction, i.text]),
        replies.map((r) => ['out', textOf(r)]),
      );
      assert.ok(oldestFirst.slice(1).every((i) => /^reply-/.test(i.messageId ?? '')));
    });
  });

  describe('when it cannot be written', () => {
    const number = { ...NUMBER, phoneNumberId: '880000000132' };
    const rig = whatsAppApp(number, {
      deps: { history: new ConversationHistory(new UnwritableDocuments()) },
    });

    it('answers the person all the same, and warns with hashed ids only', async () => {
      const sender = { waId: '919800000132' };
      await rig.say(sender, text(sender, 'hi'));
      assert.match(replyText(rig.repliesTo(sender)[0]), /choose your language/, 'the reply still went');
      const warnings = rig.app.logs.filter(
        (l) => l.level === 'warn' && /history: could not record/.test(l.line),
      );
      assert.ok(warnings.length >= 2, 'the message and the reply each warned');
      assert.ok(!rig.app.logs.some((l) => l.line.includes(sender.waId)), 'no phone number in the log');
    });
  });
});

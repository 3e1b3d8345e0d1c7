/**
 * The Emulator path end to end: a real server, the real CloudAdapter, state on Azurite, and replies
 * captured by a fake connector at the activity's `serviceUrl`.
 */
import assert from 'node:assert/strict';
import { EmulatorClient, suggestedTitles, textOf } from '../helpers/emulatorClient';
import { FakeConnector } from '../helpers/fakeConnector';
import { MENU_TITLES_EN, MENU_TITLES_HI } from '../helpers/menus';
import { startTestApp, type TestApp } from '../helpers/testApp';

describe('Emulator protocol on /api/messages', () => {
  let connector: FakeConnector;
  let app: TestApp;

  before(async () => {
    connector = await FakeConnector.start();
    app = await startTestApp();
  });
  after(async () => {
    await app.stop();
    await connector.stop();
  });

  it('greets on conversationUpdate with a language choice, replying to that activity', async () => {
    const emulator = new EmulatorClient(app.url, connector);
    const replies = await emulator.conversationUpdate();
    assert.equal(replies.length, 1);
    const [prompt] = replies;
    assert.match(textOf(prompt), /choose your language/);
    assert.deepEqual(suggestedTitles(prompt), ['English', 'हिन्दी']);
    assert.equal(prompt?.urlReplyToId, emulator.lastActivityId);
    assert.equal(prompt?.activity.replyToId, emulator.lastActivityId);
  });

  it('walks language → welcome → menu → an option → the menu again, in Hindi', async () => {
    const emulator = new EmulatorClient(app.url, connector);
    await emulator.conversationUpdate();

    const afterLanguage = await emulator.say('2');
    assert.equal(afterLanguage.length, 2);
    assert.match(textOf(afterLanguage[0]), /^नमस्ते! यह सेवा/);
    assert.equal(textOf(afterLanguage[1]), 'आप क्या करना चाहेंगे?');
    assert.deepEqual(suggestedTitles(afterLanguage[1]), MENU_TITLES_HI);
    for (const reply of afterLanguage) assert.equal(reply.urlReplyToId, emulator.lastActivityId);

    const afterChoice = await emulator.say('शिकायत दर्ज करें');
    assert.equal(textOf(afterChoice[0]), '"शिकायत दर्ज करें" जल्द ही उपलब्ध होगा। यह रहा मेनू।');
    assert.equal(textOf(afterChoice[1]), 'आप क्या करना चाहेंगे?');
    assert.equal(suggestedTitles(afterChoice[1]).length, 6);
  });

  it('re-prompts in the user language when the answer is not an option', async () => {
    const emulator = new EmulatorClient(app.url, connector);
    await emulator.conversationUpdate();
    await emulator.say('English');
    const replies = await emulator.say('banana');
    assert.equal(textOf(replies[0]), 'Please choose one of the options below, or type its number.');
    assert.deepEqual(suggestedTitles(replies[0]), MENU_TITLES_EN);
  });

  it('answers 400 to an activity that is not an object and keeps serving', async () => {
    const response = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2]',
    });
    assert.equal(response.status, 400);
    const emulator = new EmulatorClient(app.url, connector);
    assert.equal((await emulator.conversationUpdate()).length, 1);
  });
});

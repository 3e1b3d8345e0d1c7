/**
 * The Emulator path end to end: a real server, the real CloudAdapter, state on Azurite, and replies
 * captured by a fake connector at the activity's `serviceUrl`.
 */
import assert from 'node:assert/strict';
import { EmulatorClient, postToApiMessages, suggestedTitles, textOf } from '../../helpers/emulatorClient';
import { AGREE, DECLINE } from '../../helpers/consent';
import { MENU_TITLES_EN, MENU_TITLES_HI } from '../../helpers/menus';
import { emulatorApp } from '../../helpers/emulatorApp';

describe('Emulator protocol on /api/messages', () => {
  const rig = emulatorApp();

  it('greets on conversationUpdate with a language choice, replying to that activity', async () => {
    const emulator = new EmulatorClient(rig.app.url, rig.connector);
    const replies = await emulator.conversationUpdate();
    assert.equal(replies.length, 1);
    const [prompt] = replies;
    assert.match(textOf(prompt), /choose your language/);
    assert.deepEqual(suggestedTitles(prompt), ['English', 'हिन्दी']);
    assert.equal(prompt?.urlReplyToId, emulator.lastActivityId);
    assert.equal(prompt?.activity.replyToId, emulator.lastActivityId);
  });

  it('walks language → privacy notice → onboarding → a typed location → join → menu, in Hindi', async () => {
    const emulator = new EmulatorClient(rig.app.url, rig.connector);
    await emulator.conversationUpdate();

    const notice = await emulator.say('2');
    assert.match(textOf(notice[0]), /^नमस्ते! यह सेवा/);
    assert.deepEqual(suggestedTitles(notice.at(-1)), [AGREE.hi, DECLINE.hi]);
    const onboarding = await emulator.say(AGREE.hi);
    assert.deepEqual(suggestedTitles(onboarding.at(-1)), ['सूची से चुनें']);
    for (const reply of onboarding) assert.equal(reply.urlReplyToId, emulator.lastActivityId);

    const found = await emulator.say('24.38, 73.52');
    assert.deepEqual(suggestedTitles(found[0]), [
      'Jhadol Van Samiti',
      'Udaipur Tribal Collective',
      'दूसरी लोकेशन',
    ]);

    const joined = await emulator.say('Jhadol Van Samiti');
    assert.equal(textOf(joined[0]), '✅ आप Jhadol Van Samiti से जुड़ गए हैं।');
    assert.equal(textOf(joined[1]), 'Jhadol Van Samiti के लिए आप क्या करना चाहेंगे?');
    assert.deepEqual(suggestedTitles(joined[1]), MENU_TITLES_HI);
  });

  it('re-prompts in the user language when the answer is not an option', async () => {
    const emulator = new EmulatorClient(rig.app.url, rig.connector);
    await emulator.conversationUpdate();
    await emulator.say('English');
    await emulator.say(AGREE.en);
    await emulator.say('24.38, 73.52');
    await emulator.say('1');
    const replies = await emulator.say('banana');
    assert.equal(textOf(replies[0]), 'Please choose one of the options below, or type its number.');
    assert.deepEqual(suggestedTitles(replies[0]), MENU_TITLES_EN);
  });

  it('answers 400 to an activity that is not an object and keeps serving', async () => {
    const response = await postToApiMessages(rig.app.url, '[1,2]');
    assert.equal(response.status, 400);
    const emulator = new EmulatorClient(rig.app.url, rig.connector);
    assert.equal((await emulator.conversationUpdate()).length, 1);
  });
});

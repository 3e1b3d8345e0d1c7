/**
 * STOP and START as a person types them (English, Hindi, romanised Hindi), on every channel id: STOP
 * leaves the step, records an opt-out (`word`) and says what it means and how to undo it, in the
 * person's language; someone opted out who writes again is answered; START removes it and shows the
 * menu; "cancel" still only leaves the step and records nothing.
 */
import assert from 'node:assert/strict';
import { t, type Locale, type MessageKey } from '../../dialogs/catalogue';
import { OptOuts } from '../../src/domain/people/optOuts';
import { AGREE, noticeReplies } from '../helpers/consent';
import { MENU_KEYS } from '../helpers/menus';
import { CHANNEL_IDS, runTranscript, type ExpectedReply, type TestBot } from '../helpers/transcript';

const JHADOL = 'Jhadol Van Samiti';
const LANGUAGE: ExpectedReply = { text: t('en', 'language.prompt'), buttons: ['English', 'हिन्दी'] };
const line = (locale: Locale, key: MessageKey, params?: Record<string, string>): ExpectedReply => ({
  text: t(locale, key, params),
});
const menuOf = (locale: Locale): ExpectedReply => ({
  text: t(locale, 'menu.prompt', { community: JHADOL }),
  buttons: MENU_KEYS.map((key) => t(locale, key)),
});
const pinAtJhadol = {
  text: '',
  entities: [{ type: 'Place', geo: { type: 'GeoCoordinates', latitude: 24.38, longitude: 73.52 } }],
};
/** Joins Jhadol in `locale` (answers after the pin are matched loosely: the journeys' tests own them). */
const joined = (locale: Locale): Parameters<typeof runTranscript>[1] => [
  ['hi', [LANGUAGE]],
  [locale === 'en' ? 'English' : 'हिन्दी', [{ text: /./ }, ...noticeReplies(locale)]],
  [AGREE[locale], [{ text: /./ }, { text: /./ }, { text: /./ }]],
  [pinAtJhadol, [{ text: t(locale, 'communities.choose') }]],
  ['1', [line(locale, 'join.done', { community: JHADOL }), menuOf(locale)]],
];
const askForWork = (locale: Locale): [string, ExpectedReply[]] => [
  t(locale, 'menu.workDemand'),
  [line(locale, 'work_demand.intro'), { text: t(locale, 'work_demand.place') }, { text: /./ }],
];

async function optOutOf(bot: TestBot, channelId: string) {
  const id = bot.adapter.conversation.user?.id ?? 'user';
  return new OptOuts(bot.documents.state).of({ channel: channelId, id });
}

describe('opt-out words (transcripts)', () => {
  for (const channelId of CHANNEL_IDS) {
    describe(`on ${channelId}`, () => {
      it('STOP mid-flow leaves it, records an opt-out and says how to undo it; START undoes it', async () => {
        const bot = await runTranscript(channelId, [
          ...joined('en'),
          askForWork('en'),
          ['STOP', [line('en', 'cancelled'), line('en', 'optOut.done')]],
          async (b) => assert.equal((await optOutOf(b, channelId))?.source, 'word'),
          // Still answered when they write again.
          ['hello', [menuOf('en')]],
          ['Start', [line('en', 'optIn.done'), menuOf('en')]],
        ]);
        assert.equal(await optOutOf(bot, channelId), undefined);
      });

      for (const word of ['cancel', 'रद्द'])
        it(`"${word}" only leaves the step: the menu, and no opt-out`, async () => {
          const bot = await runTranscript(channelId, [
            ...joined('en'),
            askForWork('en'),
            [word, [line('en', 'cancelled'), menuOf('en')]],
          ]);
          assert.equal(await optOutOf(bot, channelId), undefined);
        });

      it('START without an opt-out is the menu, as before', async () => {
        await runTranscript(channelId, [...joined('en'), ['start', [menuOf('en')]]]);
      });
    });
  }

  it('"बंद करो" from a Hindi speaker is answered in Hindi; "शुरू" undoes it', async () => {
    const bot = await runTranscript('whatsapp', [
      ...joined('hi'),
      ['बंद करो', [line('hi', 'optOut.done')]],
      async (b) => assert.ok(await optOutOf(b, 'whatsapp')),
      ['शुरू', [line('hi', 'optIn.done'), menuOf('hi')]],
    ]);
    assert.equal(await optOutOf(bot, 'whatsapp'), undefined);
  });

  for (const word of ['रोकें', 'अनसब्सक्राइब', 'band karo', '  Rok   Do! ']) {
    it(`"${word}" as a first message, before any language is chosen, is answered in Hindi`, async () => {
      const bot = await runTranscript('whatsapp', [[word, [line('hi', 'optOut.done')]]]);
      assert.equal((await optOutOf(bot, 'whatsapp'))?.source, 'word');
    });
  }

  for (const word of ['unsubscribe', 'Stop.']) {
    it(`"${word}" before any language is chosen is answered in the default language`, async () => {
      const bot = await runTranscript('whatsapp', [[word, [line('en', 'optOut.done')]]]);
      assert.ok(await optOutOf(bot, 'whatsapp'));
    });
  }
});

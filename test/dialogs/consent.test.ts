/**
 * The privacy notice and consent as a person meets them, in English and Hindi: the notice at first contact;
 * agreeing records the notice's version and goes on to onboarding; declining (a "no", or three answers that
 * are neither) keeps nothing but the language and asks again at the next "hi"; a changed notice asks again
 * at the next message, in the middle of a journey too, and agreeing goes on where the person was; "delete
 * my data" is never held up by the notice; "help" links the privacy and terms pages when they have an address.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { t, type Locale, type MessageKey } from '../../dialogs/catalogue';
import { DEFAULT_NOTICE_SETTINGS, noticeOf, type NoticeSettings } from '../../dialogs/consent/notice';
import { userStateKey } from '../../src/durable/concurrentState';
import { AGREE, DECLINE, noticeReplies } from '../helpers/consent';
import { MENU_KEYS } from '../helpers/menus';
import {
  CHANNEL_IDS,
  createTestBot,
  playTranscript,
  runTranscript,
  type Exchange,
  type ExpectedReply,
  type TestBot,
} from '../helpers/transcript';

const LOCALE_BUTTON: Record<Locale, string> = { en: 'English', hi: 'हिन्दी' };
const LANGUAGE: ExpectedReply = { text: t('en', 'language.prompt'), buttons: ['English', 'हिन्दी'] };
const JHADOL = 'Jhadol Van Samiti';
const say = (locale: Locale, key: MessageKey, params?: Record<string, string>): ExpectedReply => ({
  text: t(locale, key, params),
});
const withButtons = (locale: Locale, key: MessageKey, buttons: readonly MessageKey[]): ExpectedReply => ({
  text: t(locale, key),
  buttons: buttons.map((button) => t(locale, button)),
});
const onboarding = (locale: Locale): ExpectedReply[] => [
  say(locale, 'onboarding.intro'),
  { text: t(locale, 'location.ask'), locationRequest: true },
  withButtons(locale, 'location.orList', ['option.fromList']),
];
const menu = (locale: Locale): ExpectedReply => ({
  text: t(locale, 'menu.prompt', { community: JHADOL }),
  buttons: MENU_KEYS.map((key) => t(locale, key)),
});
const placeAsk = (locale: Locale, intro: boolean): ExpectedReply[] => [
  ...(intro ? [say(locale, 'work_demand.intro')] : []),
  { text: t(locale, 'work_demand.place'), locationRequest: true },
  withButtons(locale, 'place.options', ['option.sameAsCommunity', 'option.fromList']),
];
const retry = (locale: Locale): ExpectedReply => ({
  text: t(locale, 'consent.retry'),
  buttons: [AGREE[locale], DECLINE[locale]],
});
const pinAtJhadol = {
  text: '',
  entities: [{ type: 'Place', geo: { type: 'GeoCoordinates', latitude: 24.38, longitude: 73.52 } }],
};

/** "hi", the language, and the notice (with `settings`) waiting for an answer. */
const noticeShown = (locale: Locale, settings?: NoticeSettings): Exchange[] => [
  ['hi', [LANGUAGE]],
  [LOCALE_BUTTON[locale], [say(locale, 'welcome'), ...noticeReplies(locale, settings)]],
];
/** First contact, agreed to, and a community joined: the menu. */
const joined = (locale: Locale): Exchange[] => [
  ...noticeShown(locale),
  [AGREE[locale], onboarding(locale)],
  [pinAtJhadol, [{ text: t(locale, 'communities.choose') }]],
  ['1', [say(locale, 'join.done', { community: JHADOL }), menu(locale)]],
];

const stored = z.object({ profile: z.unknown().optional() }).loose();

/** The person's stored profile (`undefined`: no user state at all). */
async function profileOf(bot: TestBot): Promise<unknown> {
  const { channelId, user } = bot.adapter.conversation;
  const key = userStateKey(channelId, user?.id ?? '');
  return (await bot.documents.state.getJson(key, stored))?.value.profile;
}

/** Whether any conversation state is stored for the test conversation. */
async function hasConversationState(bot: TestBot): Promise<boolean> {
  const { channelId, conversation } = bot.adapter.conversation;
  const key = `${channelId}/conversations/${conversation.id}`;
  return (await bot.documents.state.getJson(key, z.unknown())) !== undefined;
}

const consentShape = z.object({ consent: z.object({ version: z.string(), at: z.string() }) });

async function assertAgreed(bot: TestBot, settings: NoticeSettings, since: number): Promise<void> {
  const { consent } = consentShape.parse(await profileOf(bot));
  assert.equal(consent.version, noticeOf(settings).version);
  const at = Date.parse(consent.at);
  assert.ok(at >= since && at <= Date.now(), `agreed at ${consent.at}, during the test`);
}

/** Declined: the language is all that is kept, and no conversation state. */
async function assertOnlyLanguage(bot: TestBot, locale: Locale): Promise<void> {
  assert.deepEqual(await profileOf(bot), { locale, welcomed: true });
  assert.equal(await hasConversationState(bot), false, 'no conversation state');
}

const RENAMED: NoticeSettings = { ...DEFAULT_NOTICE_SETTINGS, orgName: 'Seva Mandir' };
const SHORTER: NoticeSettings = { ...DEFAULT_NOTICE_SETTINGS, historyDays: 30 };
const WITH_PAGES: NoticeSettings = { ...DEFAULT_NOTICE_SETTINGS, publicBaseUrl: 'https://bot.example.org/' };

/** A person in `locale` asked for a work demand's place; then the notice changed (shorter retention). */
async function inJourneyUnderShorterNotice(locale: Locale): Promise<TestBot> {
  const before = await runTranscript('whatsapp', [
    ...joined(locale),
    [t(locale, 'menu.workDemand'), placeAsk(locale, true)],
  ]);
  return createTestBot('whatsapp', [], { notice: SHORTER, documents: before.documents });
}

describe('privacy notice and consent (transcripts)', () => {
  for (const locale of ['en', 'hi'] as const) {
    describe(`in ${locale}`, () => {
      for (const channelId of CHANNEL_IDS) {
        it(`on ${channelId}: the notice at first contact; agreeing records its version and goes on to onboarding`, async () => {
          const since = Date.now();
          const bot = await runTranscript(channelId, noticeShown(locale));
          assert.deepEqual(await profileOf(bot), { locale, welcomed: true }, 'not agreed yet');
          await playTranscript(bot, [[AGREE[locale], onboarding(locale)]]);
          await assertAgreed(bot, DEFAULT_NOTICE_SETTINGS, since);
        });

        it(`on ${channelId}: declining keeps only the language and ends; the next "hi" shows the notice again`, async () => {
          const bot = await runTranscript(channelId, [
            ...noticeShown(locale),
            [DECLINE[locale], [say(locale, 'consent.declined')]],
          ]);
          await assertOnlyLanguage(bot, locale);
          await playTranscript(bot, [
            ['hi', noticeReplies(locale)],
            [AGREE[locale], onboarding(locale)],
          ]);
        });
      }

      it('three answers that are neither: two re-prompts, then the third ends as a decline', async () => {
        const bot = await runTranscript('whatsapp', [
          ...noticeShown(locale),
          ['maybe later', [retry(locale)]],
          ['what is this', [retry(locale)]],
          ['banana', [say(locale, 'consent.declined')]],
        ]);
        await assertOnlyLanguage(bot, locale);
        await playTranscript(bot, [['hi', noticeReplies(locale)]]);
      });

      it('a changed notice (another ORG_NAME) asks again at the next message; agreeing goes to the menu', async () => {
        const since = Date.now();
        const before = await runTranscript('whatsapp', joined(locale));
        const after = createTestBot('whatsapp', [], { notice: RENAMED, documents: before.documents });
        await playTranscript(after, [
          ['hi', noticeReplies(locale, RENAMED)],
          [AGREE[locale], [menu(locale)]],
        ]);
        await assertAgreed(after, RENAMED, since);
        // The same notice does not ask again.
        await playTranscript(after, [['hi', [menu(locale)]]]);
      });

      it('a changed notice (other retention days) asks in the middle of a journey; agreeing asks that step again', async () => {
        const after = await inJourneyUnderShorterNotice(locale);
        await playTranscript(after, [
          [t(locale, 'option.sameAsCommunity'), noticeReplies(locale, SHORTER)],
          [AGREE[locale], placeAsk(locale, false)],
          [t(locale, 'option.sameAsCommunity'), [say(locale, 'work_demand.describe')]],
        ]);
        await assertAgreed(after, SHORTER, 0);
      });

      it('declining a changed notice in the middle of a journey ends it; the next "hi" asks again', async () => {
        const after = await inJourneyUnderShorterNotice(locale);
        await playTranscript(after, [
          [t(locale, 'option.sameAsCommunity'), noticeReplies(locale, SHORTER)],
          [DECLINE[locale], [say(locale, 'consent.declinedAgain')]],
        ]);
        assert.equal(await hasConversationState(after), false, 'the journey is gone');
        assert.equal(
          consentShape.parse(await profileOf(after)).consent.version,
          noticeOf(DEFAULT_NOTICE_SETTINGS).version,
        );
        await playTranscript(after, [
          ['hi', noticeReplies(locale, SHORTER)],
          [AGREE[locale], [menu(locale)]],
        ]);
      });

      it('"delete my data" while the notice waits is not held up by it: its confirmation, then no consent', async () => {
        const erase = locale === 'en' ? 'delete my data' : 'मेरा डेटा हटाओ';
        const bot = await runTranscript('whatsapp', [
          ...noticeShown(locale),
          [erase, [withButtons(locale, 'erase.confirm', ['option.yes', 'option.no'])]],
          [t(locale, 'option.no'), [say(locale, 'erase.kept')]],
        ]);
        assert.deepEqual(await profileOf(bot), { locale, welcomed: true }, 'no consent');
        await playTranscript(bot, [['hi', noticeReplies(locale)]]);
      });

      it('"help" while the notice waits links the privacy and terms pages in the person\'s language', async () => {
        const query = locale === 'en' ? '' : '?lang=hi';
        const pages = {
          privacy: `https://bot.example.org/privacy${query}`,
          terms: `https://bot.example.org/terms${query}`,
        };
        const bot = createTestBot('whatsapp', [], { notice: WITH_PAGES });
        await playTranscript(bot, [
          ...noticeShown(locale, WITH_PAGES),
          [
            locale === 'en' ? 'help' : 'मदद',
            [
              say(locale, 'help'),
              say(locale, 'help.pages', pages),
              { text: t(locale, 'consent.prompt'), buttons: [AGREE[locale], DECLINE[locale]] },
            ],
          ],
        ]);
        const [notice] = noticeReplies(locale, WITH_PAGES);
        assert.ok(String(notice?.text).includes(pages.privacy), 'the notice links the page too');
      });

      it('"help" without a public address has no links', async () => {
        const [notice] = noticeReplies(locale);
        assert.doesNotMatch(String(notice?.text), /https?:|\/privacy/);
        await runTranscript('whatsapp', [
          ...noticeShown(locale),
          [
            locale === 'en' ? 'help' : 'मदद',
            [
              say(locale, 'help'),
              { text: t(locale, 'consent.prompt'), buttons: [AGREE[locale], DECLINE[locale]] },
            ],
          ],
        ]);
      });
    });
  }

  for (const [word, locale, answer] of [
    ['yes', 'en', 'agree'],
    ['Yes!', 'en', 'agree'],
    ['हाँ', 'hi', 'agree'],
    ['no', 'en', 'decline'],
    ['नहीं', 'hi', 'decline'],
  ] as const)
    it(`"${word}" answers the notice (${answer})`, async () => {
      const bot = await runTranscript('whatsapp', [
        ...noticeShown(locale),
        [word, answer === 'agree' ? onboarding(locale) : [say(locale, 'consent.declined')]],
      ]);
      if (answer === 'agree') await assertAgreed(bot, DEFAULT_NOTICE_SETTINGS, 0);
      else await assertOnlyLanguage(bot, locale);
    });

  it('"delete my data" as the very first message is its confirmation, not the notice', async () => {
    await runTranscript('whatsapp', [
      ['delete my data', [withButtons('en', 'erase.confirm', ['option.yes', 'option.no'])]],
      ['no', [say('en', 'erase.kept')]],
    ]);
  });

  it("the version changes with the organisation, its contact and the retention days, not the pages' address", () => {
    const version = (settings: NoticeSettings) => noticeOf(settings).version;
    const base = version(DEFAULT_NOTICE_SETTINGS);
    assert.equal(version({ ...DEFAULT_NOTICE_SETTINGS }), base, 'the same notice, the same version');
    assert.equal(version(WITH_PAGES), base);
    for (const changed of [
      RENAMED,
      SHORTER,
      { ...DEFAULT_NOTICE_SETTINGS, orgContact: 'privacy@example.org' },
      { ...DEFAULT_NOTICE_SETTINGS, mediaDays: 30 },
      { ...DEFAULT_NOTICE_SETTINGS, inactiveDays: 180 },
    ])
      assert.notEqual(version(changed), base, JSON.stringify(changed));
  });
});

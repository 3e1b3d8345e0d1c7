/**
 * The journeys as a person meets them, as tables of exchanges, on every channel id: onboarding (pin,
 * typed coordinates, map link, list path, nothing found), returning members, the service menu, work
 * demand, grievance, story and status, the words that work anywhere, wrong inputs, three misses and
 * the idle timeout.
 */
import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { storedMediaAttachment } from '../../src/core/conventions/storedMedia';
import { SubmissionStore } from '../../src/domain/submissions/submissionStore';
import { t, type Locale, type MessageKey } from '../../dialogs/catalogue';
import { AGREE, noticeReplies } from '../helpers/consent';
import { MENU_KEYS, MENU_KEYS_SEVERAL } from '../helpers/menus';
import { BUILT_IN_SUBMISSION_TYPES } from '../helpers/submissionTypes';
import {
  CHANNEL_IDS,
  runTranscript,
  type Exchange,
  type ExpectedReply,
  type TestBot,
  type TranscriptStep,
} from '../helpers/transcript';

const say = (
  locale: Locale,
  key: MessageKey,
  params?: Record<string, string>,
  buttons?: readonly MessageKey[],
): ExpectedReply => ({
  text: t(locale, key, params),
  ...(buttons ? { buttons: buttons.map((b) => t(locale, b)) } : {}),
});

const menu = (locale: Locale, community: string, several = false): ExpectedReply =>
  say(locale, 'menu.prompt', { community }, several ? MENU_KEYS_SEVERAL : MENU_KEYS);
const LANGUAGE: ExpectedReply = { text: t('en', 'language.prompt'), buttons: ['English', 'हिन्दी'] };
const locationAsk = (locale: Locale, intro: MessageKey | undefined): ExpectedReply[] => [
  ...(intro ? [say(locale, intro)] : []),
  { text: t(locale, 'location.ask'), locationRequest: true },
  say(locale, 'location.orList', undefined, ['option.fromList']),
];
/** The language chosen by `answer`: welcome, the privacy notice, agreed to, then onboarding's first question. */
const firstContact = (locale: Locale, answer: string): Exchange[] => [
  [answer, [say(locale, 'welcome'), ...noticeReplies(locale)]],
  [AGREE[locale], locationAsk(locale, 'onboarding.intro')],
];

/** The communities found near a place, `nearest` first, and a way to try another place. */
const communitiesNear = (locale: Locale, nearest: string): ExpectedReply[] => [
  {
    text: t(locale, 'communities.choose'),
    buttons: [nearest, 'Udaipur Tribal Collective', t(locale, 'option.anotherLocation')],
  },
];

const pin = (latitude: number, longitude: number): Partial<Activity> => ({
  text: '',
  entities: [{ type: 'Place', geo: { type: 'GeoCoordinates', latitude, longitude } }],
});
const voiceNote = (): Partial<Activity> => ({
  text: '',
  attachments: [
    storedMediaAttachment({
      available: true,
      blobName: 'whatsapp/pn/u/wamid.v-0',
      mimeType: 'audio/ogg',
      size: 12,
      sha256: 'aa',
      kind: 'audio',
      voice: true,
    }),
  ],
});
const photo = (n: number): Partial<Activity> => ({
  text: '',
  attachments: [
    storedMediaAttachment({
      available: true,
      blobName: `whatsapp/pn/u/wamid.p${n}-0`,
      mimeType: 'image/jpeg',
      size: 34,
      sha256: 'bb',
      kind: 'image',
    }),
  ],
});

const JHADOL = 'Jhadol Van Samiti';
const KOTRA = 'Kotra Jal Samooh';

/** Onboarding in English at Jhadol, ending at the menu. */
const joinedInEnglish: Exchange[] = [
  ['hi', [LANGUAGE]],
  ...firstContact('en', 'English'),
  [pin(24.38, 73.52), communitiesNear('en', JHADOL)],
  ['1', [say('en', 'join.done', { community: JHADOL }), menu('en', JHADOL)]],
];

const placeAsk = (
  locale: Locale,
  type: 'work_demand' | 'grievance' | 'story',
  intro = true,
): ExpectedReply[] => [
  ...(intro ? [say(locale, `${type}.intro`)] : []),
  { text: t(locale, `${type}.place`), locationRequest: true },
  say(locale, 'place.options', undefined, ['option.sameAsCommunity', 'option.fromList']),
];
const summaryPrompt = (locale: Locale) =>
  say(locale, 'summary.prompt', undefined, ['option.submit', 'option.change', 'option.cancel']);

const transcripts: Record<string, TranscriptStep[] | ((channel: string) => TranscriptStep[])> = {
  'onboarding with a shared pin: nearest communities, join, menu': joinedInEnglish,

  'onboarding in Hindi with typed Devanagari coordinates and with a map link': [
    ['नमस्ते', [LANGUAGE]],
    ...firstContact('hi', '२'),
    ['२४.३८, ७३.५२', communitiesNear('hi', JHADOL)],
    [t('hi', 'option.anotherLocation'), locationAsk('hi', undefined)],
    ['https://www.google.com/maps/place/Kotra/@24.37,73.17,14z', communitiesNear('hi', KOTRA)],
    [KOTRA, [say('hi', 'join.done', { community: KOTRA }), menu('hi', KOTRA)]],
  ],

  'nothing found: say so, then the list path state → district → community': [
    ['hi', [LANGUAGE]],
    ...firstContact('en', 'English'),
    ['15.0, 70.0', [say('en', 'communities.none', undefined, ['option.anotherLocation', 'option.fromList'])]],
    [
      'Choose from a list',
      [{ text: t('en', 'region.state'), buttons: ['Jharkhand', 'Madhya Pradesh', 'Odisha', 'Rajasthan'] }],
    ],
    ['Rajasthan', [{ text: t('en', 'region.district'), buttons: ['Dungarpur', 'Udaipur'] }]],
    ['2', [{ text: t('en', 'region.community'), buttons: [JHADOL, KOTRA, 'Udaipur Tribal Collective'] }]],
    [KOTRA, [say('en', 'join.done', { community: KOTRA }), menu('en', KOTRA)]],
  ],

  'wrong answers re-prompt with what is needed; the third miss offers the menu': [
    ['hi', [LANGUAGE]],
    ['français', [{ text: t('en', 'language.retry'), buttons: ['English', 'हिन्दी'] }]],
    ...firstContact('en', 'English'),
    ['somewhere near the river', [say('en', 'location.retry', undefined, ['option.fromList'])]],
    ...joinedInEnglish.slice(3),
    ['banana', [say('en', 'menu.retry', undefined, MENU_KEYS)]],
    ['99', [say('en', 'menu.retry', undefined, MENU_KEYS)]],
    ['still wrong', [say('en', 'missed.menu'), menu('en', JHADOL)]],
  ],

  'work demand: same place as the community, a voice note, photos (one required), change, submit': [
    ...joinedInEnglish,
    ['Ask for work', placeAsk('en', 'work_demand')],
    ['Same as my community', [say('en', 'work_demand.describe')]],
    [pin(24.4, 73.5), [say('en', 'describe.retry')]],
    [voiceNote(), [say('en', 'work_demand.photos', undefined, ['option.done'])]],
    ['Done', [say('en', 'photos.needOne'), say('en', 'work_demand.photos', undefined, ['option.done'])]],
    [
      photo(1),
      [say('en', 'photos.received', { count: '1' }), say('en', 'photos.more', undefined, ['option.done'])],
    ],
    [
      photo(2),
      [say('en', 'photos.received', { count: '2' }), say('en', 'photos.more', undefined, ['option.done'])],
    ],
    [
      'Done',
      [
        {
          text: /^Please check your work demand:\n📍 Place: 24\.\d+, 73\.\d+\n📝 Description: voice note\n📷 Photos: 2\n🏠 Community: Jhadol Van Samiti$/,
        },
        summaryPrompt('en'),
      ],
    ],
    [
      'Change',
      [say('en', 'change.prompt', undefined, ['option.place', 'option.description', 'option.photos'])],
    ],
    ['Description', [say('en', 'work_demand.describe')]],
    [
      'The pond in Jhadol needs desilting before the monsoon',
      [
        { text: /📝 Description: The pond in Jhadol needs desilting before the monsoon\n📷 Photos: 2/ },
        summaryPrompt('en'),
      ],
    ],
    [
      'Submit',
      [
        {
          text: /^✅ Thank you! Your work demand is registered\. Your reference is WD-[0-9A-HJKMNP-TV-Z]{6}\./,
        },
        menu('en', JHADOL),
      ],
    ],
    [
      'My requests',
      [
        {
          text: /^📋 Your requests \(1\):\n1\. WD-\w{6} · work demand · Submitted\n {4}.+: The pond in Jhadol needs desilting before the mons…$/,
        },
        menu('en', JHADOL),
      ],
    ],
  ],

  'grievance in Hindi: typed coordinates, text, photos skipped, then cancelled: nothing submitted': [
    ['hi', [LANGUAGE]],
    ...firstContact('hi', 'हिन्दी'),
    [pin(24.37, 73.17), communitiesNear('hi', KOTRA)],
    ['1', [say('hi', 'join.done', { community: KOTRA }), menu('hi', KOTRA)]],
    ['शिकायत दर्ज करें', placeAsk('hi', 'grievance')],
    ['24.371, 73.172', [say('hi', 'grievance.describe')]],
    [
      'हैंडपंप दो महीने से खराब है, पंचायत सचिव को बताया था',
      [say('hi', 'photos.optional', undefined, ['option.skip'])],
    ],
    [
      'छोड़ें',
      [
        { text: /^कृपया अपनी शिकायत जाँच लें:\n📍 जगह: 24\.37100, 73\.17200\n📝 विवरण: हैंडपंप दो महीने से खराब है/ },
        summaryPrompt('hi'),
      ],
    ],
    ['रद्द करें', [say('hi', 'cancelled'), menu('hi', KOTRA)]],
    ['मेरे अनुरोध', [say('hi', 'status.none'), menu('hi', KOTRA)]],
  ],

  'story by voice note, with a photo, submitted with an ST reference': [
    ...joinedInEnglish,
    ['Share a story', placeAsk('en', 'story')],
    ['Same as my community', [say('en', 'story.describe')]],
    [voiceNote(), [say('en', 'photos.optional', undefined, ['option.skip'])]],
    [
      photo(1),
      [say('en', 'photos.received', { count: '1' }), say('en', 'photos.more', undefined, ['option.done'])],
    ],
    ['Done', [{ text: /^Please check your story:/ }, summaryPrompt('en')]],
    [
      'Submit',
      [{ text: /^✅ Thank you for sharing your story! Your reference is ST-\w{6}\.$/ }, menu('en', JHADOL)],
    ],
  ],

  'words that work anywhere: help, cancel mid-flow, menu, language': [
    ...joinedInEnglish,
    ['Ask for work', placeAsk('en', 'work_demand')],
    ['help', [say('en', 'help'), ...placeAsk('en', 'work_demand', false)]],
    ['Same as my community', [say('en', 'work_demand.describe')]],
    ['cancel', [say('en', 'cancelled'), menu('en', JHADOL)]],
    ['My requests', [say('en', 'status.none'), menu('en', JHADOL)]],
    ['Report a problem', placeAsk('en', 'grievance')],
    ['menu', [say('en', 'cancelled'), menu('en', JHADOL)]],
    ['language', [LANGUAGE]],
    ['हिन्दी', [say('hi', 'language.changed'), menu('hi', JHADOL)]],
    ['भाषा बदलें', [LANGUAGE]],
    ['1', [say('en', 'language.changed'), menu('en', JHADOL)]],
  ],

  'returning members: continue, join another, several communities, switch': [
    ...joinedInEnglish,
    ['End chat', [say('en', 'goodbye')]],
    [
      'good morning',
      [
        say('en', 'returning.single', { community: JHADOL }),
        say('en', 'returning.prompt', undefined, ['option.continue', 'option.joinAnother']),
      ],
    ],
    ['Join another community', locationAsk('en', 'join.intro')],
    ['24.37, 73.17', communitiesNear('en', KOTRA)],
    ['1', [say('en', 'join.done', { community: KOTRA }), menu('en', KOTRA, true)]],
    ['End chat', [say('en', 'goodbye')]],
    [
      'hello again',
      [
        say('en', 'returning.multiple', { community: KOTRA }),
        say('en', 'returning.prompt', undefined, [
          'option.continueLast',
          'option.chooseOther',
          'option.joinAnother',
        ]),
      ],
    ],
    ['Choose another', [{ text: t('en', 'returning.choose'), buttons: [KOTRA, JHADOL] }]],
    [JHADOL, [menu('en', JHADOL, true)]],
    ['Switch community', [{ text: t('en', 'returning.choose'), buttons: [JHADOL, KOTRA] }]],
    ['2', [menu('en', KOTRA, true)]],
  ],

  'whole answers only: a sentence that contains an option is not that option': [
    ...joinedInEnglish,
    ['I need work for 3 villages', [say('en', 'menu.retry', undefined, MENU_KEYS)]],
    ['Report a problem', placeAsk('en', 'grievance')],
    ['Same as my community', [say('en', 'grievance.describe')]],
    ['Same as my community', [say('en', 'describe.retry')]],
    ['The well is dry since March', [say('en', 'photos.optional', undefined, ['option.skip'])]],
    ['Skip', [{ text: /^Please check your grievance:/ }, summaryPrompt('en')]],
    [
      'no do not submit',
      [say('en', 'summary.retry', undefined, ['option.submit', 'option.change', 'option.cancel'])],
    ],
    ['yes', [{ text: /^✅ Thank you! Your grievance is registered/ }, menu('en', JHADOL)]],
  ],

  'a message too long is answered politely; the step and what was given wait for a shorter one': [
    ...joinedInEnglish,
    ['Report a problem', placeAsk('en', 'grievance')],
    ['Same as my community', [say('en', 'grievance.describe')]],
    ['पानी '.repeat(1000), [say('en', 'text.tooLong', { max: '4096' })]],
    ['The well is dry since March', [say('en', 'photos.optional', undefined, ['option.skip'])]],
    ['Skip', [{ text: /^Please check your grievance:.*The well is dry since March/s }, summaryPrompt('en')]],
  ],

  'no dead end for someone without a community; a new place is taken at any location question': [
    ['hi', [LANGUAGE]],
    ...firstContact('en', 'English'),
    ['x', [say('en', 'location.retry', undefined, ['option.fromList'])]],
    ['y', [say('en', 'location.retry', undefined, ['option.fromList'])]],
    ['z', locationAsk('en', undefined)],
    ['15.0, 70.0', [say('en', 'communities.none', undefined, ['option.anotherLocation', 'option.fromList'])]],
    [pin(24.38, 73.52), communitiesNear('en', JHADOL)],
    [
      'second',
      [
        say('en', 'join.done', { community: 'Udaipur Tribal Collective' }),
        menu('en', 'Udaipur Tribal Collective'),
      ],
    ],
  ],

  'photos sent before the description are kept; leaving a draft says nothing was submitted': [
    ...joinedInEnglish,
    ['Ask for work', placeAsk('en', 'work_demand')],
    ['Same as my community', [say('en', 'work_demand.describe')]],
    [photo(1), [say('en', 'photos.receivedMany', { count: '1' }), say('en', 'work_demand.describe')]],
    ['Desilt the pond', [{ text: /📝 Description: Desilt the pond\n📷 Photos: 1\n/ }, summaryPrompt('en')]],
    ['language', [say('en', 'cancelled'), LANGUAGE]],
    ['English', [say('en', 'language.changed'), menu('en', JHADOL)]],
    ['My requests', [say('en', 'status.none'), menu('en', JHADOL)]],
  ],

  'after 24 hours idle the next message starts at the menu': [
    ...joinedInEnglish,
    ['Ask for work', placeAsk('en', 'work_demand')],
    (bot: TestBot) => bot.advance(25 * 60 * 60 * 1000),
    ['Same as my community', [say('en', 'idle.back'), menu('en', JHADOL)]],
  ],

  'status: newest first, five at a time, localised status names': (channel) => [
    ...joinedInEnglish,
    (bot: TestBot) => seedSubmissions(bot, channel),
    [
      'My requests',
      [
        {
          text: /^📋 Your requests \(6\):\n1\. GR-\w{6} · grievance · Resolved\n.*\n2\. WD-\w{6} · work demand · Under review/s,
        },
        say('en', 'status.prompt', undefined, ['option.showMore', 'option.backToMenu']),
      ],
    ],
    ['Show more', [{ text: /^6\. ST-\w{6} · story · Submitted/ }, menu('en', JHADOL)]],
  ],
};

/** Six submissions straight into storage, oldest first; two with later statuses. */
async function seedSubmissions(bot: TestBot, channel: string): Promise<void> {
  const store = new SubmissionStore(bot.documents.submissions, BUILT_IN_SUBMISSION_TYPES);
  const user = { channel, id: bot.adapter.conversation.user?.id ?? 'user' };
  {
    const types = ['story', 'work_demand', 'work_demand', 'grievance', 'work_demand', 'grievance'] as const;
    for (const [i, type] of types.entries()) {
      const created = await store.create(
        {
          type,
          user,
          channel,
          community: { id: 'raj-udr-jhadol', name: JHADOL },
          text: `Item ${i + 1}`,
          media: [],
          locale: 'en',
        },
        new Date(Date.UTC(2026, 10, 1 + i)),
      );
      const status = i === 4 ? 'under_review' : i === 5 ? 'resolved' : undefined;
      if (status) await store.changeStatus(created.reference, { status, by: 'test' });
    }
  }
}

describe('journeys (transcripts)', () => {
  for (const channelId of CHANNEL_IDS) {
    describe(`on ${channelId}`, () => {
      for (const [name, table] of Object.entries(transcripts)) {
        it(name, async () => {
          await runTranscript(channelId, typeof table === 'function' ? table(channelId) : table);
        });
      }
    });
  }
});

describe('journeys: what is stored', () => {
  it('a submitted work demand is one validated document with the voice note and photos', async () => {
    const table =
      transcripts[
        'work demand: same place as the community, a voice note, photos (one required), change, submit'
      ];
    assert.ok(Array.isArray(table));
    const bot = await runTranscript('whatsapp', table);
    const store = new SubmissionStore(bot.documents.submissions, BUILT_IN_SUBMISSION_TYPES);
    const [submission] = await store.of({
      channel: 'whatsapp',
      id: bot.adapter.conversation.user?.id ?? 'user',
    });
    assert.ok(submission);
    assert.equal(submission.type, 'work_demand');
    assert.equal(submission.community.id, 'raj-udr-jhadol');
    assert.equal(submission.location?.source, 'community');
    assert.equal(submission.text, 'The pond in Jhadol needs desilting before the monsoon');
    assert.deepEqual(
      submission.media.map((m) => [m.kind, m.blobName]),
      [
        ['image', 'whatsapp/pn/u/wamid.p1-0'],
        ['image', 'whatsapp/pn/u/wamid.p2-0'],
      ],
    );
    assert.equal(submission.locale, 'en');
    assert.deepEqual(
      submission.statusHistory.map((h) => h.status),
      ['submitted'],
    );
  });
});

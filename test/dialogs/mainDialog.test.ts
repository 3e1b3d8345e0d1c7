/** The main dialog as a person meets it, on every channel id. */
import { MENU_TITLES_EN, MENU_TITLES_HI } from '../helpers/menus';
import { CHANNEL_IDS, runTranscript, type Exchange, type ExpectedReply } from '../helpers/transcript';

const LANGUAGE: ExpectedReply = { text: /^Please choose your language\./, buttons: ['English', 'हिन्दी'] };
const LANGUAGE_RETRY: ExpectedReply = { text: /^Please tap English or हिन्दी/, buttons: ['English', 'हिन्दी'] };
const MENU_EN: ExpectedReply = {
  text: 'What would you like to do?',
  buttons: MENU_TITLES_EN,
};
const MENU_HI: ExpectedReply = {
  text: 'आप क्या करना चाहेंगे?',
  buttons: MENU_TITLES_HI,
};
const WELCOME_EN: ExpectedReply = { text: /^Welcome! This service helps/ };
const WELCOME_HI: ExpectedReply = { text: /^नमस्ते! यह सेवा/ };
const MENU_RETRY_EN: ExpectedReply = {
  ...MENU_EN,
  text: 'Please choose one of the options below, or type its number.',
};
const MENU_RETRY_HI: ExpectedReply = {
  ...MENU_HI,
  text: 'कृपया नीचे दिए गए विकल्पों में से एक चुनें, या उसका नंबर लिखें।',
};

const transcripts: Record<string, Exchange[]> = {
  'first contact in English by title, then an option by typed number': [
    ['hello', [LANGUAGE]],
    ['English', [WELCOME_EN, MENU_EN]],
    ['3', [{ text: '"Share a story" is coming soon. Here is the menu again.' }, MENU_EN]],
  ],
  'Hindi by typed number, an option by its Hindi title, and ending the chat': [
    ['hi', [LANGUAGE]],
    ['2', [WELCOME_HI, MENU_HI]],
    ['काम की माँग', [{ text: '"काम की माँग" जल्द ही उपलब्ध होगा। यह रहा मेनू।' }, MENU_HI]],
    ['बातचीत समाप्त करें', [{ text: 'धन्यवाद। फिर से शुरू करने के लिए कभी भी "नमस्ते" या "hi" भेजें।' }]],
    ['नमस्ते', [MENU_HI]],
  ],
  'ordinals, Devanagari digits and synonyms are understood': [
    ['start', [LANGUAGE]],
    ['the second one', [WELCOME_HI, MENU_HI]],
    ['४', [{ text: '"मेरे अनुरोध" जल्द ही उपलब्ध होगा। यह रहा मेनू।' }, MENU_HI]],
    ['first', [{ text: '"काम की माँग" जल्द ही उपलब्ध होगा। यह रहा मेनू।' }, MENU_HI]],
    ['Report a problem', [{ text: '"शिकायत दर्ज करें" जल्द ही उपलब्ध होगा। यह रहा मेनू।' }, MENU_HI]],
  ],
  'wrong answers re-prompt in the right language': [
    ['hi', [LANGUAGE]],
    ['français', [LANGUAGE_RETRY]],
    ['hindi', [WELCOME_HI, MENU_HI]],
    ['a pond please', [MENU_RETRY_HI]],
    ['99', [MENU_RETRY_HI]],
  ],
  'changing language mid-way, and a greeting returns to the menu from any step': [
    ['hi', [LANGUAGE]],
    ['English', [WELCOME_EN, MENU_EN]],
    ['xyz', [MENU_RETRY_EN]],
    ['Change language', [LANGUAGE]],
    ['hi', [LANGUAGE]],
    ['२', [{ text: 'भाषा हिन्दी चुनी गई।' }, MENU_HI]],
    ['भाषा बदलें', [LANGUAGE]],
    ['1', [{ text: 'Language set to English.' }, MENU_EN]],
    ['menu', [MENU_EN]],
  ],
};

describe('MainDialog transcripts', () => {
  for (const channelId of CHANNEL_IDS) {
    describe(`on ${channelId}`, () => {
      for (const [name, exchanges] of Object.entries(transcripts)) {
        it(name, () => runTranscript(channelId, exchanges));
      }
    });
  }
});

/**
 * The words that opt out of proactive messages and back in, as people type them: English, Hindi in
 * Devanagari and romanised Hindi. "cancel"/"रद्द" are not among them: they only leave the step.
 * Compared after `runDialog`'s normalising (trimmed, lower case, spaces collapsed, final stop dropped).
 */
import type { Locale } from './catalogue';

const ROMANISED_OUT = [
  'band',
  'band karo',
  'band kare',
  'band karein',
  'band kar do',
  'roko',
  'rokein',
  'rok do',
];
const ROMANISED_IN = ['shuru', 'shuru karo', 'shuru karein', 'chalu karo', 'chalu karein'];

export const OPT_OUT_WORDS: readonly string[] = [
  ...['stop', 'stop all', 'stop messages', 'unsubscribe', 'opt out', 'optout'],
  ...['बंद', 'बंद करो', 'बंद करें', 'बंद कीजिए', 'बंद कर दो', 'रोकें', 'रोको', 'रोक दो', 'अनसब्सक्राइब'],
  ...ROMANISED_OUT,
];

export const OPT_IN_WORDS: readonly string[] = [
  ...['start', 'unstop', 'subscribe', 'opt in', 'optin'],
  ...['शुरू', 'शुरू करो', 'शुरू करें', 'चालू करो', 'चालू करें', 'सब्सक्राइब'],
  ...ROMANISED_IN,
];

const ROMANISED_HINDI = new Set([...ROMANISED_OUT, ...ROMANISED_IN]);

/** The language a word was typed in, when it tells: Hindi for Devanagari and romanised Hindi. */
export function localeOfWord(said: string): Locale | undefined {
  return /\p{Script=Devanagari}/u.test(said) || ROMANISED_HINDI.has(said) ? 'hi' : undefined;
}

/**
 * Yes or no as a whole answer, in English or Hindi ("yes", "ok", "हाँ", "जी"; "no", "नहीं"), for the
 * yes/no step and the summary's "submit". A sentence that holds a yes ("no, do not submit") is neither.
 */

export const YES_WORDS: readonly string[] = [
  'yes',
  'ok',
  'okay',
  'y',
  'sure',
  'हाँ',
  'हां',
  'जी',
  'जी हाँ',
  'ठीक है',
];
export const NO_WORDS: readonly string[] = ['no', 'n', 'nope', 'नहीं', 'नही', 'ना', 'जी नहीं'];

/** Lower case, spaces folded, trailing punctuation dropped ("Yes!" is yes; "हाँ।" is हाँ). */
function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!?।,]+$/u, '')
    .trim();
}

const YES = new Set(YES_WORDS.map(normalise));
const NO = new Set(NO_WORDS.map(normalise));

/** True for a yes, false for a no, undefined for anything else. */
export function readYesNo(text: string | undefined): boolean | undefined {
  const said = normalise(text ?? '');
  if (YES.has(said)) return true;
  if (NO.has(said)) return false;
  return undefined;
}

/**
 * A whole answer read as a whole number: digits (ASCII or Devanagari, with "1,000" or "1,00,000"
 * grouping), English number words ("forty", "two hundred and fifty", "5 thousand", "one lakh") or Hindi
 * ones ("चालीस", "दो हज़ार पाँच सौ"). Anything else (a sentence, a fraction, "two three") is not a number.
 */
import { normaliseDigits } from './localChoicePrompt';

const ENGLISH_SMALL = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const ENGLISH_TENS = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Hindi has a word of its own for every number up to a hundred: index = value (spelling variants with `/`). */
const HINDI_TO_99 = [
  'शून्य',
  'एक',
  'दो',
  'तीन',
  'चार',
  'पाँच',
  'छह/छः/छे',
  'सात',
  'आठ',
  'नौ',
  'दस',
  'ग्यारह',
  'बारह',
  'तेरह',
  'चौदह',
  'पंद्रह/पन्द्रह',
  'सोलह',
  'सत्रह',
  'अठारह',
  'उन्नीस',
  'बीस',
  'इक्कीस',
  'बाईस',
  'तेईस',
  'चौबीस',
  'पच्चीस',
  'छब्बीस',
  'सत्ताईस',
  'अट्ठाईस/अठाईस',
  'उनतीस',
  'तीस',
  'इकतीस',
  'बत्तीस',
  'तैंतीस',
  'चौंतीस',
  'पैंतीस',
  'छत्तीस',
  'सैंतीस',
  'अड़तीस',
  'उनतालीस',
  'चालीस',
  'इकतालीस',
  'बयालीस',
  'तैंतालीस',
  'चवालीस/चौवालीस',
  'पैंतालीस',
  'छियालीस',
  'सैंतालीस',
  'अड़तालीस',
  'उनचास',
  'पचास',
  'इक्यावन',
  'बावन',
  'तिरपन',
  'चौवन',
  'पचपन',
  'छप्पन',
  'सत्तावन',
  'अट्ठावन',
  'उनसठ',
  'साठ',
  'इकसठ',
  'बासठ',
  'तिरसठ',
  'चौंसठ',
  'पैंसठ',
  'छियासठ',
  'सड़सठ',
  'अड़सठ',
  'उनहत्तर',
  'सत्तर',
  'इकहत्तर',
  'बहत्तर',
  'तिहत्तर',
  'चौहत्तर',
  'पचहत्तर',
  'छिहत्तर',
  'सतहत्तर',
  'अठहत्तर',
  'उन्यासी/उनासी',
  'अस्सी',
  'इक्यासी',
  'बयासी',
  'तिरासी',
  'चौरासी',
  'पचासी',
  'छियासी',
  'सत्तासी',
  'अट्ठासी',
  'नवासी',
  'नब्बे',
  'इक्यानवे',
  'बानवे',
  'तिरानवे',
  'चौरानवे',
  'पचानवे',
  'छियानवे',
  'सत्तानवे',
  'अट्ठानवे',
  'निन्यानवे',
];

/** Nukta dropped, chandrabindu written as anusvara: हज़ार = हजार, पाँच = पांच. */
function foldHindi(word: string): string {
  return word
    .normalize('NFD')
    .replace(/\u093C/g, '')
    .replace(/\u0901/g, '\u0902');
}

/** Words worth less than a hundred, each a term of its own. */
const SMALL = new Map<string, number>([
  ...ENGLISH_SMALL.map((word, value): [string, number] => [word, value]),
  ...ENGLISH_TENS.map((word, i): [string, number] => [word, (i + 2) * 10]),
  ...HINDI_TO_99.flatMap((words, value) =>
    words.split('/').map((w): [string, number] => [foldHindi(w), value]),
  ),
]);
const HUNDRED = new Set(['hundred', 'सौ']);
const SCALES = new Map<string, number>(
  (
    [
      ['thousand', 1_000],
      ['हज़ार', 1_000],
      ['lakh', 100_000],
      ['lakhs', 100_000],
      ['लाख', 100_000],
      ['million', 1_000_000],
      ['crore', 10_000_000],
      ['करोड़', 10_000_000],
    ] as const
  ).map(([word, value]): [string, number] => [foldHindi(word), value]),
);
const FILLERS = new Set(['and', 'a']);

/** The whole number a whole answer says, or undefined when it says something else. */
export function parseNumber(text: string): number | undefined {
  const said = foldHindi(normaliseDigits(text))
    .toLowerCase()
    .trim()
    .replace(/[.!?।]+$/u, '')
    .replace(/(\d),(?=\d{2,3}\b)/g, '$1');
  if (said === '') return undefined;
  if (/^\d+$/.test(said)) return safe(Number(said));
  const words = said.split(/[\s-]+/);
  // "and" joins parts ("two hundred and fifty"); it does not end a number.
  if (FILLERS.has(words.at(-1) ?? '')) return undefined;
  const tokens = words.filter((token) => !FILLERS.has(token));
  let total = 0;
  let group = 0;
  /** The value of the last term below a hundred in this group, undefined when none was said. */
  let unit: number | undefined;
  /** Scales fall as the number goes on: "two thousand three thousand" is not a number. */
  let lastScale = Infinity;
  for (const token of tokens) {
    const small = /^\d+$/.test(token) ? Number(token) : SMALL.get(token);
    if (small !== undefined) {
      // "forty two" is 42; "two three" and "42 5" are not numbers.
      if (unit !== undefined && !(unit % 10 === 0 && unit >= 20 && unit < 100 && small < 10))
        return undefined;
      group += small;
      unit = unit === undefined ? small : unit + small;
      continue;
    }
    if (HUNDRED.has(token)) {
      if (group >= 100) return undefined;
      group = (group === 0 ? 1 : group) * 100;
      unit = undefined;
      continue;
    }
    const scale = SCALES.get(token);
    if (scale === undefined || scale >= lastScale) return undefined;
    // A scale alone counts once ("thousand" is 1000) only as the first word.
    if (group === 0 && token !== tokens[0]) return undefined;
    total += (group === 0 ? 1 : group) * scale;
    group = 0;
    unit = undefined;
    lastScale = scale;
  }
  return safe(total + group);
}

function safe(value: number): number | undefined {
  return Number.isSafeInteger(value) ? value : undefined;
}

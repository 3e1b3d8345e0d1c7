/** The number step's reader: digits in either script, English and Hindi number words, nothing else. */
import assert from 'node:assert/strict';
import { parseNumber } from '../../../dialogs/prompts/numberWords';

describe('parseNumber', () => {
  const cases: [string, number][] = [
    ['40', 40],
    ['  5000 ', 5000],
    ['1,000', 1000],
    ['1,00,000', 100_000],
    ['४०', 40],
    ['५०००', 5000],
    ['forty', 40],
    ['Forty-two', 42],
    ['forty two', 42],
    ['zero', 0],
    ['nineteen', 19],
    ['a hundred', 100],
    ['two hundred and fifty', 250],
    ['fifteen hundred', 1500],
    ['five thousand', 5000],
    ['5 thousand', 5000],
    ['two thousand five hundred', 2500],
    ['one lakh', 100_000],
    ['thousand', 1000],
    ['चालीस', 40],
    ['पाँच', 5],
    ['पांच', 5],
    ['उनचास', 49],
    ['निन्यानवे', 99],
    ['सौ', 100],
    ['एक सौ बीस', 120],
    ['पाँच हज़ार', 5000],
    ['पांच हजार', 5000],
    ['५ हज़ार', 5000],
    ['दो हज़ार पाँच सौ', 2500],
    ['दो लाख', 200_000],
    ['40.', 40],
  ];
  for (const [text, value] of cases) {
    it(`reads ${JSON.stringify(text)} as ${value}`, () => assert.equal(parseNumber(text), value));
  }

  const notNumbers = [
    '',
    '   ',
    'forty litres please',
    'two three',
    '42 5',
    'forty forty',
    'two hundred hundred',
    'two thousand three thousand',
    'five and',
    '2.5',
    '-3',
    'पानी',
    'five banana',
    '9'.repeat(30),
  ];
  for (const text of notNumbers) {
    it(`does not read ${JSON.stringify(text)} as a number`, () => assert.equal(parseNumber(text), undefined));
  }
});

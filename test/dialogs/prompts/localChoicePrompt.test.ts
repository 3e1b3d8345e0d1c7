/** The choice prompt's reader: a whole answer names a choice (title, synonym, number, ordinal); "no" is a word. */
import assert from 'node:assert/strict';
import type { Choice } from 'botbuilder-dialogs';
import { matchChoice } from '../../../dialogs/prompts/localChoicePrompt';

const CHOICES: Choice[] = [
  { value: 'agree', action: { type: 'imBack', title: 'I agree', value: 'I agree' }, synonyms: ['yes'] },
  {
    value: 'decline',
    action: { type: 'imBack', title: 'No, thanks', value: 'No, thanks' },
    synonyms: ['no', 'nope', 'नहीं'],
  },
  { value: 'third', synonyms: [] },
];

describe('matchChoice', () => {
  const cases: [string, number | undefined][] = [
    ['I agree', 0],
    ['yes', 0],
    ['no', 1],
    ['No.', 1],
    ['NO', 1],
    ['nope', 1],
    ['No, thanks', 1],
    ['नहीं', 1],
    ['no. 2', 1],
    ['No 3', 2],
    ['number 2', 1],
    ['option 1', 0],
    ['the second one', 1],
    ['३', 2],
    ['last', 2],
    ['no thanks, I do not agree', undefined],
    ['no 4', undefined],
    ['', undefined],
  ];
  for (const [text, index] of cases)
    it(`reads ${JSON.stringify(text)} as ${String(index)}`, () =>
      assert.equal(matchChoice(text, CHOICES), index));
});

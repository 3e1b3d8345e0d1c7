/** The yes/no step's reader: whole answers in English or Hindi, a sentence is neither. */
import assert from 'node:assert/strict';
import { readYesNo } from '../../../dialogs/prompts/yesNo';

describe('readYesNo', () => {
  it('reads yes in English and Hindi, case and trailing punctuation ignored', () => {
    for (const text of ['yes', 'Yes!', ' OK ', 'okay', 'y', 'हाँ', 'हां।', 'जी', 'जी  हाँ', 'ठीक है'])
      assert.equal(readYesNo(text), true, text);
  });

  it('reads no in English and Hindi', () => {
    for (const text of ['no', 'No.', 'nope', 'n', 'नहीं', 'ना', 'जी नहीं'])
      assert.equal(readYesNo(text), false, text);
  });

  it('reads neither from a sentence, another word or nothing', () => {
    for (const text of ['no do not submit', 'yes please maybe', 'maybe', '', undefined, 'हाँ नहीं'])
      assert.equal(readYesNo(text), undefined, String(text));
  });
});

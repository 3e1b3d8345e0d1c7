import assert from 'node:assert/strict';
import { length, splitText, truncate } from '../../../adapters/base/splitText';

describe('splitText', () => {
  it('keeps short text whole', () => {
    assert.deepEqual(splitText('hello', 10), ['hello']);
    assert.deepEqual(splitText('', 10), ['']);
  });

  it('prefers paragraphs, then lines, then words, and keeps the order', () => {
    const text = `${'a'.repeat(30)}\n\n${'b'.repeat(30)}\n${'c'.repeat(10)} ${'d'.repeat(10)}`;
    const parts = splitText(text, 40);
    assert.deepEqual(parts, ['a'.repeat(30), `${'b'.repeat(30)}`, `${'c'.repeat(10)} ${'d'.repeat(10)}`]);
    assert.ok(parts.every((p) => length(p) <= 40));
  });

  it('cuts a word longer than the limit, counting code points (Hindi, emoji)', () => {
    const word = 'क'.repeat(25) + '🙏'.repeat(5);
    const parts = splitText(word, 10);
    assert.deepEqual(parts.map(length), [10, 10, 10]);
    assert.equal(parts.join(''), word);
  });

  it('never returns an empty part for text that starts with spaces', () => {
    const parts = splitText(`   ${'x'.repeat(25)}`, 10);
    assert.ok(parts.every((p) => p.trim() !== ''));
    assert.equal(parts.join(''), 'x'.repeat(25));
  });

  it('splits 5,000 characters of prose under 4096 with nothing lost', () => {
    const sentence = 'गाँव में तालाब की मरम्मत चाहिए। ';
    const text = sentence.repeat(Math.ceil(5000 / sentence.length)).slice(0, 5000);
    const parts = splitText(text, 4096);
    assert.equal(parts.length, 2);
    assert.ok(parts.every((p) => length(p) <= 4096));
    assert.equal(parts.join(' ').replace(/\s+/g, ' '), text.trim().replace(/\s+/g, ' '));
  });
});

describe('truncate', () => {
  it('cuts with an ellipsis within the limit', () => {
    assert.equal(truncate('Report a problem with the well', 20), 'Report a problem wi…');
    assert.equal(length(truncate('शिकायत दर्ज करें और फ़ोटो भेजें', 20)), 20);
    assert.equal(truncate('short', 20), 'short');
  });
});

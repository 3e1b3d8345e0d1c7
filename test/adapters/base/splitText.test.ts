import assert from 'node:assert/strict';
import { length, MAX_PARTS, splitText, splitUtf8, truncate } from '../../../adapters/base/splitText';
import { referenceSplitText } from './splitTextReference';

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

describe('splitText, linear', () => {
  /** A small seeded generator, so a failure names a reproducible case. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }
  const PIECES = ['a', 'क', '🙏', ' ', '  ', '\n', '\n\n', 'word', 'शब्द', '\t', 'x'.repeat(30)];

  it('gives the parts the earlier splitter gave, on 2,000 random texts', () => {
    for (let seed = 1; seed <= 2000; seed += 1) {
      const next = random(seed);
      let text = '';
      const pieces = Math.floor(next() * 60);
      for (let i = 0; i < pieces; i += 1) text += PIECES[Math.floor(next() * PIECES.length)] ?? '';
      const limit = 1 + Math.floor(next() * 40);
      const expected = referenceSplitText(text, limit);
      if (expected.length > MAX_PARTS) continue;
      assert.deepEqual(splitText(text, limit), expected, `seed ${seed}, limit ${limit}`);
    }
  });

  it('stops at MAX_PARTS, the last part cut with an ellipsis within the limit', () => {
    const text = 'गाँव में तालाब की मरम्मत चाहिए। '.repeat(130_000); // about 4 MB of UTF-16
    const parts = splitText(text, 4096);
    assert.equal(parts.length, MAX_PARTS);
    assert.ok(parts.every((p) => length(p) <= 4096));
    assert.match(parts.at(-1) ?? '', /…$/);
    assert.deepEqual(splitText('a b c d e f', 1, 3), ['a', 'b', '…']);
  });
});

describe('splitUtf8', () => {
  it('keeps each part within the byte limit and the whole reply within MAX_PARTS (Instagram)', () => {
    const parts = splitUtf8('नमस्ते दुनिया '.repeat(10_000), 1000);
    assert.equal(parts.length, 4 * MAX_PARTS);
    assert.ok(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 1000));
    assert.match(parts.at(-1) ?? '', /…$/);
    assert.deepEqual(splitUtf8('short text', 1000), ['short text']);
  });
});

describe('truncate', () => {
  it('cuts with an ellipsis within the limit', () => {
    assert.equal(truncate('Report a problem with the well', 20), 'Report a problem wi…');
    assert.equal(length(truncate('शिकायत दर्ज करें और फ़ोटो भेजें', 20)), 20);
    assert.equal(truncate('short', 20), 'short');
  });
});

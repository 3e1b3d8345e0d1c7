import assert from 'node:assert/strict';
import { MAX_STRING_LENGTH, pruneDepth, rawJsonDepth, TOO_DEEP } from '../../../adapters/base/jsonDepth';

const nested = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('JSON depth', () => {
  it('measures nesting on the raw bytes, skipping brackets inside strings', () => {
    assert.equal(rawJsonDepth(Buffer.from('{"a":[1,{"b":"[[[{{{\\"]]]"}]}')), 3);
    assert.equal(rawJsonDepth(Buffer.from('"just a string"')), 0);
    assert.equal(rawJsonDepth(Buffer.from(nested(4500))), 4500);
    assert.equal(rawJsonDepth(Buffer.from('['.repeat(1_000_000)), 10), 11, 'stops counting early');
  });

  it('cuts subtrees deeper than the limit, keeping the rest as it was, at any depth', () => {
    const message = { id: 'wamid.1', text: { body: 'hi' }, referral: JSON.parse(nested(4500)) };
    const { value, cut } = pruneDepth({ entry: [{ messages: [message] }] }, 6);
    assert.equal(cut, 1);
    assert.deepEqual(value, {
      entry: [{ messages: [{ id: 'wamid.1', text: { body: 'hi' }, referral: { a: TOO_DEEP } }] }],
    });
    assert.doesNotThrow(() => JSON.stringify(value));
    const shallow = { a: [1, 'x', null, { b: true }] };
    assert.deepEqual(pruneDepth(shallow), { value: shallow, cut: 0 });
    assert.deepEqual(pruneDepth('text'), { value: 'text', cut: 0 });
  });

  it('cuts strings longer than the limit, never inside a surrogate pair, and counts them', () => {
    const long = 'क'.repeat(MAX_STRING_LENGTH + 10);
    const { value, cut } = pruneDepth({ text: { body: long }, id: 'wamid.1' });
    assert.equal(cut, 1);
    assert.deepEqual(value, { text: { body: `${long.slice(0, MAX_STRING_LENGTH)}…` }, id: 'wamid.1' });
    const emoji = `${'a'.repeat(9)}🙏🙏`;
    assert.deepEqual(pruneDepth([emoji], 64, 10), { value: [`${'a'.repeat(9)}…`], cut: 1 });
    assert.deepEqual(pruneDepth(['short'], 64, 10), { value: ['short'], cut: 0 });
  });
});

import assert from 'node:assert/strict';
import { decodeKey, encodeKey, encodePath } from '../../../../src/durable/storage/blobName';

describe('blob names', () => {
  it('encodes every character outside [A-Za-z0-9_-] and decodes back', () => {
    for (const key of ['a/b|c:d', 'नमस्ते', 'a%2F', 'trailing.', '..', 'plain_KEY-1', '🙏']) {
      const name = encodeKey(key);
      assert.match(name, /^[A-Za-z0-9_%-]+$/);
      assert.equal(decodeKey(name), key);
    }
  });

  it('keeps distinct keys distinct, including the empty key', () => {
    const keys = ['', '~', '%', '%25', 'a/b', 'a%2Fb', 'A/B'];
    assert.equal(new Set(keys.map(encodeKey)).size, keys.length);
  });

  it('shortens very long keys with a hash, still distinct', () => {
    const a = encodeKey('x'.repeat(2000));
    const b = encodeKey(`${'x'.repeat(1999)}y`);
    assert.ok(a.length < 1024);
    assert.notEqual(a, b);
  });

  it('encodes document paths per segment, keeping folders', () => {
    assert.equal(encodePath('media/a b/c.json'), 'media/a%20b/c%2Ejson');
  });
});

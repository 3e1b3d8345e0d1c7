import assert from 'node:assert/strict';
import { MAX_STORED_DEPTH, storable } from '../../../adapters/base/storable';

/** `levels` nested objects, built without recursion. */
function nested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 1; i < levels; i += 1) {
    const child: Record<string, unknown> = {};
    node.n = child;
    node = child;
  }
  return root;
}

describe('storable', () => {
  it('accepts what JSON.stringify can serialise within the limit', () => {
    assert.ok(storable({ item: { activity: { text: 'x'.repeat(1000), entities: [{ a: [1, 2] }] } } }));
    assert.ok(storable(nested(MAX_STORED_DEPTH)));
    assert.ok(storable('text'));
    assert.ok(storable(null));
  });

  it('refuses a value nested deeper than the limit, and one deep enough to overflow JSON.stringify', () => {
    assert.equal(storable(nested(MAX_STORED_DEPTH + 1)), false);
    const overflowing = nested(10_000);
    assert.throws(() => JSON.stringify(overflowing), RangeError);
    assert.equal(storable({ item: [overflowing] }), false);
  });

  it('refuses a cycle (JSON.stringify never ends it) instead of walking it for ever', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.equal(storable(cycle), false);
  });
});

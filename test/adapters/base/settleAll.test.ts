import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { settleAll } from '../../../adapters/base/settleAll';

describe('settleAll', () => {
  it('runs at most `limit` at once and settles every item in order, failures included', async () => {
    let running = 0;
    let most = 0;
    const results = await settleAll(
      Array.from({ length: 100 }, (_, i) => i),
      8,
      async (n) => {
        running += 1;
        most = Math.max(most, running);
        await nextTurn();
        running -= 1;
        if (n % 10 === 3) throw new Error(`no ${n}`);
        return n * 2;
      },
    );
    assert.equal(most, 8);
    assert.equal(results.length, 100);
    assert.deepEqual(results[2], { status: 'fulfilled', value: 4 });
    const third = results[3];
    assert.equal(third?.status, 'rejected');
    assert.match(String(third?.status === 'rejected' ? third.reason : ''), /no 3/);
    assert.equal(results.filter((r) => r.status === 'rejected').length, 10);
  });

  it('settles an empty list at once', async () => {
    assert.deepEqual(await settleAll([], 4, () => Promise.resolve(1)), []);
  });
});

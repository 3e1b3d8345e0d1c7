/** Fair admission on its own: round robin across groups, first come first served within one, the bound. */
import assert from 'node:assert/strict';
import { FairAdmission } from '../../../../src/durable/turns/fairAdmission';

/** Work that runs until the test lets it finish. */
function held() {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { done, finish };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('FairAdmission', () => {
  it('admits a newcomer after at most one admission of each group already waiting, however much each holds', async () => {
    const admission = new FairAdmission(() => 2);
    const started: string[] = [];
    const running = new Map<string, () => void>();
    const ask = (group: string, name: string) => {
      const work = held();
      void admission.run(group, async () => {
        started.push(name);
        running.set(name, work.finish);
        await work.done;
      });
    };
    for (let i = 0; i < 100; i += 1) ask('batch', `b${i}`);
    for (let i = 0; i < 3; i += 1) ask('other batch', `o${i}`);
    await tick();
    assert.deepEqual(started, ['b0', 'b1'], 'two slots');
    ask('person', 'p');
    assert.equal(admission.queued, 98 + 3 + 1);
    // Free one slot at a time, the oldest running first.
    for (let step = 0; step < 6; step += 1) {
      const [name] = [...running.keys()];
      running.get(name ?? '')?.();
      running.delete(name ?? '');
      await tick();
    }
    // `batch` and `other batch` were waiting when `p` asked: one of each, then `p`.
    assert.deepEqual(started.slice(2), ['b2', 'o0', 'p', 'b3', 'o1', 'b4']);
  });

  it('keeps the order of one group and gives more slots as soon as there are more', async () => {
    let slots = 1;
    const admission = new FairAdmission(() => slots);
    const started: number[] = [];
    const first = held();
    void admission.run('g', async () => {
      started.push(0);
      await first.done;
    });
    const rest = [1, 2, 3].map((n) => admission.run('g', async () => void started.push(n)));
    await tick();
    assert.deepEqual(started, [0]);
    slots = 4;
    first.finish();
    await Promise.all(rest);
    assert.deepEqual(started, [0, 1, 2, 3]);
  });
});

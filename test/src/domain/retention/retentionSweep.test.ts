import assert from 'node:assert/strict';
import { z } from 'zod';
import { createLogger } from '../../../../src/core/log';
import type { RetentionPart, SweepRound } from '../../../../src/domain/retention/retentionPart';
import { RETENTION_LEASE } from '../../../../src/domain/retention/retentionLease';
import { RetentionSweep, type RetentionSweepOptions } from '../../../../src/domain/retention/retentionSweep';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';

const DAY = 86_400_000;
const START = new Date('2025-06-01T00:00:00Z');

/** A part over a list of "items", deleting one page of them at a time, counting what it deletes. */
class ListPart implements RetentionPart {
  readonly name = 'list';
  readonly deleted: string[] = [];
  failAfterPages: number | undefined;
  constructor(
    readonly items: string[],
    private readonly pageSize = 2,
  ) {}

  async sweep(round: SweepRound): Promise<{ deleted: number }> {
    let pages = 0;
    while (this.items.length > 0) {
      if (this.failAfterPages !== undefined && pages >= this.failAfterPages)
        throw new Error('storage went away');
      const page = this.items.splice(0, this.pageSize);
      await Promise.resolve();
      this.deleted.push(...page);
      pages += 1;
      if (!(await round.page({ deleted: this.deleted.length }))) break;
    }
    return { deleted: this.deleted.length };
  }
}

function sweepOf(options: Partial<RetentionSweepOptions> & Pick<RetentionSweepOptions, 'parts' | 'lease'>) {
  const records: string[] = [];
  let now = START;
  const sweep = new RetentionSweep({
    log: createLogger({ sink: (_level, line) => records.push(line) }),
    now: () => now,
    ...options,
  });
  return { sweep, records, setNow: (at: Date) => (now = at) };
}

describe('RetentionSweep', () => {
  it('runs on one instance at a time: of two sweeps at once over the same storage, one works, one skips', async () => {
    const lease = new MemoryDocuments();
    const part = new ListPart(['a', 'b', 'c', 'd', 'e']);
    const one = sweepOf({ parts: [part], lease, holder: 'one' });
    const two = sweepOf({ parts: [part], lease, holder: 'two' });

    const outcomes = await Promise.all([one.sweep.sweep(), two.sweep.sweep()]);

    assert.deepEqual(outcomes.map((o) => o.state).sort(), ['done', 'skipped']);
    assert.deepEqual(part.deleted, ['a', 'b', 'c', 'd', 'e'], 'each item deleted once');
    const skipped = outcomes.find((o) => o.state === 'skipped');
    assert.deepEqual(skipped, { state: 'skipped', reason: 'held' });
  });

  it('logs its progress after each page with counts only', async () => {
    const part = new ListPart(['919800000001', '919800000002', '919800000003']);
    const { sweep, records } = sweepOf({ parts: [part], lease: new MemoryDocuments() });
    await sweep.sweep();
    const pages = records.filter((line) => line.includes('retention: list: a page swept'));
    assert.deepEqual(
      pages.map((line) => /"deleted":(\d+)/.exec(line)?.[1]),
      ['2', '3'],
    );
    assert.ok(!records.join('\n').includes('9198000'), 'no id in the log');
  });

  it('is not repeated by another instance within the day, and runs again the next day', async () => {
    const lease = new MemoryDocuments();
    const part = new ListPart(['a']);
    const first = sweepOf({ parts: [part], lease, holder: 'one' });
    const second = sweepOf({ parts: [part], lease, holder: 'two' });
    assert.equal((await first.sweep.sweep()).state, 'done');
    second.setNow(new Date(START.getTime() + 3_600_000));
    assert.deepEqual(await second.sweep.sweep(), { state: 'skipped', reason: 'recent' });
    second.setNow(new Date(START.getTime() + DAY));
    assert.equal((await second.sweep.sweep()).state, 'done');
  });

  it('takes over the lease of an instance that died once its time passed', async () => {
    const lease = new MemoryDocuments();
    await lease.putJson(RETENTION_LEASE, { holder: 'dead', until: START.getTime() + 60_000 });
    const part = new ListPart(['a', 'b']);
    const { sweep, setNow } = sweepOf({ parts: [part], lease });
    assert.deepEqual(await sweep.sweep(), { state: 'skipped', reason: 'held' });
    assert.deepEqual(part.deleted, []);
    setNow(new Date(START.getTime() + 60_001));
    assert.equal((await sweep.sweep()).state, 'done');
    assert.deepEqual(part.deleted, ['a', 'b']);
  });

  it('stops at the next page when its lease was taken over, and leaves the rest to the next sweep', async () => {
    const lease = new MemoryDocuments();
    const part = new ListPart(['a', 'b', 'c', 'd', 'e']);
    const one = sweepOf({ parts: [part], lease, holder: 'one' });
    const original = part.sweep.bind(part);
    part.sweep = async (round) =>
      original({
        now: round.now,
        page: async (counts) => {
          // Another instance writes the lease document meanwhile (as one taking over would).
          const found = await lease.getJson(RETENTION_LEASE, z.unknown());
          if (found) await lease.putJson(RETENTION_LEASE, { holder: 'two', until: START.getTime() + DAY });
          return round.page(counts);
        },
      });
    assert.equal((await one.sweep.sweep()).state, 'stopped');
    assert.deepEqual(part.deleted, ['a', 'b'], 'one page, then it stopped');
  });

  it('a sweep that failed midway is continued by the next one (no day to wait)', async () => {
    const lease = new MemoryDocuments();
    const part = new ListPart(['a', 'b', 'c', 'd', 'e']);
    part.failAfterPages = 1;
    const one = sweepOf({ parts: [part], lease, holder: 'one' });
    await assert.rejects(one.sweep.sweep(), /storage went away/);
    assert.deepEqual(part.deleted, ['a', 'b']);
    part.failAfterPages = undefined;
    const two = sweepOf({ parts: [part], lease, holder: 'two' });
    assert.equal((await two.sweep.sweep()).state, 'done');
    assert.deepEqual(part.deleted, ['a', 'b', 'c', 'd', 'e'], 'nothing twice, nothing left');
  });
});

import assert from 'node:assert/strict';
import type { Person } from '../../../../src/domain/communities/community';
import { ConversationHistory } from '../../../../src/domain/history/conversationHistory';
import { HistoryRetention } from '../../../../src/domain/history/historyRetention';
import { InactivePeople } from '../../../../src/domain/retention/inactivePeople';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';
import { capturedLog } from '../../../helpers/capturedLog';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T00:00:00Z');
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const round = (now = NOW) => ({ now, page: () => Promise.resolve(true) });

const QUIET = { channel: 'whatsapp', userId: '919800000001' };
const BACK = { channel: 'whatsapp', userId: '919800000002' };
const ACTIVE = { channel: 'messenger', userId: 'psid-3' };

async function said(history: ConversationHistory, key: typeof QUIET, when: Date): Promise<void> {
  const entry = { direction: 'in', time: when.toISOString(), by: 'person', text: 'hi' } as const;
  await history.record(key, { turnTime: when, tag: `t${when.getTime()}`, ordinal: 0 }, entry);
}

/** The history of three people, pruned (and marked) as of 400 days ago. */
async function historyOfThree(): Promise<{ documents: MemoryDocuments; history: ConversationHistory }> {
  const documents = new MemoryDocuments();
  const history = new ConversationHistory(documents);
  await said(history, QUIET, ago(500));
  await said(history, BACK, ago(450));
  await said(history, ACTIVE, ago(20));
  const log = capturedLog().log;
  await new HistoryRetention({ history, days: 30, inactiveDays: 365, log }).sweep(round(ago(400)));
  await said(history, BACK, ago(10)); // came back since it was marked
  await new HistoryRetention({ history, days: 30, inactiveDays: 365, log }).sweep(round());
  return { documents, history };
}

describe('InactivePeople', () => {
  it('without an eraser: counts who is due, logs the count without ids, deletes nothing', async () => {
    const { documents } = await historyOfThree();
    const before: string[] = [];
    for await (const name of documents.list('')) before.push(name);
    const { lines, log } = capturedLog();

    const counts = await new InactivePeople({ history: documents, days: 365, log }).sweep(round());

    assert.deepEqual(counts, { due: 1, erased: 0, cameBack: 1 });
    const left: string[] = [];
    for await (const name of documents.list('')) left.push(name);
    assert.deepEqual(
      left,
      before.filter((name) => !name.startsWith('last-seen/whatsapp/919800000002/')),
      'only the marker of the one who came back goes',
    );
    const text = lines.map((l) => l.line).join('\n');
    assert.match(text, /"due":1/);
    assert.ok(!/919800000001|psid-3/.test(text), 'no id in the log');
  });

  it('with an eraser: erases each person due once, then forgets the marker; a second sweep finds nobody', async () => {
    const { documents } = await historyOfThree();
    const erased: Person[] = [];
    const eraser = { erasePerson: (person: Person) => Promise.resolve(void erased.push(person)) };
    const people = new InactivePeople({ history: documents, days: 365, eraser, log: capturedLog().log });

    assert.deepEqual(await people.sweep(round()), { due: 1, erased: 1, cameBack: 1 });
    assert.deepEqual(erased, [{ channel: 'whatsapp', id: '919800000001' }]);
    assert.deepEqual(await people.sweep(round()), { due: 0, erased: 0, cameBack: 0 });
  });

  it('a person is not due before the days have passed', async () => {
    const { documents } = await historyOfThree();
    const people = new InactivePeople({ history: documents, days: 365, log: capturedLog().log });
    assert.equal((await people.sweep(round(ago(200)))).due, 0);
  });
});

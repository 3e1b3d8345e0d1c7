import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createLogger } from '../../../../src/core/log';
import { ConversationHistory } from '../../../../src/domain/history/conversationHistory';
import { HistoryRetention } from '../../../../src/domain/history/historyRetention';
import { RetentionSweep } from '../../../../src/domain/retention/retentionSweep';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';

const PERSON = { channel: 'messenger', userId: 'psid-1' };
const DAY = 86_400_000;
const log = createLogger({ sink: () => undefined });

async function recordDay(history: ConversationHistory, day: Date, text: string): Promise<void> {
  const time = day.toISOString();
  const said = { direction: 'in', time, by: 'person', text } as const;
  const answered = { direction: 'out', time, by: 'bot', text: `re ${text}`, messageId: `m_${text}` } as const;
  for (const [ordinal, entry] of [said, answered].entries())
    await history.record(PERSON, { turnTime: day, tag: text, ordinal }, entry);
  await history.recordStatus(PERSON, `m_${text}`, { status: 'delivered', time });
  await history.recordWatermark(PERSON, 'read', day);
}

describe('HistoryRetention', () => {
  let clock: sinon.SinonFakeTimers | undefined;
  afterEach(() => clock?.restore());

  it('deletes entries, statuses and watermarks older than the retention, and keeps the rest', async () => {
    const documents = new MemoryDocuments();
    const history = new ConversationHistory(documents);
    const now = new Date('2025-06-01T12:00:00Z');
    await recordDay(history, new Date(now.getTime() - 91 * DAY), 'old');
    await recordDay(history, new Date(now.getTime() - 89 * DAY), 'recent');
    const retention = new HistoryRetention({ history, days: 90, log, now: () => now });

    assert.equal(await retention.prune(), 4);
    const { items } = await history.list({ ...PERSON, limit: 10 });
    assert.deepEqual(
      items.map((i) => i.text),
      ['re recent', 'recent'],
    );
    const left: string[] = [];
    for await (const name of documents.list('')) left.push(name);
    assert.equal(left.length, 4);
    assert.ok(left.every((name) => !name.includes('m_old')));
  });

  it('prunes at start and then once a day, in the retention sweep', async () => {
    clock = sinon.useFakeTimers({
      now: new Date('2025-06-01T00:00:00Z'),
      toFake: ['Date', 'setInterval', 'clearInterval'],
    });
    const history = new ConversationHistory(new MemoryDocuments());
    const part = new HistoryRetention({ history, days: 1, log });
    const retention = new RetentionSweep({ parts: [part], lease: new MemoryDocuments(), log });
    await recordDay(history, new Date(Date.now() - 2 * DAY), 'two-days');
    await recordDay(history, new Date(Date.now() - DAY / 2), 'half-a-day');
    const count = async () => (await history.list({ ...PERSON, limit: 10 })).items.length;

    retention.start();
    await retention.sweep(); // the sweep at start (one at a time: this waits for it)
    assert.equal(await count(), 2);
    await clock.tickAsync(DAY / 4);
    assert.equal(await count(), 2, 'nothing more is pruned before the day is over');
    await clock.tickAsync(DAY); // the daily sweep runs, on the fake clock's memory store, within the tick
    assert.equal(await count(), 0);
    retention.stop();
  });
});

describe('HistoryRetention: last-seen markers', () => {
  it("marks a person whose last entry is older than the inactive days, or about to go, with that entry's time", async () => {
    const documents = new MemoryDocuments();
    const history = new ConversationHistory(documents);
    const now = new Date('2025-06-01T12:00:00Z');
    const quiet = { channel: 'whatsapp', userId: '919800000001' };
    const gone = { channel: 'whatsapp', userId: '919800000002' };
    const active = { channel: 'whatsapp', userId: '919800000003' };
    const said = (days: number) => ({
      direction: 'in' as const,
      time: new Date(now.getTime() - days * DAY).toISOString(),
      by: 'person' as const,
      text: 'hi',
    });
    const record = (key: typeof quiet, days: number) =>
      history.record(
        key,
        { turnTime: new Date(now.getTime() - days * DAY), tag: `d${days}`, ordinal: 0 },
        said(days),
      );
    await record(quiet, 40);
    await record(quiet, 45);
    await record(gone, 100);
    await record(active, 5);
    await record(active, 95);
    const retention = new HistoryRetention({ history, days: 90, inactiveDays: 30, log, now: () => now });

    assert.equal(await retention.prune(), 2);
    const markers: string[] = [];
    for await (const name of documents.list('last-seen/')) markers.push(name);
    assert.deepEqual(markers, [
      `last-seen/whatsapp/919800000001/${now.getTime() - 40 * DAY}`,
      `last-seen/whatsapp/919800000002/${now.getTime() - 100 * DAY}`,
    ]);
    assert.equal(await retention.prune(), 0);
    const again: string[] = [];
    for await (const name of documents.list('last-seen/')) again.push(name);
    assert.equal(again.length, 2, 'a person is marked once');
  });
});

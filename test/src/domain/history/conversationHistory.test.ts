import assert from 'node:assert/strict';
import { InboundRequestError } from '../../../../src/core/errors';
import { ConversationHistory } from '../../../../src/domain/history/conversationHistory';
import type { HistoryEntry } from '../../../../src/domain/history/historyEntry';
import { markLastSeen } from '../../../../src/domain/history/lastSeen';
import { pathSegment } from '../../../../src/durable/storage/blobName';
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';

const PERSON = { channel: 'whatsapp', userId: '+91 98000 00001' };
const OTHER = { channel: 'whatsapp', userId: '+91 98000 00001/x' };
const T0 = new Date('2025-03-01T10:00:00Z');

const said = (text: string, at: Date): HistoryEntry => ({
  direction: 'in',
  time: at.toISOString(),
  by: 'person',
  text,
  messageId: `wamid.in.${text}`,
});
const replied = (text: string, at: Date, messageId?: string): HistoryEntry => ({
  direction: 'out',
  time: at.toISOString(),
  by: 'bot',
  text,
  messageId,
});
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** Two turns: "hi" answered by two parts, then "2" answered by one. */
async function twoTurns(history: ConversationHistory): Promise<void> {
  const first = { turnTime: T0, tag: 'turnA' };
  await history.record(PERSON, { ...first, ordinal: 0 }, said('hi', T0));
  await history.record(PERSON, { ...first, ordinal: 1 }, replied('Welcome', later(1), 'wamid.out.1'));
  await history.record(
    PERSON,
    { ...first, ordinal: 2 },
    replied('Choose a language', later(1), 'wamid.out.2'),
  );
  const second = { turnTime: later(60), tag: 'turnB' };
  await history.record(PERSON, { ...second, ordinal: 0 }, said('2', later(60)));
  await history.record(PERSON, { ...second, ordinal: 1 }, replied('नमस्ते', later(61), 'wamid.out.3'));
}

describe('ConversationHistory', () => {
  it('lists what the person sent and what the bot sent, newest first, one page at a time', async () => {
    const history = new ConversationHistory(new MemoryDocuments());
    await twoTurns(history);
    await history.record(OTHER, { turnTime: later(5), tag: 'other', ordinal: 0 }, said('not me', later(5)));

    const first = await history.list({ ...PERSON, limit: 3 });
    assert.deepEqual(
      first.items.map((i) => [i.direction, i.text]),
      [
        ['out', 'नमस्ते'],
        ['in', '2'],
        ['out', 'Choose a language'],
      ],
    );
    assert.equal(first.items[0]?.messageId, 'wamid.out.3');
    assert.ok(first.next);
    const second = await history.list({ ...PERSON, limit: 3, cursor: first.next });
    assert.deepEqual(
      second.items.map((i) => i.text),
      ['Welcome', 'hi'],
    );
    assert.equal(second.next, null);
  });

  it('recording the same position again (a replayed turn) adds nothing', async () => {
    const history = new ConversationHistory(new MemoryDocuments());
    await twoTurns(history);
    await twoTurns(history);
    const page = await history.list({ ...PERSON, limit: 100 });
    assert.equal(page.items.length, 5);
  });

  it('gives each message we sent the statuses reported for it, oldest first, a failure with its reason', async () => {
    const history = new ConversationHistory(new MemoryDocuments());
    await twoTurns(history);
    await history.recordStatus(PERSON, 'wamid.out.3', { status: 'read', time: later(70).toISOString() });
    await history.recordStatus(PERSON, 'wamid.out.3', { status: 'delivered', time: later(62).toISOString() });
    await history.recordStatus(PERSON, 'wamid.out.3', { status: 'delivered', time: later(62).toISOString() });
    await history.recordStatus(PERSON, 'wamid.out.2', {
      status: 'failed',
      time: later(3).toISOString(),
      error: '131047 Re-engagement message',
    });
    const { items } = await history.list({ ...PERSON, limit: 10 });
    const byText = new Map(items.map((i) => [i.text, i.statuses]));
    assert.deepEqual(
      byText.get('नमस्ते')?.map((s) => s.status),
      ['delivered', 'read'],
    );
    assert.deepEqual(byText.get('Choose a language'), [
      { status: 'failed', time: later(3).toISOString(), error: '131047 Re-engagement message' },
    ]);
    assert.deepEqual(byText.get('Welcome'), []);
    assert.deepEqual(byText.get('hi'), []);
  });

  it('marks what was sent before a watermark (Messenger) with its status', async () => {
    const history = new ConversationHistory(new MemoryDocuments());
    await twoTurns(history);
    await history.recordWatermark(PERSON, 'read', later(30));
    const { items } = await history.list({ ...PERSON, limit: 10 });
    const byText = new Map(items.map((i) => [i.text, i.statuses.map((s) => s.status)]));
    assert.deepEqual(byText.get('Welcome'), ['read']);
    assert.deepEqual(byText.get('नमस्ते'), []);
  });

  it('refuses a cursor it did not give and a limit out of range, naming them', async () => {
    const history = new ConversationHistory(new MemoryDocuments());
    await assert.rejects(
      history.list({ ...PERSON, limit: 10, cursor: 'bm90LWEtY3Vyc29y' }),
      (error: unknown) => error instanceof InboundRequestError && /^cursor:/.test(error.message),
    );
    await assert.rejects(
      history.list({ ...PERSON, limit: 0 }),
      (error: unknown) => error instanceof InboundRequestError && /^limit:/.test(error.message),
    );
  });
});

describe('erasing one conversation of the history', () => {
  it('deletes its entries, statuses and last-seen markers, and nothing of a person whose id it begins', async () => {
    const documents = new MemoryDocuments();
    const history = new ConversationHistory(documents);
    await twoTurns(history);
    await history.record(OTHER, { turnTime: T0, tag: 'other', ordinal: 0 }, said('hello', T0));
    await history.recordStatus(PERSON, 'wamid.out.1', { status: 'delivered', time: later(2).toISOString() });
    const segments = (key: typeof PERSON) => `${pathSegment(key.channel)}/${pathSegment(key.userId)}/`;
    await markLastSeen(documents, segments(PERSON), T0.getTime());
    await markLastSeen(documents, segments(OTHER), T0.getTime());

    assert.equal(await history.erase(PERSON), 7, 'five entries, one status, one marker');
    const left: string[] = [];
    for await (const name of documents.list('')) left.push(name);
    assert.deepEqual(
      left.map((name) => name.split('/')[0]),
      ['entries', 'last-seen'],
      "the other person's entry and marker",
    );
    assert.ok(left.every((name) => name.includes(pathSegment(OTHER.userId))));
  });
});

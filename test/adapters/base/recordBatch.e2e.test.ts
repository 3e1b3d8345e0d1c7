/** Recording a webhook's items (Azurite): quarantine of what cannot be stored, repeated ids noted. */
import assert from 'node:assert/strict';
import { NoticeSummary } from '../../../adapters/base/noticeSummary';
import { recordBatch, type BatchItem } from '../../../adapters/base/recordBatch';
import { testAccount } from '../../helpers/azurite';
import { capturedLog } from '../../helpers/capturedLog';
import { turnsOver } from '../../helpers/turnsOver';

/** `levels` nested arrays, built without recursion (JSON.stringify of it overflows the stack). */
function nested(levels: number): unknown[] {
  const root: unknown[] = [];
  let node = root;
  for (let i = 1; i < levels; i += 1) {
    const child: unknown[] = [];
    node.push(child);
    node = child;
  }
  return root;
}

describe('recordBatch (Azurite)', () => {
  it('quarantines an item that cannot be stored and records the rest; a repeated id is noted once', async () => {
    const { inbox, turns } = turnsOver(testAccount());
    const item = (
      where: string,
      conversationKey: string,
      dedupeKey: string,
      payload: unknown,
    ): BatchItem => ({
      where,
      channel: 'whatsapp',
      conversationKey,
      timestampMs: 1_700_000_000_000, // the platform's, the same for a repeated id
      dedupeKey,
      payload,
    });
    const { lines, log } = capturedLog({ level: 'info' });
    const notices = new NoticeSummary('whatsapp');
    const recorded = await recordBatch(
      turns,
      [
        item('entry[0].changes[0].messages[0]', 'PN:good', 'wamid.good', { text: 'hi' }),
        item('entry[0].changes[0].messages[1]', 'PN:deep', 'wamid.deep', { value: nested(4_500) }),
        item('entry[0].changes[0].messages[2]', 'PN:good', 'wamid.good', { text: 'hi' }),
      ],
      notices,
    );
    notices.log(log);

    assert.equal(recorded.failure, undefined);
    assert.deepEqual(
      (await inbox.waiting('whatsapp', 'PN:good')).map((e) => e.id),
      ['wamid.good'],
    );
    assert.deepEqual(await inbox.waiting('whatsapp', 'PN:deep'), [], 'kept out of the inbox');
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'warn');
    const fields = JSON.parse(lines[0]?.line.slice(lines[0].line.indexOf('{')) ?? '{}');
    assert.deepEqual(fields.counts, {
      'quarantined: cannot be stored (channel whatsapp)': 1,
      'redelivered or repeated id; not recorded again': 1,
    });
    assert.deepEqual(fields.examples['quarantined: cannot be stored (channel whatsapp)'], [
      'entry[0].changes[0].messages[1]',
    ]);
  });
});

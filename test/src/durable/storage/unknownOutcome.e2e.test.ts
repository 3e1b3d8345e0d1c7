/**
 * The inbox's record of a reply part sent without an answer (Azurite): it counts as sent, so a replay in
 * any process skips it, and the history keeps saying which part it was through later writes.
 */
import assert from 'node:assert/strict';
import { ConversationInbox } from '../../../../src/durable/storage/conversationInbox';
import { testAccount } from '../../../helpers/azurite';
import { beginWaiting, recordOne } from '../../../helpers/inboxRun';

describe('conversation inbox: parts sent with an unknown outcome', () => {
  it('counts the part as sent and keeps it marked unknown through later writes and in another process', async () => {
    const account = testAccount();
    const inbox = new ConversationInbox(account);
    await recordOne(inbox, 'PN:U', 'w.U');
    const event = await beginWaiting(inbox, 'PN:U', true);
    await inbox.recordPartsSent(event, 1);
    await inbox.recordPartsSent(event, 2, 'unknown');
    await inbox.recordPartsSent(event, 3);
    await inbox.failed(event);

    const other = new ConversationInbox(account);
    const replay = await beginWaiting(other, 'PN:U', false);
    assert.equal(await other.partsSent(replay), 3, 'a replay sends none of the three again');
    assert.deepEqual(replay.unknownParts, [2]);
    await other.recordPartsSent(replay, 4);
    await other.complete(replay);

    const [history] = await other.all('whatsapp', 'PN:U');
    assert.ok(history);
    assert.equal(history.state, 'done');
    assert.deepEqual(history.unknownParts, [2], 'the history still names part 2');
  });
});

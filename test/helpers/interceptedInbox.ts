/** A blob inbox whose writes a test holds back or fails, as a slow or unreachable store would. */
import type { BlobAccount } from '../../src/durable/storage/blobAccount';
import { ConversationInbox } from '../../src/durable/storage/conversationInbox';

export type RecordedEvent = Parameters<ConversationInbox['record']>[0];

/**
 * An inbox on `account` that records each event once `before(event)` has resolved; when it rejects, the
 * event is not recorded and `record` rejects with its error.
 */
export function interceptedInbox(
  account: BlobAccount,
  before: (event: RecordedEvent) => Promise<void>,
): ConversationInbox {
  return new (class extends ConversationInbox {
    override async record(event: RecordedEvent): Promise<boolean> {
      await before(event);
      return super.record(event);
    }
  })(account);
}

/** The in-memory inbox, batch records and leases keep the contract of the blob-backed ones (Azurite). */
import { ConversationInbox } from '../../../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../../../src/durable/storage/conversationLease';
import { MemoryInbox } from '../../../../src/durable/memory/memoryInbox';
import { MemoryLeases } from '../../../../src/durable/memory/memoryLeases';
import { testAccount } from '../../../helpers/azurite';
import { describeTurnStores } from '../../../helpers/inboxContract';

describeTurnStores('the turn stores in memory', () => ({
  inbox: new MemoryInbox(),
  lease: new MemoryLeases(),
}));

describeTurnStores('the turn stores on blob storage (Azurite)', () => {
  const account = testAccount();
  return { inbox: new ConversationInbox(account), lease: new ConversationLease(account) };
});

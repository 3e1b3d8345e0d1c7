/** The blob-backed inbox, batch records and leases keep the contract the in-memory ones are held to. */
import { ConversationInbox } from '../../../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../../../src/durable/storage/conversationLease';
import { testAccount } from '../../../helpers/azurite';
import { describeTurnStores } from '../../../helpers/inboxContract';

describeTurnStores('the turn stores on blob storage (Azurite)', () => {
  const account = testAccount();
  return { inbox: new ConversationInbox(account), lease: new ConversationLease(account) };
});

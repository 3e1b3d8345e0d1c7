/** The in-memory inbox, batch records and leases keep the contract of the blob-backed ones (`turnStores.e2e`). */
import { MemoryInbox } from '../../../../src/durable/memory/memoryInbox';
import { MemoryLeases } from '../../../../src/durable/memory/memoryLeases';
import { describeTurnStores } from '../../../helpers/inboxContract';

describeTurnStores('the turn stores in memory', () => ({
  inbox: new MemoryInbox(),
  lease: new MemoryLeases(),
}));

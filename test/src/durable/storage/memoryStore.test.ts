/** The in-memory stores keep the contract of the blob-backed ones (the same tests, without Azurite). */
import { MemoryDocuments, MemoryStateStorage } from '../../../../src/durable/storage/memoryStore';
import { describeEtagDocuments, describeStateStorage } from '../../../helpers/storeContract';

describeStateStorage('MemoryStateStorage', () => new MemoryStateStorage());

describeEtagDocuments('MemoryDocuments', () => new MemoryDocuments());

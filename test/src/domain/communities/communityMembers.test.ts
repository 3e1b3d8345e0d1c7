/** The index of a community's members on the in-memory documents (the same contract as on Azurite). */
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';
import { describeCommunityMembers } from '../../../helpers/communityMembersContract';

describeCommunityMembers('community members (memory)', () => new MemoryDocuments());

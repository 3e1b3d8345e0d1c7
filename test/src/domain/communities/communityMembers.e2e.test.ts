/** The index of a community's members on blob storage (Azurite). */
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { testAccount } from '../../../helpers/azurite';
import { describeCommunityMembers } from '../../../helpers/communityMembersContract';

describeCommunityMembers('community members (Azurite)', () => new DocumentStore(testAccount(), 'state'));

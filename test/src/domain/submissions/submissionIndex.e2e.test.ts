/** The submission index on blob storage (Azurite). */
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { testAccount } from '../../../helpers/azurite';
import { describeSubmissionIndex } from '../../../helpers/submissionIndexContract';

describeSubmissionIndex(
  'SubmissionStore index (Azurite)',
  () => new DocumentStore(testAccount(), 'submissions'),
);

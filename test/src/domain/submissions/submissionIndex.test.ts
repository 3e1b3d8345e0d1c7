/** The submission index on the in-memory documents (the same contract as on Azurite). */
import { MemoryDocuments } from '../../../../src/durable/storage/memoryStore';
import { describeSubmissionIndex } from '../../../helpers/submissionIndexContract';

describeSubmissionIndex('SubmissionStore index (memory)', () => new MemoryDocuments());

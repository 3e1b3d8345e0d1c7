/**
 * What the operator API's domain routes work with, built once by the composition root (`app.ts`): the
 * stores they read and change, and the one path for proactive messages. Routes take this and nothing
 * else, so a route file stays a table of declarations over these services.
 */
import type { Storage } from 'botbuilder';
import type { JourneyServices } from '../../../dialogs/services';
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { StoredMemberships } from '../../domain/communities/storedMemberships';
import type { ConversationHistory } from '../../domain/history/conversationHistory';
import type { SubmissionStore } from '../../domain/submissions/submissionStore';
import type { BlobAccount } from '../../durable/storage/blobAccount';
import type { DocumentStore } from '../../durable/storage/documentStore';
import type { MediaStore } from '../../durable/storage/mediaStore';
import type { Config } from '../config';
import type { ProactiveSender } from '../outbound/proactiveSender';
import type { BroadcastStore } from '../../domain/broadcasts/broadcastStore';
import type { BroadcastWorker } from '../broadcasts/broadcastWorker';
import type { PersonErasure } from '../people/personErasure';

export interface OperatorServices {
  config: Config;
  log: Logger;
  /** Shutdown waits for work it tracks. */
  inFlight: InFlight;
  /** Every submission, whatever the journeys forward elsewhere (list, read, change status). */
  submissions: SubmissionStore;
  /** Communities and each person's memberships, as the journeys see them. */
  journeys: Omit<JourneyServices, 'profiles'>;
  /** Members listed by community; undefined when CE_API_URL keeps the memberships. */
  members: StoredMemberships | undefined;
  /** The bot's user state (each person's profile: their language). */
  userState: Storage;
  /** Every conversation's messages, both ways, with delivery statuses. */
  history: ConversationHistory;
  /** Inbound media (voice notes, photos) by blob name. */
  media: MediaStore;
  /** The one path for proactive messages (the channel adapters' `continueConversationAsync`). */
  sender: ProactiveSender;
  /** The system container (audit trail, keys, jobs such as broadcasts). */
  system: DocumentStore;
  account: BlobAccount;
  /** Broadcast jobs (in `system`) and this instance's worker that sends them. */
  broadcasts: { store: BroadcastStore; worker: BroadcastWorker };
  /** Erasing a person (their data everywhere, submissions redacted), and the state container they are read from. */
  erasure: PersonErasure;
  stateDocuments: DocumentStore;
}

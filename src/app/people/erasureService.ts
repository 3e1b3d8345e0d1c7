/** The erasure service over the app's storage and channels (the composition root's one call). */
import type { InFlight } from '../../core/inFlight';
import type { Logger } from '../../core/log';
import type { StoredMemberships } from '../../domain/communities/storedMemberships';
import type { ConversationHistory } from '../../domain/history/conversationHistory';
import type { SubmissionStore } from '../../domain/submissions/submissionStore';
import type { Channels } from '../channels';
import type { OpenedStorage } from '../openStorage';
import { storedRandomKey } from '../storedRandomKey';
import { PersonErasure } from './personErasure';
import { linesOf } from './personLines';

/** The system document holding the key of deletion references' hash. */
export const ERASURE_KEY_NAME = 'erasure-reference-key.json';

export function createPersonErasure(parts: {
  storage: OpenedStorage;
  history: ConversationHistory;
  submissions: SubmissionStore;
  members: StoredMemberships | undefined;
  channels: Channels;
  inFlight: InFlight;
  log: Logger;
}): PersonErasure {
  const { storage } = parts;
  let key: Promise<string> | undefined;
  return new PersonErasure({
    ...{
      state: storage.stateDocuments,
      system: storage.system,
      inbox: storage.inbox,
      leases: storage.leases,
    },
    ...{ media: storage.media, history: parts.history, submissions: parts.submissions },
    ...{ memberships: parts.members, inFlight: parts.inFlight, log: parts.log },
    linesOf: (channel) => linesOf(parts.channels, channel),
    key: () =>
      (key ??= storedRandomKey(storage.system, ERASURE_KEY_NAME).catch((error: unknown) => {
        key = undefined;
        throw error;
      })),
  });
}

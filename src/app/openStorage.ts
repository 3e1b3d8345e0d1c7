/**
 * Opens the configured storage: the account of `AZURE_STORAGE_CONNECTION_STRING`, or the embedded
 * Azurite over `DATA_DIR` when none is set.
 */
import type { Config } from './config';
import { BlobAccount } from '../durable/storage/blobAccount';
import { BlobStateStorage } from '../durable/storage/blobStateStorage';
import { DocumentStore } from '../durable/storage/documentStore';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../durable/storage/embeddedAzurite';
import { ConversationInbox } from '../durable/storage/conversationInbox';
import { ConversationLease } from '../durable/storage/conversationLease';
import { MediaStore } from '../durable/storage/mediaStore';

export interface OpenedStorage {
  account: BlobAccount;
  state: BlobStateStorage;
  /** JSON documents beside the bot state (channel memory: windows, choices, identities). */
  stateDocuments: DocumentStore;
  /** Inbound events, per conversation: the durable record and deduplication. */
  inbox: ConversationInbox;
  /** One instance at a time per conversation. */
  leases: ConversationLease;
  /** Replies already sent per inbound event. */
  /** Inbound media. */
  media: MediaStore;
  /** JSON documents of the system container (keys, settings). */
  system: DocumentStore;
  /** The embedded Azurite, when one was started. */
  embedded: EmbeddedAzurite | undefined;
  /** One line for the start banner; never contains a key. */
  description: string;
  close(): Promise<void>;
}

export async function openStorage(
  config: Pick<Config, 'AZURE_STORAGE_CONNECTION_STRING' | 'DATA_DIR' | 'STORAGE_CONTAINER_PREFIX'>,
): Promise<OpenedStorage> {
  const embedded =
    config.AZURE_STORAGE_CONNECTION_STRING === undefined
      ? await startEmbeddedAzurite({ location: config.DATA_DIR })
      : undefined;
  const connectionString = embedded?.connectionString ?? config.AZURE_STORAGE_CONNECTION_STRING ?? '';
  const account = new BlobAccount({ connectionString, containerPrefix: config.STORAGE_CONTAINER_PREFIX });
  const description = embedded
    ? `embedded Azurite at ${embedded.blobEndpoint} over ${embedded.location}`
    : `Azure Blob Storage at ${account.endpoint}`;
  return {
    account,
    state: new BlobStateStorage(account),
    stateDocuments: new DocumentStore(account, 'state'),
    inbox: new ConversationInbox(account),
    leases: new ConversationLease(account),
    media: new MediaStore(account),
    system: new DocumentStore(account, 'system'),
    embedded,
    description: `${description} (containers ${account.containerName('state').replace(/-state$/, '-*')})`,
    close: async () => {
      await embedded?.stop();
    },
  };
}

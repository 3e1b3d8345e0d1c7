/**
 * Where an adapter used on its own keeps what it must: the conversation inbox (waiting events, their
 * history, the count of parts sent), the conversation leases, inbound media, and the documents of its
 * conversation memory (the 24-hour window, the choices offered, identities). `memoryStorage()` serves one
 * process with no storage account (nothing survives a restart); `blobStorage(account)` keeps it all in
 * Azure Blob Storage, for bots that must survive restarts or run as several instances.
 */
import { MemoryInbox, type MemoryInboxOptions } from '../../src/durable/memory/memoryInbox';
import { MemoryLeases } from '../../src/durable/memory/memoryLeases';
import { MemoryMedia, type MemoryMediaOptions } from '../../src/durable/memory/memoryMedia';
import type { BlobAccount } from '../../src/durable/storage/blobAccount';
import { ConversationInbox } from '../../src/durable/storage/conversationInbox';
import { ConversationLease } from '../../src/durable/storage/conversationLease';
import { DocumentStore } from '../../src/durable/storage/documentStore';
import { MediaStore, type MediaSink } from '../../src/durable/storage/mediaStore';
import { MemoryDocuments } from '../../src/durable/storage/memoryStore';
import type { InboxStore, LeaseStore } from '../../src/durable/turns/turnStores';
import type { JsonDocuments } from '../whatsapp/conversationMemory';

export interface AdapterStorage {
  /** Waiting events, their history and the parts of each reply sent. */
  inbox: InboxStore;
  /** One turn at a time per conversation (across instances, with blob storage). */
  leases: LeaseStore;
  /** Inbound media (photos, voice notes, documents). */
  media: MediaSink;
  /** The adapters' conversation memory: the 24-hour window, choices offered, identities. */
  documents: JsonDocuments;
}

export interface MemoryStorageOptions extends MemoryInboxOptions, MemoryMediaOptions {}

/** Everything in this process's memory: for a bot that runs as one process. Nothing survives a restart. */
export function memoryStorage(options: MemoryStorageOptions = {}): AdapterStorage & { media: MemoryMedia } {
  return {
    inbox: new MemoryInbox(options),
    leases: new MemoryLeases(),
    media: new MemoryMedia(options),
    documents: new MemoryDocuments(),
  };
}

/** Everything in an Azure Storage account (containers `<prefix>-inbox`, `-media`, `-state`). */
export function blobStorage(account: BlobAccount): AdapterStorage {
  return {
    inbox: new ConversationInbox(account),
    leases: new ConversationLease(account),
    media: new MediaStore(account),
    documents: new DocumentStore(account, 'state'),
  };
}

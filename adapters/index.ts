/**
 * The adapters' public entry (`bf-community-channels/adapters`): what a bot developer needs to run the
 * WhatsApp and Messenger adapters in their own Bot Framework bot, by audience. Importing it loads no HTTP
 * server framework, no Azurite and no Application Insights (a test checks). The package's main entry
 * (`src/index.ts`) re-exports all of it beside the application.
 */

// Adapters from plain options: `createWhatsAppAdapter`, `createMessengerAdapter`, and where they keep state.
export {
  createWhatsAppAdapter,
  DEFAULT_360DIALOG_URL,
  type WhatsAppFactoryOptions,
  type WhatsAppStandalone,
  type CloudNumberOptions,
  type Dialog360NumberOptions,
} from './standalone/createWhatsAppAdapter';
export {
  createMessengerAdapter,
  type MessengerFactoryOptions,
  type MessengerPageOptions,
} from './standalone/createMessengerAdapter';
export {
  DEFAULT_GRAPH_URL,
  type Standalone,
  type StandaloneOptions,
  type Served,
} from './standalone/standalone';
export {
  memoryStorage,
  blobStorage,
  type AdapterStorage,
  type MemoryStorageOptions,
} from './standalone/adapterStorage';

// The HTTP seam: Node's `http` or express (raw bytes kept for signatures), or any host through the shapes.
export { nodeHandler, rawBodyRequest, httpResponse, type NodeHttpOptions } from '../src/core/nodeHttp';
export type { HttpRequest, HttpResponse, RouteHandler, HeaderValue } from '../src/core/http';

// The adapters themselves, for building them by hand.
export {
  WhatsAppAdapter,
  DEFAULT_MEDIA_LIMITS,
  type WhatsAppAdapterOptions,
} from './whatsapp/whatsAppAdapter';
export type { WhatsAppNumber, CloudNumber, Dialog360Number } from './whatsapp/whatsAppNumber';
export {
  MessengerAdapter,
  MESSAGE_TAGS,
  type MessageTag,
  type MessengerAdapterOptions,
} from './messenger/messengerAdapter';
export type { MessengerPage } from './messenger/messengerPage';
export {
  ChannelAdapter,
  type TurnLogic,
  type ChannelAdapterDeps,
  type ConversationLocks,
  type OutboundSettings,
} from './base/channelAdapter';
export {
  ConversationMemory,
  CUSTOMER_SERVICE_WINDOW_MS,
  type JsonDocuments,
} from './whatsapp/conversationMemory';
export { choicesInState, choicesInDocuments, type ChoiceStore } from './whatsapp/choiceStore';
export type { ChoiceMemory, ChoiceOption } from './whatsapp/choices';
export { DEFAULT_RETRY, type RetryPolicy } from './meta/retry';
export type { GraphTimeouts } from './meta/graphClient';
export { DEFAULT_MESSAGES_PER_SECOND } from './base/outboundScheduler';

// Durable turns and the stores they run on: in memory (one process) or in blob storage (several).
export { DurableTurns, type DurableTurnsOptions, type EventRunner } from '../src/durable/turns/durableTurns';
export type { InboxStore, BatchStore, LeaseStore, RunBegun } from '../src/durable/turns/turnStores';
export type { InboxEvent, RunStart, PartsSent } from '../src/durable/storage/inboxEvent';
export type { ArrivingEvent } from '../src/durable/turns/turnStores';
export { MemoryInbox, type MemoryInboxOptions } from '../src/durable/memory/memoryInbox';
export { MemoryBatches } from '../src/durable/memory/memoryBatches';
export { MemoryLeases } from '../src/durable/memory/memoryLeases';
export { MemoryMedia, type MemoryMediaOptions, type KeptMedia } from '../src/durable/memory/memoryMedia';
export { MemoryDocuments } from '../src/durable/storage/memoryStore';
export {
  MediaStore,
  MediaIntegrityError,
  MediaTypeMismatchError,
  type MediaSink,
  type MediaInput,
} from '../src/durable/storage/mediaStore';
export { ConversationInbox } from '../src/durable/storage/conversationInbox';
export { ConversationLease } from '../src/durable/storage/conversationLease';
export { BatchRecords } from '../src/durable/storage/batchRecords';
export { BlobAccount, type BlobAccountOptions, type ContainerRole } from '../src/durable/storage/blobAccount';
export { DocumentStore } from '../src/durable/storage/documentStore';
export { InFlight } from '../src/core/inFlight';

// Channel-neutral conventions dialogs use to ask for a place or media and to read what came.
export {
  locationRequest,
  mediaRequest,
  isLocationRequest,
  type MediaKind,
} from '../src/core/conventions/locationRequest';
export { placeEntity, placeOf, type SharedPlace } from '../src/core/conventions/place';
export { storedMediaOf, type StoredMedia, type UnavailableMedia } from '../src/core/conventions/storedMedia';
export {
  whatsappTemplateAttachment,
  WHATSAPP_TEMPLATE_CONTENT_TYPE,
  type WhatsAppTemplate,
} from '../src/core/conventions/whatsappTemplate';

// Logging.
export { createLogger, silentLogger, type Logger, type LogLevel, type LoggerOptions } from '../src/core/log';

// Errors, by where the failure happened, and what a failure means.
export {
  ChannelLayerError,
  ConfigError,
  InboundRequestError,
  WebhookAuthError,
  ChannelApiError,
  ChannelNetworkError,
  WindowClosedError,
  NotSupportedError,
  DeliveryDeferredError,
  DeliveryUnknownError,
  ChannelUnavailableError,
  LeaseLostError,
  ConversationBusyError,
  StateConflictError,
  AlreadyExistsError,
  StorageUnavailableError,
  StoredDataError,
  httpStatusOf,
  innermostError,
  describeError,
} from '../src/core/errors';
export { failureOf, isChannelOutage, type Failure } from '../src/core/failures';

/**
 * The public API, by audience. Nothing is public by accident: what is not exported here is internal.
 */

// Operators and bot developers: build and run the whole bot.
export { createApp, type App } from './app/app';
export { loadConfig, configSchema, type Config } from './app/config';
export { channelPlan, type ChannelStatus, type ChannelName } from './app/channelPlan';
export { createLogger, silentLogger, type Logger, type LogLevel, type LoggerOptions } from './core/log';

// Bot developers: state and storage for their own botbuilder bots.
export { BlobStateStorage, DocumentStateStorage } from './durable/storage/blobStateStorage';
export {
  DocumentStore,
  type EtagDocuments,
  type StoredBytes,
  type WriteCondition,
} from './durable/storage/documentStore';
export { MemoryDocuments, MemoryStateStorage } from './durable/storage/memoryStore';
export { BlobAccount, type BlobAccountOptions, type ContainerRole } from './durable/storage/blobAccount';
export { openStorage, type OpenedStorage } from './app/openStorage';
export {
  startEmbeddedAzurite,
  type EmbeddedAzurite,
  type EmbeddedAzuriteOptions,
} from './durable/storage/embeddedAzurite';
export {
  ConcurrentBotState,
  ConcurrentConversationState,
  ConcurrentUserState,
  type EtagStorage,
} from './durable/concurrentState';
export { CommunityBot } from './app/bot';
export { createTurnErrorHandler, type TurnErrorDeps } from './app/turnErrorHandler';

// Channels: adapters for bot developers' own botbuilder bots, and the channel-neutral conventions.
export {
  loadChannels,
  type Channels,
  type WhatsAppNumber,
  type CloudNumber,
  type Dialog360Number,
  type MessengerPage,
} from './app/channels';
export {
  WhatsAppAdapter,
  DEFAULT_MEDIA_LIMITS,
  type WhatsAppAdapterOptions,
} from '../adapters/whatsapp/whatsAppAdapter';
export {
  ChannelAdapter,
  type TurnLogic,
  type ChannelAdapterDeps,
  type OutboundSettings,
} from '../adapters/base/channelAdapter';
export {
  ConversationMemory,
  CUSTOMER_SERVICE_WINDOW_MS,
  type JsonDocuments,
} from '../adapters/whatsapp/conversationMemory';
export { choicesInState, choicesInDocuments, type ChoiceStore } from '../adapters/whatsapp/choiceStore';
export { DEFAULT_RETRY, type RetryPolicy } from '../adapters/meta/retry';
export type { GraphTimeouts } from '../adapters/meta/graphClient';
export { DEFAULT_MESSAGES_PER_SECOND } from '../adapters/base/outboundScheduler';
export { InFlight } from './core/inFlight';
export {
  locationRequest,
  mediaRequest,
  isLocationRequest,
  type MediaKind,
} from './core/conventions/locationRequest';
export { placeEntity, placeOf, type SharedPlace } from './core/conventions/place';
export { storedMediaOf, type StoredMedia, type UnavailableMedia } from './core/conventions/storedMedia';
export {
  whatsappTemplateAttachment,
  WHATSAPP_TEMPLATE_CONTENT_TYPE,
  type WhatsAppTemplate,
} from './core/conventions/whatsappTemplate';
export { ConversationInbox, type InboxEvent, type PartsSent } from './durable/storage/conversationInbox';
export { ConversationLease } from './durable/storage/conversationLease';

export { DurableTurns, type DurableTurnsOptions } from './durable/turns/durableTurns';
export { MessengerAdapter, type MessengerAdapterOptions } from '../adapters/messenger/messengerAdapter';
export { MediaStore, type MediaSink } from './durable/storage/mediaStore';

// Errors, by where the failure happened.
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
} from './core/errors';
// What a failure means: transient (defer and replay), a state race, or ours (apologise, reset).
export { failureOf, isChannelOutage, type Failure } from './core/failures';

// HTTP seam, for hosting the routes in another server.
export {
  createServer,
  DEFAULT_TIMEOUTS,
  type RequestTimeouts,
  type ServerDeps,
  type BuiltServer,
  type ChannelRoutes,
  type WebhookChannel,
} from './app/server';
export type { HttpRequest, HttpResponse, RouteHandler } from './core/http';

// Telemetry.
export { createTelemetry, disabledTelemetry, type Telemetry } from './app/telemetry/telemetry';
export { createIdHasher, type IdHasher } from './app/telemetry/idHasher';

/**
 * The public API, by audience. Nothing is public by accident: what is not exported here is internal.
 */

// Operators and bot developers: build and run the whole bot.
export { createApp, type App } from './app/app';
export { loadConfig, configSchema, type Config } from './app/config';
export { channelPlan, type ChannelStatus, type ChannelName } from './app/channelPlan';

// Bot developers: state and storage for their own botbuilder bots.
export { BlobStateStorage, DocumentStateStorage } from './durable/storage/blobStateStorage';
export { type EtagDocuments, type StoredBytes, type WriteCondition } from './durable/storage/documentStore';
export { MemoryStateStorage } from './durable/storage/memoryStore';
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

// Bot developers: journeys of their own (README, "Add a journey").
export type {
  DialogKit,
  Journey,
  Journeys,
  JourneyMessages,
  SubmissionJourney,
} from '../dialogs/journeys/journey';
export { BUILT_IN_JOURNEYS, journeyRegistry } from '../dialogs/journeys/builtIn';
export { JourneyRegistry } from '../dialogs/journeys/registry';
export { JourneyDialog, NO_OPTIONS, type Step, type StepFn, type Turn } from '../dialogs/journeyDialog';
export type { JourneyServices } from '../dialogs/services';
export { PLACE_STEP, PlaceStep, type PlaceStepOptions } from '../dialogs/steps/placeStep';
export { DESCRIPTION_STEP, DescriptionStep, describedSchema } from '../dialogs/steps/descriptionStep';
export { PHOTOS_DIALOG, PhotosDialog, type PhotosOptions } from '../dialogs/submissions/photosDialog';
export { NumberStep, numberQuestion } from '../dialogs/steps/numberStep';
export { YesNoStep, yesNoQuestion } from '../dialogs/steps/yesNoStep';
export { submitDraft, type SubmissionDraft } from '../dialogs/steps/submit';
export { parseNumber } from '../dialogs/prompts/numberWords';
export { readYesNo } from '../dialogs/prompts/yesNo';
export { getValue, setValue } from '../dialogs/stepValues';
export { SubmissionTypes, type SubmissionTypeDeclaration } from './domain/submissions/submissionTypes';
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
// The adapters' entry (`bf-community-channels/adapters`): factories, adapters, their stores and the
// in-memory ones, the HTTP seam for Node and express, conventions, logging and errors.
export * from '../adapters/index';

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

// Telemetry.
export { createTelemetry, disabledTelemetry, type Telemetry } from './app/telemetry/telemetry';
export { createIdHasher, type IdHasher } from './app/telemetry/idHasher';

/**
 * Builds the whole application from a configuration and opened storage: state, dialogs, bot, adapters,
 * telemetry and the HTTP server. `main.ts` listens; tests build the same app against their own storage.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { TelemetryLoggerMiddleware, type TurnContext } from 'botbuilder';
import { ConversationMemory } from '../../adapters/whatsapp/conversationMemory';
import { MessengerAdapter } from '../../adapters/messenger/messengerAdapter';
import { WhatsAppAdapter } from '../../adapters/whatsapp/whatsAppAdapter';
import type { OutboundSettings } from '../../adapters/base/channelAdapter';
import type { GraphTimeouts } from '../../adapters/meta/graphClient';
import { choicesInState } from '../../adapters/whatsapp/choiceStore';
import { loadChannels, type Channels } from './channels';
import type { Config } from './config';
import type { RouteHandler } from '../core/http';
import type { Journey } from '../../dialogs/journeys/journey';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';
import type { JourneyServices } from '../../dialogs/services';
import type { CommunityDirectory } from '../domain/communities/community';
import { CommunityBot } from './bot';
import { createJourneyServices } from './journeyServices';
import { retentionOf } from './retentionOf';
import type { RetentionSweep } from '../domain/retention/retentionSweep';
import { botFrameworkRoute, createBotFrameworkAdapter, identityPolicyOf } from './botFrameworkRoute';
import { channelPlan, type ChannelStatus } from './channelPlan';
import { ConcurrentConversationState, ConcurrentUserState } from '../durable/concurrentState';
import { InFlight } from '../core/inFlight';
import type { Logger } from '../core/log';
import { createServer, type BuiltServer, type ChannelRoutes, type WebhookChannel } from './server';
import type { OpenedStorage } from './openStorage';
import { createLogIdHasher } from './telemetry/logIdHasher';
import { loadHashKey } from './telemetry/hashKey';
import { createTelemetry, type Telemetry } from './telemetry/telemetry';
import { createTurnErrorHandler } from './turnErrorHandler';
import { DurableTurns } from '../durable/turns/durableTurns';
import { InstanceRoster, type InstanceRosterOptions } from '../durable/instanceRoster';
import { describeError } from '../core/errors';
import { DocumentStore } from '../durable/storage/documentStore';
import { ConversationHistory } from '../domain/history/conversationHistory';
import { HistoryRecorder } from './history/historyRecorder';
import { createOperatorApi, type OperatorApi } from './operatorApi/operatorApi';
import type { OperatorRoute } from './operatorApi/route';
import type { OperatorServices } from './operatorApi/operatorServices';
import { domainRoutes } from './operatorApi/routes/domainRoutes';
import { ProactiveSender } from './outbound/proactiveSender';
import { optOutOnFailedStatus } from './outbound/platformOptOut';
import { SubmissionStore } from '../domain/submissions/submissionStore';
import type { PersonEraser } from '../domain/retention/inactivePeople';
import { StoredMemberships } from '../domain/communities/storedMemberships';
import { BroadcastStore } from '../domain/broadcasts/broadcastStore';
import { BroadcastStatuses } from '../domain/broadcasts/broadcastStatuses';
import { BroadcastWorker } from './broadcasts/broadcastWorker';
import { noticeSettingsOf, privacyPages } from './pages/privacyPages';
import { consoleFiles, consoleRoutes } from './console/consoleRoutes';
import { createPersonErasure } from './people/erasureService';
import { declinedEarlier } from './people/declinedEarlier';
import { forgetDeclined } from './people/forgetDeclined';
import { dataDeletionRoutes } from './people/dataDeletionRoutes';

/** How long the start waits for the hash key before serving (ids masked in logs, telemetry dropped). */
const KEY_WAIT_MS = 3_000;

export interface App extends BuiltServer {
  channels: ChannelStatus[];
  telemetry: Telemetry;
  /** The WhatsApp adapter, when a number is configured (for proactive messages). */
  whatsapp: WhatsAppAdapter | undefined;
  /** The Messenger adapter, when a page is configured. */
  messenger: MessengerAdapter | undefined;
  /** Durable, ordered turns of the channel adapters (inbox, leases, sweep). */
  turns: DurableTurns;
  /** The bot logic every adapter runs (for proactive turns). */
  logic: (context: TurnContext) => Promise<void>;
  /** Every conversation's messages, both ways, with delivery statuses (`history.list`). */
  history: ConversationHistory;
  /** The operator API: whether it is mounted and why, its routes, the development key. */
  operatorApi: OperatorApi;
  /** Whether `/console` is served (it needs the operator API mounted and the console built). */
  consoleServed: boolean;
  /** The retention sweep (README "Retention"): runs at start and daily; `sweep()` runs one now. */
  retention: RetentionSweep;
}

export interface AppDeps {
  log: Logger;
  storage: OpenedStorage;
  /** The numbers and pages to serve; read from the configuration when not given. */
  channels?: Channels;
  /** Outbound HTTP to the platforms (tests may inject; defaults to global fetch). */
  fetch?: typeof fetch;
  /** Communities, memberships and submissions; built from the configuration when not given. */
  services?: Omit<JourneyServices, 'profiles'>;
  /** A bot's own journeys, offered after the built-in ones (README, "Add a journey"). */
  journeys?: readonly Journey[];
  /** Tuning of the outbound schedulers (tests shorten their waits). */
  outbound?: OutboundSettings;
  /** Timeouts of the calls to the platforms' APIs (tests shorten them). */
  graphTimeouts?: GraphTimeouts;
  /** Bot logic to run instead of the journeys (a bot developer's own bot; the chaos script's echo bot). */
  logic?: (context: TurnContext) => Promise<void>;
  /** The communities `main` loaded and checked before listening; read from the configuration when not given. */
  communities?: CommunityDirectory;
  /** The conversation history; kept in `<prefix>-history` when not given. */
  history?: ConversationHistory;
  /** Erases people inactive past `INACTIVE_PERSON_DAYS` (README "Retention"); without it they are counted. */
  personEraser?: PersonEraser;
  /** The retention sweep's clock (tests move it on instead of waiting days). */
  retentionClock?: () => Date;
  /** The operator console's files; read from `dist/console` when not given. */
  consoleFiles?: ReturnType<typeof consoleFiles>;
  /** Operator API routes of the bot's own, after the built-in ones (README, "Operator API"). */
  operatorRoutes?: readonly OperatorRoute[];
  /** How instances announce themselves to share each number's rate (tests shorten the period). */
  instances?: InstanceRosterOptions;
}

export async function createApp(config: Config, deps: AppDeps): Promise<App> {
  const { log, storage } = deps;
  const channels = deps.channels ?? loadChannels(config);
  let hashKey: Promise<string> | undefined;
  const getHashKey = (): Promise<string> =>
    (hashKey ??= loadHashKey(config.TELEMETRY_HASH_KEY, storage.system).catch((error: unknown) => {
      hashKey = undefined; // storage did not answer: the next call reads again
      throw error;
    }));
  // One keyed hash for log lines and telemetry, never a guessable key. Storage that does not answer must
  // not hold the start: wait a little for the key, then go on (ids masked, telemetry dropped, until it loads).
  const logHash = createLogIdHasher(getHashKey);
  await Promise.race([logHash.ready().catch(() => undefined), delay(KEY_WAIT_MS, undefined, { ref: false })]);
  const telemetry = await createTelemetry({
    connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING,
    hasher: logHash,
  });

  const inFlight = new InFlight();
  const conversationState = new ConcurrentConversationState(storage.state);
  const userState = new ConcurrentUserState(storage.state);
  const journeys = journeyRegistry(deps.journeys);
  const services =
    deps.services ??
    createJourneyServices(config, storage, {
      log,
      inFlight,
      fetch: deps.fetch,
      directory: deps.communities,
      submissionTypes: journeys.submissionTypes,
    });
  const bot = new CommunityBot({
    conversationState,
    userState,
    // "Delete my data": the erasure service is built below, once the stores it erases from are.
    services: { ...services, erasure: { request: (person) => erasure.request(person, 'person') } },
    journeys,
    defaultLocale: config.DEFAULT_LOCALE,
    idleMs: config.IDLE_TIMEOUT_MINUTES * 60_000,
    notice: noticeSettingsOf(config),
  });

  const onTurnError = createTurnErrorHandler({
    log,
    conversationState,
    userState,
    defaultLocale: config.DEFAULT_LOCALE,
    hashId: logHash,
  });
  const botFramework = createBotFrameworkAdapter(config, telemetry.enabled ? telemetry.client : undefined);
  botFramework.onTurnError = onTurnError;
  const history = deps.history ?? new ConversationHistory(new DocumentStore(storage.account, 'history'));
  const broadcastStore = new BroadcastStore(storage.system);
  const broadcastStatuses = new BroadcastStatuses(broadcastStore, history.documents);
  const recorder = new HistoryRecorder({
    history,
    log,
    hashId: logHash,
    onStatus: async (key, messageId, status, code) => {
      await optOutOnFailedStatus({ optOuts: services.optOuts, log }, key, status, code);
      await broadcastStatuses.observe(key, messageId, status);
    },
  });
  botFramework.use(recorder);

  // Someone who declines the privacy notice at first contact leaves nothing but the language.
  const logic =
    deps.logic ??
    forgetDeclined((context: TurnContext) => bot.run(context), {
      ...{ erasure: () => erasure, declinedEarlier: declinedEarlier(storage.stateDocuments) },
      ...{ inFlight, log },
    });
  const turns = new DurableTurns({
    inbox: storage.inbox,
    lease: storage.leases,
    inFlight,
    log,
    staleAfterMs: config.SWEEP_STALE_SECONDS * 1000,
    sweepEveryMs: config.SWEEP_EVERY_SECONDS * 1000,
    maxConcurrent: config.TURN_CONCURRENCY,
  });
  const routes: Partial<Record<WebhookChannel, ChannelRoutes>> = {};
  /** What every channel adapter of the app shares: turns, storage, logging, and the turn error handler. */
  const shared = {
    log,
    inFlight,
    turns,
    logic,
    partsSent: storage.inbox,
    media: storage.media,
    fetch: deps.fetch,
    timeouts: deps.graphTimeouts,
    hashId: logHash,
    outbound: deps.outbound,
  };
  const ready = <A extends WhatsAppAdapter | MessengerAdapter>(adapter: A): A => {
    adapter.onTurnError = onTurnError;
    adapter.use(recorder);
    if (telemetry.enabled) adapter.use(new TelemetryLoggerMiddleware(telemetry.client, false));
    return adapter;
  };
  const whatsapp =
    channels.whatsapp.length > 0
      ? ready(
          new WhatsAppAdapter({
            ...shared,
            numbers: channels.whatsapp,
            memory: new ConversationMemory(storage.stateDocuments),
            // Offered choices ride in the conversation state the bot loads and saves anyway.
            choices: choicesInState(conversationState),
          }),
        )
      : undefined;
  if (whatsapp?.hasCloudNumbers) {
    const handler: RouteHandler = (request, response) => whatsapp.process(request, response);
    routes.whatsapp = { get: handler, post: handler };
  }
  if (whatsapp?.hasDialog360Numbers)
    routes['360dialog'] = { post: (request, response) => whatsapp.processDialog360(request, response) };
  const messengerAdapter =
    channels.messenger.length > 0
      ? ready(
          new MessengerAdapter({
            ...shared,
            pages: channels.messenger,
            memory: new ConversationMemory(storage.stateDocuments, undefined, 'messenger'),
            messageTag: config.MESSENGER_MESSAGE_TAG,
          }),
        )
      : undefined;
  if (messengerAdapter) {
    const handler: RouteHandler = (request, response) => messengerAdapter.process(request, response);
    routes.messenger = { get: handler, post: handler };
  }
  const plan = channelPlan(config, channels);
  const sender = new ProactiveSender(
    { whatsapp, messenger: messengerAdapter },
    { optOuts: services.optOuts, log },
  );
  const members = services.memberships instanceof StoredMemberships ? services.memberships : undefined;
  const broadcasts = new BroadcastWorker({
    ...{ store: broadcastStore, members, sender, statuses: broadcastStatuses, log, inFlight },
    leaseMs: config.BROADCAST_LEASE_SECONDS * 1000,
  });
  const submissions = new SubmissionStore(
    new DocumentStore(storage.account, 'submissions'),
    journeys.submissionTypes,
  );
  const erasure = createPersonErasure({ storage, history, submissions, members, channels, inFlight, log });
  const operatorServices: OperatorServices = {
    config,
    log,
    inFlight,
    submissions,
    journeys: services,
    members,
    userState: storage.state,
    history,
    media: storage.media,
    sender,
    system: storage.system,
    account: storage.account,
    broadcasts: { store: broadcastStore, worker: broadcasts },
    erasure,
    stateDocuments: storage.stateDocuments,
  };
  const retention = retentionOf({
    ...{ config, storage, history, log, submissions: operatorServices.submissions },
    // People inactive past INACTIVE_PERSON_DAYS are erased as a person's own request would erase them.
    ...(deps.retentionClock ? { now: deps.retentionClock } : {}),
    eraser: deps.personEraser ?? {
      erasePerson: (person) => erasure.erase(person, 'retention').then(() => {}),
    },
  });
  const operatorApi = createOperatorApi({
    config,
    system: storage.system,
    routes: [...domainRoutes(operatorServices), ...(deps.operatorRoutes ?? [])],
  });
  // The console calls the operator API only: without it mounted, there is nothing to serve.
  const consolePages = operatorApi.mounted ? consoleRoutes(deps.consoleFiles ?? consoleFiles()) : [];
  const built = createServer({
    log,
    inFlight,
    readiness: () => storage.account.ping(),
    backlog: () => (turns.backlog ? { ...turns.backlog } : undefined),
    // Unmounted (404) in production without MicrosoftAppId: the plan says why.
    botFramework: plan.find((c) => c.channel === 'emulator')?.mounted
      ? botFrameworkRoute(botFramework, logic, identityPolicyOf(config))
      : undefined,
    channels: routes,
    api: operatorApi.routes,
    raw: [
      ...dataDeletionRoutes({
        ...{ erasure, system: storage.system, publicBaseUrl: config.PUBLIC_BASE_URL },
        appSecrets: [...new Set(channels.messenger.map((page) => page.appSecret))],
      }),
      ...privacyPages(noticeSettingsOf(config)),
      ...consolePages,
    ],
  });
  turns.start();
  retention.start();
  // Instances of this app share each number's send rate: each takes 1 / (instances announced).
  const roster = new InstanceRoster(storage.system, deps.instances);
  roster.start(
    (count) => {
      whatsapp?.shareRate(1 / count);
      messengerAdapter?.shareRate(1 / count);
      log.info(`instances: ${count} of this app share each number's send rate`, { instance: roster.id });
    },
    (error) =>
      log.warn('instances: could not announce this one; the last share stays', {
        error: describeError(error),
      }),
  );
  broadcasts.start();
  return {
    ...built,
    close: async () => {
      turns.stop();
      retention.stop();
      const broadcastsStopped = broadcasts.stop(); // after the send in flight
      await roster.stop();
      whatsapp?.closeOutbound();
      messengerAdapter?.closeOutbound();
      await Promise.all([broadcastsStopped, built.close()]);
    },
    channels: plan,
    telemetry,
    whatsapp,
    messenger: messengerAdapter,
    logic,
    turns,
    history,
    operatorApi,
    consoleServed: consolePages.length > 0,
    retention,
  };
}

/**
 * Builds the whole application from a configuration and opened storage: state, dialogs, bot, adapters,
 * telemetry and the HTTP server. `main.ts` listens; tests build the same app against their own storage.
 */
import type { Config } from './config';
import { MainDialog } from '../dialogs/main/mainDialog';
import { UserProfileStore } from '../dialogs/userProfile';
import { CommunityBot } from './bot';
import { botFrameworkRoute, createBotFrameworkAdapter } from './botFrameworkRoute';
import { channelPlan, type ChannelStatus } from './channelPlan';
import { ConcurrentConversationState, ConcurrentUserState } from './concurrentState';
import { InFlight } from './inFlight';
import type { Logger } from './log';
import { createServer, type BuiltServer } from './server';
import type { OpenedStorage } from './storage/openStorage';
import { createIdHasher } from './telemetry/idHasher';
import { loadHashKey } from './telemetry/hashKey';
import { createTelemetry, type Telemetry } from './telemetry/telemetry';
import { createTurnErrorHandler } from './turnErrorHandler';

export interface App extends BuiltServer {
  channels: ChannelStatus[];
  telemetry: Telemetry;
}

export async function createApp(config: Config, deps: { log: Logger; storage: OpenedStorage }): Promise<App> {
  const { log, storage } = deps;
  let hashKey: Promise<string> | undefined;
  const getHashKey = (): Promise<string> =>
    (hashKey ??= loadHashKey(config.TELEMETRY_HASH_KEY, storage.system));
  const telemetry = await createTelemetry({
    connectionString: config.APPLICATIONINSIGHTS_CONNECTION_STRING,
    hashKey: getHashKey,
  });
  const logHash = createIdHasher(config.TELEMETRY_HASH_KEY ?? `${config.STORAGE_CONTAINER_PREFIX}:log`);

  const conversationState = new ConcurrentConversationState(storage.state);
  const userState = new ConcurrentUserState(storage.state);
  const profiles = new UserProfileStore(userState.createProperty('profile'), config.DEFAULT_LOCALE);
  const dialog = new MainDialog(profiles);
  dialog.telemetryClient = telemetry.client;
  const bot = new CommunityBot(conversationState, userState, dialog);

  const onTurnError = createTurnErrorHandler({
    log,
    conversationState,
    userState,
    defaultLocale: config.DEFAULT_LOCALE,
    hashId: logHash,
  });
  const botFramework = createBotFrameworkAdapter(config, telemetry.enabled ? telemetry.client : undefined);
  botFramework.onTurnError = onTurnError;

  const inFlight = new InFlight();
  const built = createServer({
    log,
    inFlight,
    readiness: () => storage.account.ping(),
    botFramework: botFrameworkRoute(botFramework, (context) => bot.run(context)),
    channels: {},
  });
  return { ...built, channels: channelPlan(config), telemetry };
}

/**
 * The real application (config → storage → app → restify) listening on a random loopback port, over the
 * shared Azurite with its own containers unless told otherwise. Logs are captured for assertions.
 */
import { createApp, type App, type AppDeps } from '../../src/app/app';
import { loadConfig, secretsOf, type Config } from '../../src/app/config';
import { openStorage, type OpenedStorage } from '../../src/app/openStorage';
import { sharedAzurite, uniquePrefix } from './azurite';
import { capturedLog, type LogLine } from './capturedLog';

export interface TestApp {
  url: string;
  app: App;
  config: Config;
  storage: OpenedStorage;
  logs: LogLine[];
  stop(): Promise<void>;
}

export async function startTestApp(
  env: Record<string, string> = {},
  deps: Pick<
    AppDeps,
    | 'outbound'
    | 'logic'
    | 'graphTimeouts'
    | 'journeys'
    | 'history'
    | 'operatorRoutes'
    | 'instances'
    | 'retentionClock'
  > = {},
  /** The port to listen on (a restarted app takes its predecessor's); any free one when unset. */
  port = 0,
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
    STORAGE_CONTAINER_PREFIX: uniquePrefix(),
    ...env,
  });
  const { lines: logs, log } = capturedLog({ secrets: secretsOf(config) });
  const storage = await openStorage(config);
  const app = await createApp(config, { log, storage, ...deps });
  const bound = await app.listen(port, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${bound}`,
    app,
    config,
    storage,
    logs,
    stop: async () => {
      await app.close();
      await app.inFlight.idle(5_000);
      await storage.close();
    },
  };
}

/** The variables of one Cloud API number whose Graph API is a fake server. */
export function cloudNumberEnv(
  graph: { graphUrl: string },
  number: { phoneNumberId: string; token: string; appSecret: string; verifyToken?: string },
): Record<string, string> {
  return {
    META_GRAPH_URL: graph.graphUrl,
    WHATSAPP_PHONE_NUMBER_ID: number.phoneNumberId,
    WHATSAPP_ACCESS_TOKEN: number.token,
    WHATSAPP_APP_SECRET: number.appSecret,
    WHATSAPP_VERIFY_TOKEN: number.verifyToken ?? 'verify',
  };
}

/** The variables of one Messenger page whose Graph API is a fake server. */
export function messengerPageEnv(
  graph: { graphUrl: string },
  page: { pageId: string; token: string; appSecret: string; verifyToken: string },
): Record<string, string> {
  return {
    META_GRAPH_URL: graph.graphUrl,
    MESSENGER_PAGE_ID: page.pageId,
    MESSENGER_PAGE_ACCESS_TOKEN: page.token,
    MESSENGER_APP_SECRET: page.appSecret,
    MESSENGER_VERIFY_TOKEN: page.verifyToken,
  };
}

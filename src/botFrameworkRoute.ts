/**
 * `POST /api/messages`: botbuilder's `CloudAdapter` with `ConfigurationBotFrameworkAuthentication` built
 * from our config. An empty `MicrosoftAppId` lets the Emulator connect without authentication.
 * Before CloudAdapter sees an activity, the route checks its shape (400 naming what is missing).
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TelemetryLoggerMiddleware,
  type BotTelemetryClient,
  type TurnContext,
} from 'botbuilder';
import { activityShapeOf } from './activityShape';
import type { Config } from './config';
import type { RouteHandler } from './http';

export type BotLogic = (context: TurnContext) => Promise<void>;

export function createBotFrameworkAdapter(
  config: Pick<
    Config,
    'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId'
  >,
  telemetry?: BotTelemetryClient,
): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  if (telemetry) adapter.use(new TelemetryLoggerMiddleware(telemetry, false));
  return adapter;
}

export function botFrameworkRoute(adapter: CloudAdapter, logic: BotLogic): RouteHandler {
  return async (request, response) => {
    const activity = activityShapeOf(request.body);
    await adapter.process(
      { method: request.method, headers: request.headers, body: { ...activity } },
      response,
      logic,
    );
  };
}

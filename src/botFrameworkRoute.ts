/**
 * `POST /api/messages`: botbuilder's `CloudAdapter` with `ConfigurationBotFrameworkAuthentication` built
 * from our config. An empty `MicrosoftAppId` lets the Emulator connect without authentication.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TelemetryLoggerMiddleware,
  type BotTelemetryClient,
  type TurnContext,
} from 'botbuilder';
import type { Config } from './config';
import { InboundRequestError } from './errors';
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
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InboundRequestError(400, 'invalid_activity', 'The request body must be an Activity object');
    }
    await adapter.process(
      { method: request.method, headers: request.headers, body: { ...body } },
      response,
      logic,
    );
  };
}

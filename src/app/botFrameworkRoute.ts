/**
 * `POST /api/messages`: botbuilder's `CloudAdapter` with `ConfigurationBotFrameworkAuthentication` built
 * from our config. An empty `MicrosoftAppId` lets the Emulator connect without authentication.
 * Before CloudAdapter sees an activity, the route checks its shape (400 naming what is missing) and what
 * it claims (403: see `botFrameworkIdentity.ts`), so a refused activity runs nothing and calls nothing.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TelemetryLoggerMiddleware,
  type BotTelemetryClient,
  type TurnContext,
} from 'botbuilder';
import { activityShapeOf } from './activityShape';
import { checkIdentity, type IdentityPolicy } from './botFrameworkIdentity';
import type { Config } from './config';
import type { RouteHandler } from '../core/http';

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

/** Whether requests must carry a Bot Framework JWT: CloudAdapter requires one once `MicrosoftAppId` is set. */
export function identityPolicyOf(config: Pick<Config, 'MicrosoftAppId'>): IdentityPolicy {
  return { authenticated: config.MicrosoftAppId !== '' };
}

export function botFrameworkRoute(
  adapter: CloudAdapter,
  logic: BotLogic,
  policy: IdentityPolicy,
): RouteHandler {
  return async (request, response) => {
    const activity = activityShapeOf(request.body);
    checkIdentity(activity, policy);
    await adapter.process(
      { method: request.method, headers: request.headers, body: { ...activity } },
      response,
      logic,
    );
  };
}

/**
 * Telemetry: Application Insights when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set (requests, turns,
 * dialogs, dependencies), every identifier hashed by `scrubEnvelope`; otherwise botbuilder's
 * `NullTelemetryClient` and the SDK is never even loaded, so nothing leaves the process.
 */
import { NullTelemetryClient, type BotTelemetryClient } from 'botbuilder';
import { createIdHasher } from './idHasher';
import { scrubEnvelope, type EnvelopeLike } from './scrubEnvelope';

export interface Telemetry {
  readonly enabled: boolean;
  readonly client: BotTelemetryClient;
  /** Sends what is buffered; resolves when done (or at once when disabled). */
  flush(): Promise<void>;
}

export const disabledTelemetry: Telemetry = {
  enabled: false,
  client: new NullTelemetryClient(),
  flush: () => Promise.resolve(),
};

export async function createTelemetry(options: {
  connectionString: string | undefined;
  hashKey: () => Promise<string>;
}): Promise<Telemetry> {
  if (options.connectionString === undefined) return disabledTelemetry;
  const hash = createIdHasher(await options.hashKey());
  // The SDK's own usage statistics ("statsbeat") would go to Microsoft's endpoint, not the operator's.
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  const { ApplicationInsightsTelemetryClient } = await import('botbuilder-applicationinsights');
  const client = new ApplicationInsightsTelemetryClient(options.connectionString);
  client.defaultClient.addTelemetryProcessor((envelope: EnvelopeLike) => {
    scrubEnvelope(envelope, hash);
    return true;
  });
  return {
    enabled: true,
    client,
    flush: () =>
      new Promise<void>((resolve) => {
        client.defaultClient.flush({ callback: () => resolve() });
      }),
  };
}

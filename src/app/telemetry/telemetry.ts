/**
 * Telemetry: Application Insights when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set (requests, turns,
 * dialogs, dependencies), every identifier hashed by `scrubEnvelope`; otherwise botbuilder's
 * `NullTelemetryClient` and the SDK is never even loaded, so nothing leaves the process. Identifiers are
 * hashed with the same keyed hash as log lines (`createLogIdHasher`): until its key is read (it may live in
 * storage that does not answer yet), envelopes are dropped, never sent unhashed, and each one asks for the
 * key again.
 */
import { NullTelemetryClient, type BotTelemetryClient } from 'botbuilder';
import type { LogIdHasher } from './logIdHasher';
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

export interface TelemetryOptions {
  connectionString: string | undefined;
  /** The keyed hash of identifiers, shared with the log lines (its key loads in the background). */
  hasher: Pick<LogIdHasher, 'current'>;
}

export async function createTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (options.connectionString === undefined) return disabledTelemetry;
  // The SDK's own usage statistics ("statsbeat") would go to Microsoft's endpoint, not the operator's.
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  const { ApplicationInsightsTelemetryClient } = await import('botbuilder-applicationinsights');
  const client = new ApplicationInsightsTelemetryClient(options.connectionString);
  client.defaultClient.addTelemetryProcessor((envelope: EnvelopeLike) => {
    const hash = options.hasher.current();
    // Nothing leaves unhashed: until the key is read, envelopes are dropped.
    if (hash === undefined) return false;
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

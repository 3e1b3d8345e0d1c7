/**
 * Telemetry: Application Insights when `APPLICATIONINSIGHTS_CONNECTION_STRING` is set (requests, turns,
 * dialogs, dependencies), every identifier hashed by `scrubEnvelope`; otherwise botbuilder's
 * `NullTelemetryClient` and the SDK is never even loaded, so nothing leaves the process. The hash key may
 * live in storage: when storage does not answer at start, the start goes on, the key is read again until
 * it comes, and envelopes are dropped (never sent unhashed) until then.
 */
import { NullTelemetryClient, type BotTelemetryClient } from 'botbuilder';
import { createIdHasher, type IdHasher } from './idHasher';
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
  /** The key of the identifier hash (may read storage; called again after a failure). */
  hashKey: () => Promise<string>;
  /** How long start waits for the key; past it, telemetry is dropped until the key is read. */
  keyWaitMs?: number;
  /** First wait before reading the key again after a failure (doubling, up to 30 s). */
  keyRetryMs?: number;
}

export async function createTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  if (options.connectionString === undefined) return disabledTelemetry;
  const key = readKeyUntilDone(options.hashKey, options.keyRetryMs ?? 1_000);
  // Storage that does not answer must not hold the start: wait a little, then go on without the key.
  await Promise.race([key.firstAttempt, unrefDelay(options.keyWaitMs ?? 3_000)]);
  // The SDK's own usage statistics ("statsbeat") would go to Microsoft's endpoint, not the operator's.
  process.env.APPLICATION_INSIGHTS_NO_STATSBEAT = 'true';
  const { ApplicationInsightsTelemetryClient } = await import('botbuilder-applicationinsights');
  const client = new ApplicationInsightsTelemetryClient(options.connectionString);
  client.defaultClient.addTelemetryProcessor((envelope: EnvelopeLike) => {
    const hash = key.hash();
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

/** Reads the key, and again after each failure (waits doubling up to 30 s), until it has it. */
function readKeyUntilDone(
  read: () => Promise<string>,
  retryMs: number,
): { hash: () => IdHasher | undefined; firstAttempt: Promise<void> } {
  let hash: IdHasher | undefined;
  let waitMs = retryMs;
  const attempt = (): Promise<void> =>
    read().then(
      (key) => {
        hash = createIdHasher(key);
      },
      () => {
        setTimeout(() => void attempt(), waitMs).unref();
        waitMs = Math.min(30_000, waitMs * 2);
      },
    );
  return { hash: () => hash, firstAttempt: attempt() };
}

function unrefDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

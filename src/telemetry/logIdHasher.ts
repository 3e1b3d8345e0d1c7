/**
 * The hash of personal ids in log lines, keyed like telemetry's: `TELEMETRY_HASH_KEY`, or the random key
 * kept in storage. The key is loaded in the background (storage may not answer yet at start); until it
 * arrives, ids are masked entirely rather than hashed with a guessable key. A failed load is retried by the
 * next id logged. `npm run hash-id -- <id>` prints the same hash, so an operator can find a person's lines.
 */
import { createIdHasher, type IdHasher } from './idHasher';

/** What an id becomes in a log line while the key has not been loaded yet. */
export const MASKED_ID = 'h_(key not loaded)';

export interface LogIdHasher extends IdHasher {
  /** Resolves once the key is loaded (or rejects with the load's error; the next call tries again). */
  ready(): Promise<void>;
}

export function createLogIdHasher(loadKey: () => Promise<string>): LogIdHasher {
  let hash: IdHasher | undefined;
  let loading: Promise<void> | undefined;
  const load = (): Promise<void> =>
    (loading ??= loadKey().then(
      (key) => {
        hash = createIdHasher(key);
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const hasher = (id: string): string => {
    if (hash) return hash(id);
    load().catch(() => undefined);
    return MASKED_ID;
  };
  return Object.assign(hasher, { ready: load });
}

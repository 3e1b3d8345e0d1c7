/**
 * The hash of personal ids in log lines and telemetry, one key for both: `TELEMETRY_HASH_KEY`, or the
 * random key kept in storage. The key is loaded in the background (storage may not answer yet at start);
 * until it arrives, ids in log lines are masked entirely rather than hashed with a guessable key, and
 * telemetry is dropped. A failed load is retried by the next id logged or envelope sent. `npm run hash-id -- <id>` prints the same hash, so an operator can find a person's lines.
 */
import { createIdHasher, type IdHasher } from './idHasher';

/** What an id becomes in a log line while the key has not been loaded yet. */
export const MASKED_ID = 'h_(key not loaded)';

export interface LogIdHasher extends IdHasher {
  /** Resolves once the key is loaded (or rejects with the load's error; the next call tries again). */
  ready(): Promise<void>;
  /** The keyed hash once the key is loaded; until then `undefined`, and another load is begun. */
  current(): IdHasher | undefined;
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
  const current = (): IdHasher | undefined => {
    if (!hash) load().catch(() => undefined);
    return hash;
  };
  const hasher = (id: string): string => current()?.(id) ?? MASKED_ID;
  return Object.assign(hasher, { ready: load, current });
}

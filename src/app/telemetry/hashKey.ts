/**
 * The key of the identifier hash. From `TELEMETRY_HASH_KEY` when set; otherwise one random key kept in
 * storage, created once (create-only), so every instance and every restart hashes an id the same way.
 */
import type { DocumentStore } from '../../durable/storage/documentStore';
import { storedRandomKey } from '../storedRandomKey';

const NAME = 'telemetry-hash-key.json';

export async function loadHashKey(configured: string | undefined, system: DocumentStore): Promise<string> {
  return configured ?? storedRandomKey(system, NAME);
}

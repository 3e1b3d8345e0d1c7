/**
 * The key of the identifier hash. From `TELEMETRY_HASH_KEY` when set; otherwise one random key kept in
 * storage, created once (create-only), so every instance and every restart hashes an id the same way.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AlreadyExistsError } from '../../core/errors';
import type { DocumentStore } from '../../durable/storage/documentStore';

const stored = z.object({ key: z.string().min(32) });
const NAME = 'telemetry-hash-key.json';

export async function loadHashKey(configured: string | undefined, system: DocumentStore): Promise<string> {
  if (configured !== undefined) return configured;
  const existing = await system.getJson(NAME, stored);
  if (existing) return existing.value.key;
  const key = randomBytes(32).toString('base64url');
  try {
    await system.createJson(NAME, { key });
    return key;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const winner = await system.getJson(NAME, stored);
    if (!winner) throw error;
    return winner.value.key;
  }
}

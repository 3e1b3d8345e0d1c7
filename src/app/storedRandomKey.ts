/**
 * A random key kept in the system container: created once (create-only), so every instance and every
 * restart reads the same one; when two instances create it at once, the first write wins for both.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AlreadyExistsError } from '../core/errors';
import type { DocumentStore } from '../durable/storage/documentStore';

const stored = z.object({ key: z.string().min(32) });

/** The key stored under `name`, created (32 random bytes, base64url) if there is none. */
export async function storedRandomKey(system: DocumentStore, name: string): Promise<string> {
  const existing = await system.getJson(name, stored);
  if (existing) return existing.value.key;
  const key = randomBytes(32).toString('base64url');
  try {
    await system.createJson(name, { key });
    return key;
  } catch (error) {
    if (!(error instanceof AlreadyExistsError)) throw error;
    const winner = await system.getJson(name, stored);
    if (!winner) throw error;
    return winner.value.key;
  }
}

/** Constant-time comparison of secrets and signatures (never `===`). */
import { createHash, timingSafeEqual } from 'node:crypto';

/** True when both strings are equal; takes the same time wherever they differ (lengths are hashed away). */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** The first candidate equal to `given`, compared in constant time against every candidate. */
export function matchSecret(given: string, candidates: readonly string[]): string | undefined {
  let match: string | undefined;
  for (const candidate of candidates) {
    if (secretsEqual(given, candidate) && match === undefined) match = candidate;
  }
  return match;
}

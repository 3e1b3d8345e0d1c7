/**
 * The protocol material the tests replay, kept in the repository (`test/fixtures/`; its README names
 * each fixture's source). Paths resolve from the compiled helper (`dist/test/helpers/`) back to the
 * sources, so nothing outside the repository is read.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `test/fixtures` of this checkout. */
export const FIXTURES_DIR = resolve(__dirname, '..', '..', '..', 'test', 'fixtures');
const PROTOCOL_DIR = join(FIXTURES_DIR, 'protocol');

/** Path of `outbound-limits.json`, the platforms' outbound limits the fake Graph server enforces. */
export const OUTBOUND_LIMITS_FILE = join(FIXTURES_DIR, 'outbound-limits.json');

/** Parsed JSON of one fixture, e.g. `fixture('outbound/whatsapp-send-text.json')`. */
export function fixture(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(PROTOCOL_DIR, relativePath), 'utf8'));
}

/** Exact bytes of one fixture (sign these, never a re-serialisation). */
export function fixtureBytes(relativePath: string): Buffer {
  return readFileSync(join(PROTOCOL_DIR, relativePath));
}

export function fixtureNames(folder = ''): string[] {
  return readdirSync(join(PROTOCOL_DIR, folder)).filter((name) => name.endsWith('.json'));
}

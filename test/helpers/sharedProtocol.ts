/**
 * Where the shared protocol material lives (`../shared/protocol` beside the repository; `SHARED_DIR`
 * overrides). A missing folder fails loudly: a suite that silently skips is a defect.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function sharedProtocolDir(): string {
  const shared = process.env.SHARED_DIR ?? resolve(__dirname, '..', '..', '..', '..', 'shared');
  const dir = join(shared, 'protocol');
  if (!existsSync(join(dir, 'outbound-limits.json'))) {
    throw new Error(`Shared protocol material not found at ${dir} (set SHARED_DIR to the shared/ folder)`);
  }
  return dir;
}

/** Parsed JSON of one fixture, e.g. `fixture('outbound/whatsapp-send-text.json')`. */
export function fixture(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(sharedProtocolDir(), 'fixtures', relativePath), 'utf8'));
}

/** Exact bytes of one fixture (sign these, never a re-serialisation). */
export function fixtureBytes(relativePath: string): Buffer {
  return readFileSync(join(sharedProtocolDir(), 'fixtures', relativePath));
}

export function fixtureNames(folder = ''): string[] {
  return readdirSync(join(sharedProtocolDir(), 'fixtures', folder)).filter((name) => name.endsWith('.json'));
}

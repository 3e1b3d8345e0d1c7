/**
 * The marker an embedded Azurite leaves in its folder while it runs (`azurite-endpoint.json`: its pid and
 * blob endpoint). A second bot started over the same folder is refused (two processes over one folder
 * would each keep their own copy of a person's state), and tools such as `npm run hash-id` reach the
 * running one instead of starting another.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const MARKER = 'azurite-endpoint.json';
const markerSchema = z.object({ pid: z.number().int().positive(), blobEndpoint: z.string().url() });
export type EmbeddedMarker = z.infer<typeof markerSchema>;

/** The embedded Azurite running over `location`, if its marker names a live process. */
export function runningEmbedded(location: string): EmbeddedMarker | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(location, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = markerSchema.safeParse(raw);
  if (!parsed.success || !alive(parsed.data.pid)) return undefined;
  return parsed.data;
}

export function writeMarker(location: string, marker: EmbeddedMarker): void {
  writeFileSync(join(location, MARKER), JSON.stringify(marker));
}

export function removeMarker(location: string): void {
  rmSync(join(location, MARKER), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** What package.json promises a consumer holds for the code as written. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../../helpers/botProcess';
import { z } from 'zod';

const ROOT = REPO_ROOT;
const manifest = z
  .object({ engines: z.object({ node: z.string() }) })
  .parse(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')));

/** The lowest Node version a `>=x.y[.z]` range admits, as [major, minor, patch]. */
function lowest(range: string): [number, number, number] {
  const match = /^>=(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  assert.ok(match, `engines.node is a ">=" range: ${range}`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

const atLeast = (a: readonly number[], b: readonly number[]): boolean => {
  for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

describe('package.json', () => {
  it('engines.node admits no Node version that lacks process.loadEnvFile (added in 20.12.0)', () => {
    const main = readFileSync(resolve(ROOT, 'src', 'main.ts'), 'utf8');
    assert.match(main, /process\.loadEnvFile/, 'the start reads .env with process.loadEnvFile');
    assert.ok(
      atLeast(lowest(manifest.engines.node), [20, 12, 0]),
      `engines.node is ${manifest.engines.node}`,
    );
  });
});

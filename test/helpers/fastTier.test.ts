/**
 * The fast tier cannot hold a test that needs Azurite or a child process: such a test fails there, naming
 * the way out. `npm test` runs the fast tier under its guard first, so no file drifts into it unnoticed.
 */
import assert from 'node:assert/strict';
import { execFileSync, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { sharedAzurite, startTestAzurite } from './azurite';
import { REPO_ROOT } from './botProcess';

const WAY_OUT = /in the fast tier: .*\*\.e2e\.test\.ts/;

describe('test tiers', () => {
  it('the fast tier refuses Azurite and child processes, naming the way out', async function () {
    if (process.env.TEST_TIER !== 'fast') this.skip();
    assert.throws(() => sharedAzurite(), WAY_OUT);
    await assert.rejects(startTestAzurite(), WAY_OUT);
    assert.throws(() => spawn(process.execPath, ['-v']), WAY_OUT);
    assert.throws(() => fork(join(REPO_ROOT, 'dist', 'src', 'main.js')), WAY_OUT);
    assert.throws(() => execFileSync(process.execPath, ['-v']), WAY_OUT);
  });

  it('npm test runs every file that is not *.e2e.test.ts under that guard, then the e2e files (two at a time), then the timing-sensitive *.serial.e2e ones alone', () => {
    const read = (file: string): unknown => JSON.parse(readFileSync(join(REPO_ROOT, file), 'utf8'));
    const fast = z
      .object({ spec: z.array(z.string()), ignore: z.array(z.string()), require: z.array(z.string()) })
      .parse(read('.mocharc.fast.json'));
    assert.deepEqual(fast.spec, ['dist/test/**/*.test.js']);
    assert.deepEqual(fast.ignore, ['dist/test/**/*.e2e.test.js']);
    assert.deepEqual(fast.require, ['dist/test/helpers/fastTier.js']);
    const e2e = z
      .object({ spec: z.array(z.string()), ignore: z.array(z.string()), parallel: z.boolean() })
      .parse(read('.mocharc.e2e.json'));
    assert.deepEqual(e2e.spec, ['dist/test/**/*.e2e.test.js']);
    assert.deepEqual(
      e2e.ignore,
      ['dist/test/**/*.serial.e2e.test.js'],
      'only the timing-sensitive files wait',
    );
    const { scripts } = z.object({ scripts: z.record(z.string(), z.string()) }).parse(read('package.json'));
    assert.match(
      scripts.test ?? '',
      /mocha --config \.mocharc\.fast\.json && mocha --config \.mocharc\.e2e\.json && mocha "dist\/test\/\*\*\/\*\.serial\.e2e\.test\.js"/,
    );
  });
});

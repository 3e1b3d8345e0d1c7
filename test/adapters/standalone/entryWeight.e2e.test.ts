/**
 * Importing the adapters' entry (`bf-community-channels/adapters`) loads no HTTP server framework, no
 * Azurite and no Application Insights: checked in a fresh process, against the modules it loaded. The
 * main entry, which also builds the application, does load restify: the check can tell.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../helpers/botProcess';

const HEAVY = /node_modules\/(restify|azurite|applicationinsights|botbuilder-applicationinsights)\//;

async function packagesLoadedBy(entry: string): Promise<string[]> {
  const script = `require(${JSON.stringify(join(REPO_ROOT, entry))}); console.log(Object.keys(require.cache).join('\\n'))`;
  const { stdout } = await promisify(execFile)('node', ['--disable-warning=DEP0111', '-e', script]);
  const heavy = stdout.split('\n').map((m) => HEAVY.exec(m)?.[1]);
  return [...new Set(heavy.filter((name) => name !== undefined))];
}

describe('the adapters’ entry point', function () {
  this.timeout(20_000);

  it('loads neither restify, nor azurite, nor applicationinsights', async () => {
    assert.deepEqual(await packagesLoadedBy('dist/adapters/index.js'), []);
    assert.deepEqual(
      await packagesLoadedBy('dist/src/index.js'),
      ['restify'],
      'the main entry serves the app',
    );
  });
});

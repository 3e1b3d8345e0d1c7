/**
 * The deployable artifact, tried as App Service would run it: `npm run package` makes the zip, it is
 * unpacked into an empty folder (no sources, no devDependencies), and `npm start` there, under
 * `NODE_ENV=production` against Azurite, starts without compiling and answers `/readyz` 200.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { sharedAzurite, uniquePrefix } from '../helpers/azurite';
import { REPO_ROOT, startBotProcess, waitUntil } from '../helpers/botProcess';

const run = promisify(execFile);

/** Unpacks `zip` into `folder` (entries only inside it), writing many files at once. */
async function unzip(zip: string, folder: string): Promise<number> {
  const archive = await promisify<string, yauzl.Options, yauzl.ZipFile>(yauzl.open)(zip, {
    lazyEntries: true,
  });
  const writes: Promise<void>[] = [];
  await new Promise<void>((done, fail) => {
    archive.on('error', fail);
    archive.on('end', done);
    archive.on('entry', (entry: yauzl.Entry) => {
      const target = join(folder, entry.fileName);
      assert.ok(target.startsWith(folder + '/'), `an entry outside the folder: ${entry.fileName}`);
      if (entry.fileName.endsWith('/')) {
        archive.readEntry();
        return;
      }
      mkdirSync(dirname(target), { recursive: true });
      writes.push(
        new Promise<void>((written, failed) =>
          archive.openReadStream(entry, (error, stream) => {
            if (error) return failed(error);
            pipeline(stream, createWriteStream(target)).then(written, failed);
          }),
        ),
      );
      archive.readEntry();
    });
    archive.readEntry();
  });
  await Promise.all(writes);
  return writes.length;
}

/** Unpacks with Info-ZIP's `unzip` where the machine has it (much faster), else with yauzl. */
async function unpack(zip: string, folder: string): Promise<number> {
  try {
    await run('unzip', ['-q', zip, '-d', folder], { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    if (Object(error).code !== 'ENOENT') throw error;
    return unzip(zip, folder);
  }
  const listed = await run('unzip', ['-Z1', zip], { maxBuffer: 64 * 1024 * 1024 });
  return listed.stdout.split('\n').filter((name) => name !== '' && !name.endsWith('/')).length;
}

describe('the deployable artifact (npm run package)', function () {
  this.timeout(180_000);
  const out = mkdtempSync(join(tmpdir(), 'artifact-out-'));
  const site = mkdtempSync(join(tmpdir(), 'artifact-site-'));
  after(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(site, { recursive: true, force: true });
  });

  it('unpacked with no sources and no devDependencies, starts in production without compiling and is ready', async () => {
    const t0 = Date.now();
    const packaged = await run(process.execPath, ['scripts/package.mjs', '--out', out], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    const zip = packaged.stdout.trim().split('\n').at(-1) ?? '';
    assert.ok(
      zip.startsWith(out) && zip.endsWith('.zip') && existsSync(zip),
      `the last line names the zip: ${zip}`,
    );
    const t1 = Date.now();
    const files = await unpack(zip, site);
    console.log(
      `      npm run package: ${((t1 - t0) / 1000).toFixed(1)} s; unpacking ${files} files: ${((Date.now() - t1) / 1000).toFixed(1)} s`,
    );
    assert.ok(files > 100, `${files} files`);
    for (const absent of [
      'src',
      'adapters',
      'dialogs',
      'console',
      'test',
      'tsconfig.json',
      'node_modules/typescript',
      'node_modules/mocha',
      'node_modules/eslint',
      'dist/test',
    ])
      assert.ok(!existsSync(join(site, absent)), `${absent} is not in the artifact`);
    for (const present of [
      'dist/src/main.js',
      'dist/console/index.html',
      'dist/console/main.js',
      'package.json',
      'scripts/start.mjs',
      'data/communities.sample.geojson',
      'node_modules/botbuilder',
      'node_modules/zod',
    ])
      assert.ok(existsSync(join(site, present)), `${present} is in the artifact`);

    const started = Date.now();
    const bot = await startBotProcess(
      'npm',
      ['start', '--silent'],
      {
        NODE_ENV: 'production',
        AZURE_STORAGE_CONNECTION_STRING: sharedAzurite().connectionString,
        STORAGE_CONTAINER_PREFIX: uniquePrefix(),
        OPERATOR_API_KEYS: `ops:${'k'.repeat(40)}`,
      },
      { cwd: site },
    );
    try {
      const ready = await waitUntil(async () => (await fetch(`${bot.url}/readyz`)).status === 200, 30_000);
      const coldStart = Date.now() - started;
      assert.ok(ready, `/readyz 200:\n${bot.output()}`);
      console.log(`      cold start of the artifact to /readyz 200: ${(coldStart / 1000).toFixed(1)} s`);
      assert.ok(!/building dist/.test(bot.output()), 'it did not compile');
      assert.ok(!existsSync(join(site, 'tsconfig.json')));
      // The operator console was built into the artifact and is served with the API.
      const page = await fetch(`${bot.url}/console`);
      assert.equal(page.status, 200);
      assert.equal((await fetch(`${bot.url}/console/main.js`)).status, 200);
    } finally {
      bot.child.kill('SIGTERM');
      await bot.exited;
    }
  });
});

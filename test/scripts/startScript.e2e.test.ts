/**
 * `npm start` (`scripts/start.mjs`) compiles only when it must: in a checkout whose build is missing or
 * older than a source (a fresh clone, an edit), never in a deployed artifact (no sources), and it says
 * what to do when it must build and TypeScript is not installed.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/botProcess';

interface Started {
  code: number;
  output: string;
}

/** Runs the start script in `folder` to its end. */
function start(folder: string): Promise<Started> {
  return new Promise((done) => {
    execFile(process.execPath, ['scripts/start.mjs'], { cwd: folder }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : 0;
      done({ code, output: stdout + stderr });
    });
  });
}

/** A folder with the start script, and `files` (path → text), each modified at `at` seconds. */
function folderWith(files: Record<string, { text: string; at: number }>): string {
  const folder = mkdtempSync(join(tmpdir(), 'start-script-'));
  mkdirSync(join(folder, 'scripts'));
  copyFileSync(join(REPO_ROOT, 'scripts', 'start.mjs'), join(folder, 'scripts', 'start.mjs'));
  for (const [path, { text, at }] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), text);
    utimesSync(join(folder, path), at, at);
  }
  return folder;
}

const BUILT_MAIN = "console.log('main ran: the build as it was');\n";
const SOURCE_MAIN = "console.log('main ran: compiled from the source');\n";
const TSCONFIG = JSON.stringify({
  compilerOptions: { outDir: 'dist', rootDir: '.', module: 'commonjs', target: 'ES2022', types: [] },
  include: ['src/**/*.ts'],
});

describe('npm start (scripts/start.mjs)', function () {
  this.timeout(60_000);
  const folders: string[] = [];
  const made = (files: Record<string, { text: string; at: number }>): string => {
    const folder = folderWith(files);
    folders.push(folder);
    return folder;
  };
  after(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

  it('starts a deployed artifact (a build, no sources) as it is', async () => {
    const started = await start(made({ 'dist/src/main.js': { text: BUILT_MAIN, at: 1_000 } }));
    assert.equal(started.code, 0, started.output);
    assert.match(started.output, /main ran: the build as it was/);
    assert.doesNotMatch(started.output, /building/);
  });

  it('starts a checkout whose build is newer than every source without compiling', async () => {
    const started = await start(
      made({
        'src/main.ts': { text: SOURCE_MAIN, at: 1_000 },
        'tsconfig.json': { text: TSCONFIG, at: 1_000 },
        'dist/src/main.js': { text: BUILT_MAIN, at: 2_000 },
      }),
    );
    assert.equal(started.code, 0, started.output);
    assert.match(started.output, /main ran: the build as it was/);
  });

  it('says to run npm install when a source is newer than the build and TypeScript is not installed', async () => {
    const started = await start(
      made({
        'src/main.ts': { text: SOURCE_MAIN, at: 3_000 },
        'tsconfig.json': { text: TSCONFIG, at: 1_000 },
        'dist/src/main.js': { text: BUILT_MAIN, at: 2_000 },
      }),
    );
    assert.equal(started.code, 1);
    assert.match(started.output, /TypeScript is not installed.*npm install/);
    assert.doesNotMatch(started.output, /main ran/);
  });

  it('compiles a fresh clone (sources, no build) once, then starts what it built', async () => {
    const folder = made({
      'src/main.ts': { text: SOURCE_MAIN, at: 1_000 },
      'tsconfig.json': { text: TSCONFIG, at: 1_000 },
    });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(folder, 'node_modules'));
    const first = await start(folder);
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, /building dist\/ from the sources[\s\S]*main ran: compiled from the source/);
    const second = await start(folder);
    assert.match(second.output, /main ran: compiled from the source/);
    assert.doesNotMatch(second.output, /building/, 'the second start does not compile again');
  });
});

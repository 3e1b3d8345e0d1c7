/**
 * `npm start`: runs the bot from its build, `dist/src/main.js`, in this process (signals reach it).
 *
 * - In a checkout (the TypeScript sources are here) it builds first when the build is missing or older
 *   than a source, so `npm install && npm start` works on a fresh clone and after an edit, and a second
 *   start does not compile again.
 * - In a deployed artifact (`npm run package`: no sources, no devDependencies) it starts the build as
 *   it is, without compiling; App Service runs `npm start` by default.
 */
/* global process */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'dist', 'src', 'main.js');
const SOURCE_FOLDERS = ['src', 'adapters', 'dialogs', 'test', 'bench', 'console'];
const require = createRequire(import.meta.url);

/** The newest modification time of the sources and the build's settings; 0 when there are none. */
function newestSource() {
  let newest = 0;
  /** @param {string} path */
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (/\.(ts|html|css)$/.test(path) || path.endsWith('tsconfig.json')) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const folder of SOURCE_FOLDERS) visit(join(root, folder));
  if (newest > 0) visit(join(root, 'tsconfig.json'));
  return newest;
}

function build() {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    process.stderr.write(
      'dist/ is missing or older than the sources, and TypeScript is not installed to build it: ' +
        'run `npm install` first (or deploy the artifact of `npm run package`, which needs no build)\n',
    );
    process.exit(1);
  }
  process.stdout.write('building dist/ from the sources (tsc)...\n');
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  // The operator console (browser modules), when this checkout has it.
  if (existsSync(join(root, 'console', 'tsconfig.json'))) {
    const script = join(root, 'scripts', 'buildConsole.mjs');
    const console = spawnSync(process.execPath, [script], { stdio: 'inherit' });
    if (console.status !== 0) process.exit(console.status ?? 1);
  }
}

const sources = newestSource();
const builtAt = statSync(main, { throwIfNoEntry: false })?.mtimeMs;
if (sources > 0 && (builtAt === undefined || builtAt < sources)) build();
else if (!existsSync(main)) {
  process.stderr.write(`${main} is missing: this folder has neither a build nor the sources to make one\n`);
  process.exit(1);
}
require(main);

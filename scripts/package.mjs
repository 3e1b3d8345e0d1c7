/**
 * `npm run package [-- --out <folder>]`: the deployable artifact, a zip for App Service zip deploy (or any
 * Node 20 host). It holds the build (`dist/`, compiled here from the sources alone, without tests), the
 * production dependencies (from this checkout's `node_modules`, as `npm ls --omit=dev` lists them),
 * `package.json`, `package-lock.json`, the bundled data and `scripts/start.mjs`; no sources, no
 * devDependencies. Unpacked anywhere, `npm start` there starts the bot without compiling. Progress goes
 * to stderr; the last line of stdout is the zip's path. This checkout's own `dist/` is left alone.
 */
/* global process */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';
import { z } from 'zod';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const COPIED = ['package.json', 'package-lock.json', 'data', 'scripts/start.mjs', 'README.md'];

/** @param {string} name @returns {string | undefined} */
function argument(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** @param {string} text */
function step(text) {
  process.stderr.write(`package: ${text}\n`);
}

/** The production dependencies' folders, relative to the checkout, outermost only. @returns {string[]} */
function productionPackages() {
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const folders = new Set(
    listed
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && resolve(line) !== resolve(root))
      .map((line) => relative(root, line)),
  );
  // A package nested in another's node_modules comes with its parent's folder.
  /** @param {string} folder */
  const inside = (folder) => {
    for (let at = folder.lastIndexOf(sep); at > 0; at = folder.lastIndexOf(sep, at - 1))
      if (folders.has(folder.slice(0, at))) return true;
    return false;
  };
  return [...folders].filter((folder) => !inside(folder)).sort();
}

/** Files a package ships that nothing runs: type declarations, sources, source maps, docs. */
const NOT_RUN = /(\.d\.[cm]?ts|\.ts|\.map|\.md)$/;

/**
 * Every file under `folder`, relative to it, in a stable order.
 * @param {string} folder
 * @returns {string[]}
 */
function filesUnder(folder, prefix = '') {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(join(folder, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(folder, path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * Zips `entries` (each: the file here, its name in the zip) into `target`, deflated fast (level 1: most of
 * the size is JavaScript, which deflates well even so).
 * @param {[string, string][]} entries
 * @param {string} target
 * @returns {Promise<void>}
 */
function zip(entries, target) {
  return new Promise((resolvePromise, reject) => {
    const archive = new yazl.ZipFile();
    for (const [real, name] of entries) {
      archive.addFile(real, name, { mode: statSync(real).mode, mtime: new Date(0), compressionLevel: 1 });
    }
    archive.end();
    archive.outputStream.pipe(createWriteStream(target)).on('close', resolvePromise).on('error', reject);
  });
}

/**
 * The files under `folder` (here) as zip entries under `name` (`/`-separated in the zip).
 * @param {string} folder
 * @param {string} name
 * @returns {[string, string][]}
 */
function entriesOf(folder, name) {
  if (!statSync(folder).isDirectory()) return [[folder, name]];
  return filesUnder(folder)
    .filter(
      (path) =>
        !path.split('/').includes('.bin') && !(name.startsWith('node_modules/') && NOT_RUN.test(path)),
    )
    .map((path) => [join(folder, path), `${name}/${path}`]);
}

const manifest = z
  .object({ name: z.string(), version: z.string() })
  .parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));
const out = resolve(argument('--out') ?? join(root, 'artifacts'));
const stage = mkdtempSync(join(tmpdir(), 'bf-package-'));
try {
  step('compiling src, adapters and dialogs (no tests) into the artifact');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const compiled = spawnSync(
    process.execPath,
    [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', join(stage, 'dist')],
    { stdio: 'inherit' },
  );
  if (compiled.status !== 0) process.exit(compiled.status ?? 1);
  step('compiling the operator console into the artifact');
  const consoleBuilt = spawnSync(
    process.execPath,
    [tsc, '-p', join(root, 'console', 'tsconfig.json'), '--outDir', join(stage, 'dist', 'console')],
    { stdio: 'inherit' },
  );
  if (consoleBuilt.status !== 0) process.exit(consoleBuilt.status ?? 1);
  for (const file of ['index.html', 'console.css'])
    copyFileSync(join(root, 'console', file), join(stage, 'dist', 'console', file));
  const packages = productionPackages();
  step(`adding ${packages.length} production packages, the build and ${COPIED.join(', ')}`);
  const entries = [
    ...entriesOf(join(stage, 'dist'), 'dist'),
    ...COPIED.flatMap((path) => entriesOf(join(root, path), path)),
    ...packages.flatMap((folder) => entriesOf(join(root, folder), folder.split(sep).join('/'))),
  ];
  mkdirSync(out, { recursive: true });
  const target = join(out, `${manifest.name}-${manifest.version}.zip`);
  rmSync(target, { force: true });
  step(`zipping ${entries.length} files`);
  await zip(entries, target);
  step(`${(statSync(target).size / 1024 / 1024).toFixed(1)} MiB`);
  process.stdout.write(`${target}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

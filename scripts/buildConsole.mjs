/**
 * Builds the operator console into `dist/console/`: its TypeScript (browser modules, `console/tsconfig.json`)
 * compiled by tsc, its page and style sheet copied beside them. No bundler: the browser loads the modules
 * as they are. Run by `npm run build` and by `npm start` when it builds.
 */
/* global process */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'console');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc', { paths: [root] });

rmSync(out, { recursive: true, force: true });
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'console', 'tsconfig.json')], {
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(built.status ?? 1);
mkdirSync(out, { recursive: true });
for (const file of ['index.html', 'console.css']) copyFileSync(join(root, 'console', file), join(out, file));

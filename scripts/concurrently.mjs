// Runs npm scripts at once and fails if any fails (`node scripts/concurrently.mjs lint build`). Each
// script's output is held and printed whole when it ends, so the outputs do not interleave; the first
// failure stops the others.
/* global process, Buffer */
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
const windows = process.platform === 'win32';
const npm = windows ? 'npm.cmd' : 'npm';
/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();

/** @param {import('node:child_process').ChildProcess} child */
const stop = (child) => {
  if (windows || child.pid === undefined) child.kill();
  else process.kill(-child.pid, 'SIGTERM');
};

const run = (name) =>
  new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', name], {
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: windows,
      // Its own process group, so that stopping it stops what npm started too.
      detached: !windows,
    });
    children.add(child);
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      children.delete(child);
      process.stdout.write(`> npm run ${name}\n${Buffer.concat(output).toString()}`);
      if (code !== 0) {
        process.stdout.write(`npm run ${name} failed (${signal ?? `exit ${code}`})\n`);
        for (const other of children) stop(other);
      }
      resolve(code === 0);
    });
  });

// The children have their own process groups: a Ctrl-C reaches only this process, which passes it on.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) stop(child);
    process.exit(1);
  });
}

const results = await Promise.all(names.map(run));
process.exit(results.every(Boolean) ? 0 : 1);

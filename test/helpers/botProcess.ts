/**
 * The bot as a separate process (`npm start` or `node dist/src/main.js`), for tests of what an operator
 * sees: start-up, signals, exit codes, child processes, telemetry leaving the process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface BotProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the bot with only PATH, HOME and `env` (in the checkout, or `cwd`); resolves once it listens (port 0 = any free port). */
export async function startBotProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<BotProcess> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const pattern = /listening on http:\/\/localhost:(\d+)/;
  const listening = await waitUntil(() => pattern.test(output) || child.exitCode !== null, 60_000);
  assert.ok(listening && pattern.test(output), `the bot did not start:\n${output}`);
  return { child, url: `http://127.0.0.1:${pattern.exec(output)?.[1]}`, output: () => output, exited };
}

export interface BotRun {
  /** The exit code, or `null` when the bot started listening instead of refusing to start. */
  code: number | null;
  stderr: string;
  /** stdout and stderr, interleaved. */
  output: string;
}

/**
 * Runs `node dist/src/main.js` with only PATH, HOME and `env` until it exits by itself (a refusal to
 * start). A bot that starts listening instead is stopped and reported with `code: null`. Its DATA_DIR
 * is a temporary folder (removed after), unless `env` names one.
 */
export async function runBotToExit(env: Record<string, string>, timeoutMs = 30_000): Promise<BotRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bot-refusal-'));
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', 'dist/src/main.js'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  try {
    await waitUntil(() => child.exitCode !== null || /listening on http/.test(output), timeoutMs);
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
      return { code: null, stderr, output };
    }
    return { code: await exited, stderr, output };
  } finally {
    for (const pid of processesMentioning(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Pids of processes whose command line mentions `needle` (Linux /proc). */
export function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(needle)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

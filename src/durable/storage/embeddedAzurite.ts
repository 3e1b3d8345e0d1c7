/**
 * The embedded default store: Azurite's blob service in a child process, on a free loopback port, over
 * a local folder. Started with `--skipApiVersionCheck` (the storage SDK speaks a newer API version than
 * Azurite accepts) and `--disableTelemetry` (Azurite otherwise sends telemetry out).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../core/errors';
import { removeMarker, runningEmbedded, writeMarker } from './embeddedMarker';

/** Azurite's published development account; a well-known value, not a secret. */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzurite {
  /** Connection string for the storage SDK. */
  readonly connectionString: string;
  readonly blobEndpoint: string;
  readonly location: string;
  readonly pid: number | undefined;
  /** Stops Azurite (flushing its metadata to the folder); resolves once the process has exited. */
  stop(): Promise<void>;
}

export interface EmbeddedAzuriteOptions {
  /** Folder for blobs and metadata; created if missing. */
  location: string;
  /** 0 (default) picks a free port. */
  port?: number;
  startTimeoutMs?: number;
  /** Node options of the Azurite process (the bench passes `--cpu-prof` to profile it). */
  execArgv?: string[];
}

export async function startEmbeddedAzurite(options: EmbeddedAzuriteOptions): Promise<EmbeddedAzurite> {
  const location = resolve(options.location);
  mkdirSync(location, { recursive: true });
  const running = runningEmbedded(location);
  if (running) {
    throw new ConfigError([
      `DATA_DIR ${location} is in use by another embedded Azurite (pid ${running.pid}, ` +
        `${running.blobEndpoint}): stop the bot using it, or give this one another DATA_DIR`,
    ]);
  }
  const child = fork(
    resolve(__dirname, 'azuriteProcess.js'),
    [
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(options.port ?? 0),
      '--location',
      location,
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
      '--loose',
    ],
    // Own process group: a Ctrl-C in the terminal reaches the bot, which drains turns before stopping this.
    { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true, execArgv: options.execArgv },
  );
  const blobEndpoint = await waitForEndpoint(child, options.startTimeoutMs ?? 30_000);
  if (child.pid !== undefined) writeMarker(location, { pid: child.pid, blobEndpoint });
  const exited = new Promise<void>((done) => {
    const finish = (): void => {
      removeMarker(location);
      done();
    };
    if (child.exitCode !== null || child.signalCode !== null) finish();
    else child.once('exit', finish);
  });
  return {
    connectionString: embeddedConnectionString(blobEndpoint),
    blobEndpoint: `${blobEndpoint}/${AZURITE_ACCOUNT}`,
    location,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        if (child.connected) child.send('shutdown');
        else child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 8_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/** The connection string of an embedded Azurite listening at `blobEndpoint` (`http://127.0.0.1:<port>`). */
export function embeddedConnectionString(blobEndpoint: string): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `BlobEndpoint=${blobEndpoint}/${AZURITE_ACCOUNT};`
  );
}

const listening = z.object({ type: z.literal('listening'), endpoint: z.string().regex(/^http:\/\//) });

function waitForEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveEndpoint, reject) => {
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onMessage);
    };
    const fail = (reason: string): void => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`Embedded Azurite did not start: ${reason}\n${output}`));
    };
    const onMessage = (message: unknown): void => {
      const parsed = listening.safeParse(message);
      if (!parsed.success) return;
      cleanup();
      resolveEndpoint(parsed.data.endpoint.replace(/\/$/, ''));
    };
    const onExit = (code: number | null): void => fail(`exited with code ${String(code)}`);
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

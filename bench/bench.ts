/**
 * `npm run bench`: a benchmark, not a test. Starts Azurite, the fake Graph server and the app on this
 * machine, then measures, and prints a table (and writes bench-results/bench-<time>.json):
 *
 *   1. ack ceiling   a bare HTTP server doing HMAC + one create-only blob write per request
 *   2. turns         K simulated WhatsApp users walking a multi-step dialog with signed webhooks at a set rate
 *   3. ack           the app's WhatsApp webhook under the ceiling's closed-loop load, then its backlog drained
 *   4. CloudAdapter  the same dialog through /api/messages (botbuilder's CloudAdapter, blob state)
 *   5. storage operations per message of both apps, counted through a proxy
 *
 * Options (environment): BENCH_USERS (default 30), BENCH_RATE (messages/s offered, default 40),
 * BENCH_ACK_SECONDS (default 8), BENCH_CONCURRENCY (default 16); BENCH_OPS_ONLY=1 only counts storage
 * operations per message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedAzurite } from '../src/durable/storage/embeddedAzurite';
import { FakeConnector } from '../test/helpers/fakeConnector';
import { FakeGraph } from '../test/helpers/fakeGraph';
import { StorageCounter } from './storageCounter';
import { timedPost } from './timedPost';
import { z } from 'zod';
import { textWebhookBytes } from '../test/helpers/whatsappWebhooks';

const ROOT = resolve(__dirname, '..', '..');
const PN = '106540352242922';
const TOKEN = 'EAAbench-token';
const SECRET = 'bench-app-secret';
const USERS = Number(process.env.BENCH_USERS ?? 30);
const RATE = Number(process.env.BENCH_RATE ?? 40);
const ACK_SECONDS = Number(process.env.BENCH_ACK_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

/** The grievance journey, as a person types it. */
const SCRIPT = [
  'hi',
  'English',
  '24.38, 73.52',
  '1',
  'Report a problem',
  'Same as my community',
  'The hand pump is broken',
  'Skip',
  'Submit',
  'My requests',
];

interface Stats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: sorted.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(sorted.at(-1) ?? 0) };
}

const round = (n: number) => Math.round(n * 10) / 10;

interface ProcessUsage {
  rssMb: number;
  cpuSeconds: number;
}

function usage(pid: number | undefined): ProcessUsage {
  if (pid === undefined) return { rssMb: 0, cpuSeconds: 0 };
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return { rssMb: round(rssKb / 1024), cpuSeconds: ticks / 100 };
}

const PROBE = ['--expose-gc', '--require', join(ROOT, 'dist', 'bench', 'memoryProbe.js')];
const probeLine = z.object({ rssMb: z.number(), heapUsedMb: z.number() });

/** Memory after a full GC, from an app started with `PROBE` (undefined if it does not answer). */
async function memoryAfterGc(child: ChildProcess): Promise<z.infer<typeof probeLine> | undefined> {
  return new Promise((resolveProbe) => {
    const timer = setTimeout(() => done(undefined), 5000);
    const onData = (chunk: Buffer) => {
      const match = /memory-probe (\{.*\})/.exec(chunk.toString());
      if (match?.[1]) done(probeLine.safeParse(JSON.parse(match[1])).data);
    };
    const done = (value: z.infer<typeof probeLine> | undefined) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolveProbe(value);
    };
    child.stdout?.on('data', onData);
    child.kill('SIGUSR2');
  });
}

async function spawnListening(
  args: string[],
  env: Record<string, string>,
  pattern: RegExp,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePort({ child, port: Number(match[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

function webhookBody(waId: string, id: string, body: string): Buffer {
  return textWebhookBytes(PN, waId, id, body);
}

const postSigned = (url: string, raw: Buffer) => timedPost(url, raw, SECRET);

/** Closed loop: `CONCURRENCY` senders for `ACK_SECONDS`, each a new user saying "hi". */
async function ackLoad(
  url: string,
  tag: string,
): Promise<{ perSecond: number; latency: Stats; errors: number; acked: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + ACK_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        n += 1;
        const result = await postSigned(
          url,
          webhookBody(`9199${tag}${String(n).padStart(7, '0')}`, `wamid.${tag}${n}`, 'hi'),
        ).catch(() => ({ status: 0, ms: 0 }));
        if (result.status === 200) latencies.push(result.ms);
        else errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    perSecond: round(latencies.length / seconds),
    latency: stats(latencies),
    errors,
    acked: latencies.length,
  };
}

/**
 * Waits until every user of the ack phase has had a reply (their turns ran after the 200s), so the next
 * phase does not compete with that backlog; the rate is the app's sustained turn throughput.
 */
async function drainBacklog(
  graph: FakeGraph,
  userPrefix: string,
  acked: number,
  startedAt: number,
): Promise<{ perSecond: number; seconds: number; replied: number }> {
  const replied = () => {
    const users = new Set<unknown>();
    for (const r of graph.requests) {
      const to: unknown =
        typeof r.body === 'object' && r.body !== null ? Reflect.get(r.body, 'to') : undefined;
      if (typeof to === 'string' && to.startsWith(userPrefix) && isReplyTo(r.body, to)) users.add(to);
    }
    return users.size;
  };
  let last = replied();
  let lastChange = performance.now();
  while (last < acked && performance.now() - lastChange < 20_000) {
    await new Promise((r) => setTimeout(r, 500));
    const now = replied();
    if (now !== last) lastChange = performance.now();
    last = now;
  }
  const seconds = (performance.now() - startedAt) / 1000;
  return { perSecond: round(last / seconds), seconds: round(seconds), replied: last };
}

/** K users walk the script; messages are offered at `RATE` per second in all; each waits for its reply. */
async function turnLoad(
  url: string,
  graph: FakeGraph,
): Promise<{ perSecond: number; ack: Stats; reply: Stats; errors: number; lost: number }> {
  const acks: number[] = [];
  const replies: number[] = [];
  let errors = 0;
  let lost = 0;
  const interval = 1000 / RATE;
  let nextSlot = performance.now();
  const slot = async () => {
    const wait = nextSlot - performance.now();
    nextSlot = Math.max(nextSlot, performance.now()) + interval;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      const waId = `9188${String(u).padStart(8, '0')}`;
      for (const [step, text] of SCRIPT.entries()) {
        await slot();
        const before = graph.requests.length;
        const t0 = performance.now();
        const result = await postSigned(url, webhookBody(waId, `wamid.turn${u}.${step}`, text)).catch(() => ({
          status: 0,
          ms: 0,
        }));
        if (result.status !== 200) {
          errors += 1;
          continue;
        }
        acks.push(result.ms);
        const replied = await waitFor(
          () => graph.requests.slice(before).some((r) => isReplyTo(r.body, waId)),
          15_000,
        );
        if (replied) replies.push(performance.now() - t0);
        else lost += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: round(acks.length / seconds), ack: stats(acks), reply: stats(replies), errors, lost };
}

/** The same script through /api/messages (CloudAdapter, blob state); the reply is the request's duration. */
async function cloudAdapterLoad(
  url: string,
  connector: FakeConnector,
): Promise<{ perSecond: number; reply: Stats; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const interval = 1000 / RATE;
  let nextSlot = performance.now();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: USERS }, async (_, u) => {
      for (const [step, text] of SCRIPT.entries()) {
        const wait = nextSlot - performance.now();
        nextSlot = Math.max(nextSlot, performance.now()) + interval;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const t0 = performance.now();
        const response = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(emulatorActivity(`user-${u}`, `a${u}.${step}`, text, connector.url)),
        }).catch(() => undefined);
        await response?.arrayBuffer();
        if (response?.ok) latencies.push(performance.now() - t0);
        else errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: round(latencies.length / seconds), reply: stats(latencies), errors };
}

/** A message (not a read receipt) sent to this user. */
function isReplyTo(body: unknown, waId: string): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    Reflect.get(body, 'to') === waId &&
    Reflect.get(body, 'type') !== undefined
  );
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return check();
}

interface OpsCount {
  perMessage: number;
  /** The kinds of operation, per message, most frequent first. */
  kinds: Record<string, number>;
}

/**
 * Storage operations per message, counted through a proxy by a fresh pair of apps (3 people walk the
 * script one message at a time, each message answered and settled before the next).
 */
async function countOps(
  azurite: { connectionString: string; blobEndpoint: string },
  graph: FakeGraph,
  connector: FakeConnector,
  appEnv: Record<string, string>,
  children: ChildProcess[],
): Promise<{ whatsapp: OpsCount; cloudAdapter: OpsCount }> {
  const counter = await StorageCounter.start(Number(new URL(azurite.blobEndpoint).port));
  try {
    const storage = counter.connectionString(azurite.connectionString);
    const spawnApp = async (env: Record<string, string>) => {
      const app = await spawnListening(
        ['dist/src/main.js'],
        { ...env, AZURE_STORAGE_CONNECTION_STRING: storage, LOG_LEVEL: 'info' },
        /listening on http:\/\/localhost:(\d+)/,
      );
      children.push(app.child);
      return `http://127.0.0.1:${app.port}`;
    };
    const whatsappUrl = await spawnApp({
      ...appEnv,
      STORAGE_CONTAINER_PREFIX: `ow${Date.now().toString(36)}`,
    });
    const cloudUrl = await spawnApp({ PORT: '0', STORAGE_CONTAINER_PREFIX: `oc${Date.now().toString(36)}` });
    const settled = async () => {
      for (let last = -1; counter.total !== last;) {
        last = counter.total;
        await new Promise((r) => setTimeout(r, 400));
      }
    };
    const summary = (messages: number): OpsCount => {
      const kinds = [...counter.counts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => [kind, round(n / messages)] as const);
      return { perMessage: round(counter.total / messages), kinds: Object.fromEntries(kinds) };
    };
    const people = 3;
    await settled();
    counter.reset();
    for (let u = 0; u < people; u += 1) {
      const waId = `9177${String(u).padStart(8, '0')}`;
      for (const [step, text] of SCRIPT.entries()) {
        const before = graph.requests.length;
        await postSigned(
          `${whatsappUrl}/webhooks/whatsapp`,
          webhookBody(waId, `wamid.ops${u}.${step}`, text),
        );
        await waitFor(() => graph.requests.slice(before).some((r) => isReplyTo(r.body, waId)), 15_000);
        await settled();
      }
    }
    const whatsapp = summary(people * SCRIPT.length);
    counter.reset();
    for (let u = 0; u < people; u += 1) {
      for (const [step, text] of SCRIPT.entries()) {
        const response = await fetch(`${cloudUrl}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(emulatorActivity(`ops-${u}`, `o${u}.${step}`, text, connector.url)),
        });
        await response.arrayBuffer();
      }
    }
    await settled();
    return { whatsapp, cloudAdapter: summary(people * SCRIPT.length) };
  } finally {
    await counter.stop();
  }
}

function emulatorActivity(user: string, id: string, text: string, serviceUrl: string) {
  return {
    type: 'message',
    id,
    text,
    channelId: 'emulator',
    serviceUrl,
    from: { id: user, name: 'Bench' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: `conv-${user}` },
    timestamp: new Date().toISOString(),
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  // BENCH_PROFILE=1: V8 CPU profiles of Azurite and of the WhatsApp app, written when they exit.
  const profile =
    process.env.BENCH_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${join(ROOT, 'bench-results')}`] : [];
  // One Azurite per system under test: Azurite's cost per operation grows with every blob in the account
  // (its metadata store scans them), so sharing one would let each phase slow the next.
  const azurite = await startEmbeddedAzurite({
    location: join(dir, 'azurite'),
    execArgv: profile.length > 0 ? [...process.execArgv, ...profile] : undefined,
  });
  const ceilingStore = await startEmbeddedAzurite({ location: join(dir, 'azurite-ceiling') });
  const cloudStore = await startEmbeddedAzurite({ location: join(dir, 'azurite-cloud') });
  const graph = await FakeGraph.start({ tokens: [TOKEN] });
  const connector = await FakeConnector.start();
  const children: ChildProcess[] = [];
  try {
    const ceiling = await spawnListening(
      ['dist/bench/ceilingServer.js'],
      { BENCH_SECRET: SECRET, BENCH_STORAGE: ceilingStore.connectionString },
      /listening (\d+)/,
    );
    children.push(ceiling.child);
    const appEnv = {
      PORT: '0',
      LOG_LEVEL: 'warn',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      META_GRAPH_URL: graph.graphUrl,
      WHATSAPP_PHONE_NUMBER_ID: PN,
      WHATSAPP_ACCESS_TOKEN: TOKEN,
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: 'bench',
      ...(process.env.TURN_CONCURRENCY ? { TURN_CONCURRENCY: process.env.TURN_CONCURRENCY } : {}),
    };
    // Summarise a profile with `node dist/bench/profileSummary.js <file>`.
    const app = await spawnListening(
      [...profile, ...PROBE, 'dist/src/main.js'],
      { ...appEnv, LOG_LEVEL: 'info', STORAGE_CONTAINER_PREFIX: `wa${Date.now().toString(36)}` },
      /listening on http:\/\/localhost:(\d+)/,
    );
    children.push(app.child);
    const emulatorApp = await spawnListening(
      [...PROBE, 'dist/src/main.js'],
      {
        PORT: '0',
        LOG_LEVEL: 'info',
        AZURE_STORAGE_CONNECTION_STRING: cloudStore.connectionString,
        STORAGE_CONTAINER_PREFIX: `em${Date.now().toString(36)}`,
      },
      /listening on http:\/\/localhost:(\d+)/,
    );
    children.push(emulatorApp.child);
    const appUrl = `http://127.0.0.1:${app.port}`;

    process.stdout.write(
      `bench: ${USERS} users, ${RATE} msg/s offered, ack loops ${CONCURRENCY}×${ACK_SECONDS}s\n`,
    );
    if (process.env.BENCH_OPS_ONLY === '1') {
      const ops = await countOps(azurite, graph, connector, appEnv, children);
      process.stdout.write(`${JSON.stringify(ops, null, 2)}\n`);
      return;
    }
    const idleRss = {
      whatsapp: usage(app.child.pid).rssMb,
      cloudAdapter: usage(emulatorApp.child.pid).rssMb,
    };
    const ceilingAck = await ackLoad(`http://127.0.0.1:${ceiling.port}/`, 'c');
    const appCpu0 = usage(app.child.pid).cpuSeconds;
    const storeCpu0 = usage(azurite.pid).cpuSeconds;
    const whatsappStarted = performance.now();
    // The dialog first, on a store holding only its own people: Azurite slows with every blob it holds,
    // and the ack phase leaves a new person (and their state) behind for every message.
    const turns = await turnLoad(`${appUrl}/webhooks/whatsapp`, graph);
    await new Promise((r) => setTimeout(r, 3000));
    const ackStarted = performance.now();
    const appAck = await ackLoad(`${appUrl}/webhooks/whatsapp`, 'a');
    const backlog = await drainBacklog(graph, '9199a', appAck.acked, ackStarted);
    const whatsappSeconds = (performance.now() - whatsappStarted) / 1000;
    const appCpu = round((usage(app.child.pid).cpuSeconds - appCpu0) / whatsappSeconds);
    const storeCpu = round((usage(azurite.pid).cpuSeconds - storeCpu0) / whatsappSeconds);
    // Let the WhatsApp app settle, so the phases do not overlap.
    await new Promise((r) => setTimeout(r, 5000));
    const emCpu0 = usage(emulatorApp.child.pid).cpuSeconds;
    const t1 = performance.now();
    const cloud = await cloudAdapterLoad(`http://127.0.0.1:${emulatorApp.port}`, connector);
    const emCpu = round(
      (usage(emulatorApp.child.pid).cpuSeconds - emCpu0) / ((performance.now() - t1) / 1000),
    );
    const rss = { whatsapp: usage(app.child.pid).rssMb, cloudAdapter: usage(emulatorApp.child.pid).rssMb };
    const afterGc = {
      whatsapp: await memoryAfterGc(app.child),
      cloudAdapter: await memoryAfterGc(emulatorApp.child),
    };
    const ops = await countOps(azurite, graph, connector, appEnv, children);

    const results = {
      when: new Date().toISOString(),
      machine: {
        node: process.version,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model,
        memoryGb: round(totalmem() / 2 ** 30),
      },
      settings: {
        users: USERS,
        rateOffered: RATE,
        ackSeconds: ACK_SECONDS,
        concurrency: CONCURRENCY,
        steps: SCRIPT.length,
      },
      ackCeiling: ceilingAck,
      ack: { ...appAck, ofCeiling: round((appAck.perSecond / Math.max(1, ceilingAck.perSecond)) * 100) },
      backlog,
      turns,
      cloudAdapter: cloud,
      rssMb: { idle: idleRss, after: rss },
      memoryAfterGc: afterGc,
      cpuCores: { whatsapp: appCpu, azuriteDuringWhatsApp: storeCpu, cloudAdapter: emCpu },
      storageOpsPerMessage: ops,
    };
    const lines = [
      '',
      '| measure | msg/s | p50 ms | p99 ms | errors |',
      '| --- | --- | --- | --- | --- |',
      `| ack ceiling (HMAC + 1 create-only write) | ${ceilingAck.perSecond} | ${ceilingAck.latency.p50} | ${ceilingAck.latency.p99} | ${ceilingAck.errors} |`,
      `| app: WhatsApp turns, ack | ${turns.perSecond} | ${turns.ack.p50} | ${turns.ack.p99} | ${turns.errors} |`,
      `| app: WhatsApp turns, reply | ${turns.perSecond} | ${turns.reply.p50} | ${turns.reply.p99} | lost ${turns.lost} |`,
      `| app: WhatsApp webhook ack (${results.ack.ofCeiling} % of ceiling) | ${appAck.perSecond} | ${appAck.latency.p50} | ${appAck.latency.p99} | ${appAck.errors} |`,
      `| app: the ack phase's ${appAck.acked} turns, drained (${backlog.seconds} s, ${backlog.replied} replied) | ${backlog.perSecond} | | | |`,
      `| CloudAdapter /api/messages, reply | ${cloud.perSecond} | ${cloud.reply.p50} | ${cloud.reply.p99} | ${cloud.errors} |`,
      '',
      `RSS MB idle → after: WhatsApp app ${idleRss.whatsapp} → ${rss.whatsapp}; CloudAdapter app ${idleRss.cloudAdapter} → ${rss.cloudAdapter}`,
      `after a full GC: WhatsApp app RSS ${afterGc.whatsapp?.rssMb ?? '?'} MB (heap ${afterGc.whatsapp?.heapUsedMb ?? '?'}); CloudAdapter app RSS ${afterGc.cloudAdapter?.rssMb ?? '?'} MB (heap ${afterGc.cloudAdapter?.heapUsedMb ?? '?'})`,
      `CPU (cores busy): WhatsApp app ${appCpu} (Azurite meanwhile ${storeCpu}); CloudAdapter app ${emCpu}`,
      `storage operations per message: WhatsApp ${ops.whatsapp.perMessage}, CloudAdapter ${ops.cloudAdapter.perMessage}`,
      ...Object.entries(ops.whatsapp.kinds).map(([kind, n]) => `  whatsapp  ${n}  ${kind}`),
      ...Object.entries(ops.cloudAdapter.kinds).map(([kind, n]) => `  emulator  ${n}  ${kind}`),
      `machine: ${results.machine.cpus} × ${results.machine.cpuModel ?? 'cpu'}, ${results.machine.memoryGb} GB, Node ${process.version}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const out = join(ROOT, 'bench-results');
    mkdirSync(out, { recursive: true });
    const file = join(out, `bench-${results.when.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`written: ${file}\n`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(undefined) : c.once('exit', r)))),
    );
    await graph.stop();
    await connector.stop();
    await Promise.all([azurite.stop(), ceilingStore.stop(), cloudStore.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

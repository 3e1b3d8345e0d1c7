/**
 * `npm run chaos`: not a test. Runs the app (with an echo bot, `chaosApp.ts`) as several processes on one
 * Azurite, sends signed WhatsApp webhooks the way Meta does (a webhook not answered 200 is delivered
 * again, here after 500 ms, to any instance), breaks things, and counts per person what was lost,
 * answered twice, or answered out of order:
 *
 *   kill      two instances; one is killed with SIGKILL under load and restarted 3 s later
 *   three     three instances; one person sends fast, each message to the next instance
 *   storage   one instance; storage is unreachable for 30 s in the middle of the load
 *   slow      one instance whose message sends wait 15 s for an answer; for 20 s the Graph API takes every
 *             send at once but answers it only after 20 s (the send went out; its outcome is unknown)
 *   outage    one instance; the Graph API answers 500 to every call for 30 s while people write
 *   storm     one instance; the fake Graph server answers 130429 to the next 30 sends
 *
 * CHAOS_SHORT=1 runs smaller loads and 10 s outages of storage and of the Graph API (a form that fits in
 * CI); CHAOS_ONLY=kill,outage runs only the scenarios named.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../src/durable/storage/embeddedAzurite';
import { FakeGraph, graphError, messageSends } from '../test/helpers/fakeGraph';
import { metaSignature } from '../test/helpers/metaSignature';
import { textWebhookBytes } from '../test/helpers/whatsappWebhooks';

const ROOT = resolve(__dirname, '..', '..');
const PN = '106540352242922';
const TOKEN = 'EAAchaos-token';
const SECRET = 'chaos-app-secret';
const SHORT = process.env.CHAOS_SHORT === '1';
const SCENARIOS = ['kill', 'three', 'storage', 'outage', 'slow', 'storm'];
const ONLY = process.env.CHAOS_ONLY?.split(',').map((name) => name.trim());

interface Instance {
  child: ChildProcess;
  url: string;
}

async function startInstance(
  azurite: EmbeddedAzurite,
  graph: FakeGraph,
  prefix: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', 'dist/bench/chaosApp.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      LOG_LEVEL: 'error',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STORAGE_CONTAINER_PREFIX: prefix,
      META_GRAPH_URL: graph.graphUrl,
      WHATSAPP_PHONE_NUMBER_ID: PN,
      WHATSAPP_ACCESS_TOKEN: TOKEN,
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: 'chaos',
      SWEEP_STALE_SECONDS: '3',
      SWEEP_EVERY_SECONDS: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolveInstance, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const port = /listening (\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolveInstance({ child, url: `http://127.0.0.1:${port}/webhooks/whatsapp` });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}

/** Delivers like Meta: until some instance answers 200, again every 500 ms, to the next instance. */
async function deliver(instances: () => Instance[], raw: Buffer, start: number): Promise<boolean> {
  const end = Date.now() + 120_000;
  for (let attempt = start; Date.now() < end; attempt += 1) {
    const all = instances();
    const target = all[attempt % Math.max(1, all.length)];
    if (target) {
      const ok = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(raw, SECRET) },
        body: raw,
        signal: AbortSignal.timeout(10_000),
      })
        .then(async (r) => {
          await r.arrayBuffer();
          return r.status === 200;
        })
        .catch(() => false);
      if (ok) return true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

interface Outcome {
  scenario: string;
  sent: number;
  acked: number;
  lost: number;
  doubled: number;
  outOfOrder: number;
  seconds: number;
}

async function scenario(
  name: string,
  options: { users: number; perUser: number; rate: number; instances: number; env?: Record<string, string> },
  disrupt: (context: { instances: Instance[]; restart: (i: number) => Promise<void> }) => Promise<void>,
  shared: { azurite: () => EmbeddedAzurite; graph: FakeGraph },
): Promise<Outcome | undefined> {
  if (ONLY && !ONLY.includes(name)) return undefined;
  const prefix = `chaos${name}${Date.now().toString(36)}`;
  const instances = await Promise.all(
    Array.from({ length: options.instances }, () =>
      startInstance(shared.azurite(), shared.graph, prefix, options.env),
    ),
  );
  const restart = async (i: number) => {
    instances[i] = await startInstance(shared.azurite(), shared.graph, prefix, options.env);
  };
  const alive = () => instances.filter((x) => x.child.exitCode === null && x.child.signalCode === null);
  const started = Date.now();
  const base = Math.floor(Date.now() / 1000);
  const users = Array.from(
    { length: options.users },
    (_, u) => `9177${SCENARIOS.indexOf(name)}${String(u).padStart(6, '0')}`,
  );
  const interval = 1000 / options.rate;
  let slot = Date.now();
  let acked = 0;
  const disruption = disrupt({ instances, restart });
  await Promise.all(
    users.map(async (waId, u) => {
      for (let i = 1; i <= options.perUser; i += 1) {
        const wait = slot - Date.now();
        slot = Math.max(slot, Date.now()) + interval;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        const raw = textWebhookBytes(
          PN,
          waId,
          `wamid.${name}.${u}.${String(i).padStart(5, '0')}`,
          `m${i}`,
          base + i,
        );
        if (await deliver(alive, raw, u + i)) acked += 1;
      }
    }),
  );
  await disruption;
  const expected = options.users * options.perUser;
  const echoesOf = (waId: string) => shared.graph.sent('whatsapp').flatMap((r) => echoNumber(r.body, waId));
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && users.reduce((n, w) => n + new Set(echoesOf(w)).size, 0) < expected) {
    await new Promise((r) => setTimeout(r, 500));
  }
  let lost = 0;
  let doubled = 0;
  let outOfOrder = 0;
  for (const waId of users) {
    const echoes = echoesOf(waId);
    const unique = new Set(echoes);
    lost += [...Array(options.perUser).keys()].filter((i) => !unique.has(i + 1)).length;
    doubled += echoes.length - unique.size;
    echoes.forEach((n, i) => {
      if (i > 0 && n < (echoes[i - 1] ?? 0)) outOfOrder += 1;
    });
  }
  for (const instance of instances) instance.child.kill('SIGTERM');
  await Promise.all(
    instances.map(
      (x) =>
        new Promise((r) =>
          x.child.exitCode !== null || x.child.signalCode !== null ? r(undefined) : x.child.once('exit', r),
        ),
    ),
  );
  return {
    scenario: name,
    sent: expected,
    acked,
    lost,
    doubled,
    outOfOrder,
    seconds: Math.round((Date.now() - started) / 1000),
  };
}

const echoSchema = z.object({
  to: z.string(),
  type: z.literal('text'),
  text: z.object({ body: z.string() }),
});

/** The number of the message an echo answers, when the body is an echo to this person. */
function echoNumber(body: unknown, waId: string): number[] {
  const parsed = echoSchema.safeParse(body);
  if (!parsed.success || parsed.data.to !== waId) return [];
  const n = /^echo m(\d+)$/.exec(parsed.data.text.body)?.[1];
  return n === undefined ? [] : [Number(n)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'chaos-'));
  let azurite = await startEmbeddedAzurite({ location: join(dir, 'azurite') });
  const port = Number(new URL(azurite.blobEndpoint).port);
  const graph = await FakeGraph.start({ tokens: [TOKEN] });
  const shared = { azurite: () => azurite, graph };
  const outcomes: (Outcome | undefined)[] = [];
  const notes: string[] = [];
  try {
    outcomes.push(
      await scenario(
        'kill',
        { users: SHORT ? 4 : 10, perUser: SHORT ? 6 : 12, rate: SHORT ? 8 : 30, instances: 2 },
        async ({ instances, restart }) => {
          await new Promise((r) => setTimeout(r, 1500));
          instances[0]?.child.kill('SIGKILL');
          await new Promise((r) => setTimeout(r, 3000));
          await restart(0);
        },
        shared,
      ),
    );
    outcomes.push(
      await scenario(
        'three',
        { users: 1, perUser: SHORT ? 15 : 40, rate: 20, instances: 3 },
        () => Promise.resolve(),
        shared,
      ),
    );
    outcomes.push(
      await scenario(
        'storage',
        { users: SHORT ? 2 : 5, perUser: SHORT ? 5 : 10, rate: 5, instances: 1 },
        async () => {
          await new Promise((r) => setTimeout(r, 1000));
          await azurite.stop();
          await new Promise((r) => setTimeout(r, SHORT ? 10_000 : 30_000));
          azurite = await startEmbeddedAzurite({ location: join(dir, 'azurite'), port });
        },
        shared,
      ),
    );
    outcomes.push(
      await scenario(
        'outage',
        { users: SHORT ? 6 : 50, perUser: 2, rate: 5, instances: 1 },
        async () => {
          const unanswered = () => graph.requests.filter((r) => r.status === 500).length;
          await new Promise((r) => setTimeout(r, 1000));
          const before = unanswered();
          graph.outage(true);
          await new Promise((r) => setTimeout(r, SHORT ? 10_000 : 30_000));
          graph.outage(false);
          notes.push(`outage: ${unanswered() - before} calls reached the Graph API while it answered 500`);
        },
        shared,
      ),
    );
    outcomes.push(
      await scenario(
        'slow',
        {
          users: SHORT ? 6 : 50,
          perUser: 1,
          rate: 5,
          instances: 1,
          env: { CHAOS_SEND_TIMEOUT_MS: SHORT ? '2000' : '15000' },
        },
        async () => {
          const sends = () => graph.sent('whatsapp').filter((r) => messageSends(r.body)).length;
          const before = sends();
          graph.answerSlowly({ delayMs: SHORT ? 3_000 : 20_000, when: messageSends });
          await new Promise((r) => setTimeout(r, SHORT ? 8_000 : 20_000));
          graph.answerSlowly(undefined);
          notes.push(`slow: ${sends() - before} sends were answered after the client had stopped waiting`);
        },
        shared,
      ),
    );
    outcomes.push(
      await scenario(
        'storm',
        { users: SHORT ? 3 : 5, perUser: 6, rate: 10, instances: 1 },
        () => {
          graph.failNext({ status: 400, body: graphError(130429, 'Rate limit hit'), when: messageSends }, 30);
          return Promise.resolve();
        },
        shared,
      ),
    );
  } finally {
    await graph.stop();
    await azurite.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const ran = outcomes.filter((o): o is Outcome => o !== undefined);
  const lines = [
    '',
    '| scenario | sent | acked | lost | answered twice | out of order | seconds |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...ran.map(
      (o) =>
        `| ${o.scenario} | ${o.sent} | ${o.acked} | ${o.lost} | ${o.doubled} | ${o.outOfOrder} | ${o.seconds} |`,
    ),
    '',
    ...notes,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  const bad = ran.filter((o) => o.lost + o.doubled + o.outOfOrder > 0);
  process.stdout.write(
    bad.length === 0
      ? 'chaos: nothing lost, doubled or reordered\n'
      : `chaos: violations in ${bad.map((o) => o.scenario).join(', ')}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

/**
 * Replies against a slow Graph API (issue 11, finding 3), a script, not a test: the app with an echo bot
 * on an embedded Azurite, the fake Graph taking every call at once but answering only after
 * `SLOW_DELAY_MS`, and `SLOW_USERS` people writing "hi" at the same moment. Prints how many people got
 * their reply once, twice or more, or not at all.
 *
 *   npm run build && node dist/bench/slowGraph.js
 *
 * Settings: `SLOW_USERS` (50), `SLOW_DELAY_MS` (20000); `SLOW_POST_TIMEOUT_MS` and `SLOW_TIMEOUT_MS`
 * override the client's timeouts (unset: its defaults).
 */
import { z } from 'zod';
import { createLogger } from '../src/core/log';
import { messageSends } from '../test/helpers/fakeGraph';
import { signedHeaders } from '../test/helpers/metaSignature';
import { textWebhookBytes } from '../test/helpers/whatsappWebhooks';
import { startEchoApp } from './echoApp';

const PN = '106540352242922';
const sendSchema = z.object({ to: z.string(), text: z.object({ body: z.string() }).optional() });
const TOKEN = 'EAAslow-graph-token';
const SECRET = 'slow-graph-secret';

function setting(name: string, fallback?: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

async function main(): Promise<void> {
  const users = setting('SLOW_USERS', 50) ?? 50;
  const delayMs = setting('SLOW_DELAY_MS', 20_000) ?? 20_000;
  const postTimeoutMs = setting('SLOW_POST_TIMEOUT_MS');
  const timeoutMs = setting('SLOW_TIMEOUT_MS');
  const warnings: string[] = [];
  const { url, app, graph, stop } = await startEchoApp({
    name: 'slow-graph',
    graph: { tokens: [TOKEN] },
    env: (fake) => ({
      META_GRAPH_URL: fake.graphUrl,
      WHATSAPP_PHONE_NUMBER_ID: PN,
      WHATSAPP_ACCESS_TOKEN: TOKEN,
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify',
    }),
    log: createLogger({ level: 'warn', sink: (_level, line) => warnings.push(line) }),
    graphTimeouts: {
      ...(postTimeoutMs === undefined ? {} : { postTimeoutMs }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    },
  });
  graph.answerSlowly({ delayMs });
  const started = performance.now();
  try {
    const people = Array.from({ length: users }, (_, i) => `9198100${String(i).padStart(5, '0')}`);
    await Promise.all(
      people.map(async (waId, i) => {
        const raw = textWebhookBytes(PN, waId, `wamid.SLOW${i}`, 'hi');
        const answer = await fetch(`${url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: signedHeaders(raw, SECRET),
          body: raw,
        });
        if (answer.status !== 200) throw new Error(`webhook answered ${answer.status}`);
      }),
    );
    await app.inFlight.idle(10 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    // What each person's phone shows: the echo, and anything else (an apology after a failed send).
    const replies = new Map<string, number>();
    let others = 0;
    for (const request of graph.sent('whatsapp')) {
      const send = sendSchema.safeParse(request.body);
      if (!messageSends(request.body) || !send.success) continue;
      const to = send.data.to;
      if (send.data.text?.body === 'echo hi') replies.set(to, (replies.get(to) ?? 0) + 1);
      else others += 1;
    }
    const counts = people.map((waId) => replies.get(waId) ?? 0);
    const row = {
      users,
      'Graph answers after (ms)': delayMs,
      'send timeout (ms)': postTimeoutMs ?? 'default',
      'reply once': counts.filter((n) => n === 1).length,
      'reply twice or more': counts.filter((n) => n > 1).length,
      'no reply': counts.filter((n) => n === 0).length,
      'replies received': counts.reduce((a, b) => a + b, 0),
      'other messages': others,
      'turns done in (s)': Number(seconds.toFixed(1)),
      'warnings logged': warnings.length,
    };
    console.table([row]);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

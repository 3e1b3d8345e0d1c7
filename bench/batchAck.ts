/**
 * `npm run bench:batch`: a measurement, not a test. One signed Messenger webhook carrying
 * BATCH_SENDERS (5000) people, then BATCH_WHATSAPP (20) WhatsApp people writing one message each right
 * after it was answered, against the app (echo bot) on its own Azurite. Prints how long the big webhook
 * took to be answered, how long each WhatsApp person waited for their first reply (and how many of the
 * batch's replies went out before it), and how long the whole batch took to drain.
 */
import { createLogger } from '../src/core/log';
import { textWebhookBytes } from '../test/helpers/whatsappWebhooks';
import { startEchoApp } from './echoApp';
import { timedPost } from './timedPost';

const SENDERS = Number(process.env.BATCH_SENDERS ?? 5000);
const WHATSAPP = Number(process.env.BATCH_WHATSAPP ?? 20);
const WAIT_SECONDS = Number(process.env.BATCH_WAIT_SECONDS ?? 900);
const PAGE = '111899832631525';
const PN = '106540352242922';
const TOKEN = 'EAAbatch-token';
const SECRET = 'batch-app-secret';

const post = (url: string, raw: Buffer) => timedPost(url, raw, SECRET);

function messengerBatch(senders: number, tag: string): Buffer {
  const now = Date.now();
  const messaging = Array.from({ length: senders }, (_, i) => ({
    sender: { id: `PSID-${tag}-${i}` },
    recipient: { id: PAGE },
    timestamp: now,
    message: { mid: `m_${tag}_${i}`, text: `hello ${i}` },
  }));
  return Buffer.from(JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: now, messaging }] }));
}

async function until(check: () => boolean, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

const ms = (value: number) => `${Math.round(value)} ms`;

async function main(): Promise<void> {
  const { url, graph, stop } = await startEchoApp({
    name: 'batch',
    graph: { tokens: [TOKEN] },
    env: (fake) => ({
      PORT: '0',
      LOG_LEVEL: 'warn',
      STORAGE_CONTAINER_PREFIX: `batch${Date.now().toString(36)}`,
      META_GRAPH_URL: fake.graphUrl,
      MESSENGER_PAGE_ID: PAGE,
      MESSENGER_PAGE_ACCESS_TOKEN: TOKEN,
      MESSENGER_APP_SECRET: SECRET,
      MESSENGER_VERIFY_TOKEN: 'batch',
      WHATSAPP_PHONE_NUMBER_ID: PN,
      WHATSAPP_ACCESS_TOKEN: TOKEN,
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: 'batch',
      // The send rate is not what is measured here: the page may send as fast as the turns go.
      OUTBOUND_MESSAGES_PER_SECOND: '1000',
      ...(process.env.TURN_CONCURRENCY ? { TURN_CONCURRENCY: process.env.TURN_CONCURRENCY } : {}),
    }),
    log: createLogger({ level: 'warn' }),
  });
  const replies = (kind: 'messenger' | 'whatsapp') =>
    graph.sent(kind).filter((r) => {
      const body: unknown = r.body;
      return typeof body === 'object' && body !== null && ('message' in body || 'text' in body);
    });
  try {
    // Warm up both routes (containers created, code paths loaded).
    await post(`${url}/webhooks/messenger`, messengerBatch(1, 'warm'));
    await post(`${url}/webhooks/whatsapp`, textWebhookBytes(PN, '910000000000', 'wamid.warm', 'hi'));
    await until(() => replies('messenger').length >= 1 && replies('whatsapp').length >= 1, 30);
    const before = { messenger: replies('messenger').length, whatsapp: replies('whatsapp').length };

    const batch = await post(`${url}/webhooks/messenger`, messengerBatch(SENDERS, 'b'));
    const batchAnswered = performance.now();
    const people = Array.from({ length: WHATSAPP }, (_, i) => `91990000${String(i).padStart(4, '0')}`);
    const waits: { ack: number; reply: number; batchRepliesBefore: number }[] = [];
    await Promise.all(
      people.map(async (waId, i) => {
        const answered = await post(
          `${url}/webhooks/whatsapp`,
          textWebhookBytes(PN, waId, `wamid.p${i}`, `hello ${i}`),
        );
        const sentAt = performance.now() - answered.ms;
        const mine = () => replies('whatsapp').some((r) => recipientOf(r.body) === waId);
        const got = await until(mine, WAIT_SECONDS);
        waits.push({
          ack: answered.ms,
          reply: got ? performance.now() - sentAt : Number.POSITIVE_INFINITY,
          batchRepliesBefore: replies('messenger').length - before.messenger,
        });
      }),
    );
    const drained = await until(
      () => replies('messenger').length - before.messenger >= SENDERS,
      WAIT_SECONDS,
    );
    const drainSeconds = (performance.now() - batchAnswered) / 1000;
    const sorted = waits.map((w) => w.reply).sort((x, y) => x - y);
    const repliesBefore = waits.map((w) => w.batchRepliesBefore).sort((x, y) => x - y);
    console.log(`Messenger webhook with ${SENDERS} senders: answered ${batch.status} in ${ms(batch.ms)}`);
    console.log(
      `${WHATSAPP} WhatsApp people writing after it: acks p50 ${ms(median(waits.map((w) => w.ack)))}, ` +
        `first reply p50 ${ms(median(sorted))}, max ${ms(sorted.at(-1) ?? 0)}; batch replies sent before ` +
        `theirs: ${repliesBefore[0] ?? 0}–${repliesBefore.at(-1) ?? 0}`,
    );
    console.log(
      drained
        ? `the batch drained in ${drainSeconds.toFixed(1)} s (${(SENDERS / drainSeconds).toFixed(1)} turns/s)`
        : `the batch did not drain within ${WAIT_SECONDS} s`,
    );
  } finally {
    await stop();
  }
}

/** The `to` of a WhatsApp send. */
function recipientOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'to' in body ? body.to : undefined;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

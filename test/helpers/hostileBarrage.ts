/**
 * A barrage of hostile and oversized WhatsApp webhooks, built and sent from a child process so that the
 * process under measurement (the app, in the test's process) spends nothing on building or sending them:
 *
 * - eight unsigned 4 MB `[[[…]]]` bodies (answered 401, never parsed);
 * - a signed 3.9 MB text message (a huge `text.body`);
 * - a signed batch of a good text message and one whose `referral` nests 4,500 levels;
 * - a signed webhook of 20,000 statuses: 2,000 for the number served, each recorded (a write to the
 *   store: about 500 a second on Azurite here, so 20,000 would keep the test waiting 40 s for the
 *   answer), and 18,000 in a second change for a number this deployment does not serve, parsed, mapped
 *   and routed like the others but not written.
 *
 * `prepare` forks this file, which builds the bodies and waits; `fire` sends them all at once and
 * resolves with each answer's status, in the order above.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { nestedArrays, nestedObjects, RAW_HERE, withRaw } from './deepJson';
import { signedHeaders } from './metaSignature';
import { text, textWebhookBytes, wamid, webhook } from './whatsappWebhooks';

export interface BarrageTarget {
  url: string;
  phoneNumberId: string;
  appSecret: string;
}

export interface BarrageAnswer {
  name: string;
  status: number;
  ms: number;
}

export const BARRAGE_STATUSES = { served: 2_000, notServed: 18_000 };

const messageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('build'),
    target: z.object({ url: z.string(), phoneNumberId: z.string(), appSecret: z.string() }),
  }),
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('go') }),
  z.object({
    type: z.literal('done'),
    answers: z.array(z.object({ name: z.string(), status: z.number(), ms: z.number() })),
  }),
]);
type Message = z.infer<typeof messageSchema>;

export class HostileBarrage {
  private constructor(private readonly child: ChildProcess) {}

  /** Forks the sender and waits until every body is built. */
  static async prepare(target: BarrageTarget): Promise<HostileBarrage> {
    const child = fork(__filename, [], { stdio: 'inherit' });
    const barrage = new HostileBarrage(child);
    const ready = barrage.next('ready');
    child.send({ type: 'build', target } satisfies Message);
    await ready;
    return barrage;
  }

  async fire(): Promise<BarrageAnswer[]> {
    const done = this.next('done');
    this.child.send({ type: 'go' } satisfies Message);
    const message = await done;
    return message.type === 'done' ? message.answers : [];
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  private next(type: Message['type']): Promise<Message> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`barrage sender exited (${code})`));
      const onMessage = (raw: unknown): void => {
        const message = messageSchema.parse(raw);
        if (message.type !== type) return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        resolve(message);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }
}

interface Shot {
  name: string;
  body: Buffer;
  headers: Record<string, string>;
}

function build({ phoneNumberId, appSecret }: BarrageTarget): Shot[] {
  const signed = (name: string, body: Buffer): Shot => ({
    name,
    body,
    headers: signedHeaders(body, appSecret),
  });
  const unsigned = Buffer.from(nestedArrays(2 * 1024 * 1024 - 8));
  const good = { waId: '919600000002' };
  const deep = { waId: '919600000003' };
  const seconds = String(Math.floor(Date.now() / 1000));
  const statuses = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      id: wamid(),
      status: 'delivered',
      timestamp: seconds,
      recipient_id: `9195${String(i % 200).padStart(8, '0')}`,
    }));
  const change = (id: string, list: unknown[]) => ({
    field: 'messages',
    value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550001111', phone_number_id: id },
      statuses: list,
    },
  });
  return [
    ...Array.from({ length: 8 }, (_, i) => ({
      name: `unsigned 4 MB [[[…]]] #${i + 1}`,
      body: unsigned,
      headers: { 'content-type': 'application/json' },
    })),
    signed(
      'signed 3.9 MB text message',
      textWebhookBytes(phoneNumberId, '919600000001', wamid(), 'x'.repeat(3_900_000)),
    ),
    signed(
      'signed batch nested 4,500 levels',
      withRaw(
        webhook(phoneNumberId, good, [
          text(good, 'hi'),
          { ...text(deep, 'hi'), referral: { source_type: 'ad', nested: RAW_HERE } },
        ]),
        nestedObjects(4_500),
      ),
    ),
    signed(
      'signed 20,000 statuses',
      Buffer.from(
        JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: 'WABA-ID',
              changes: [
                change(phoneNumberId, statuses(BARRAGE_STATUSES.served)),
                change('1999999999', statuses(BARRAGE_STATUSES.notServed)),
              ],
            },
          ],
        }),
      ),
    ),
  ];
}

/** One POST; status 0 when the connection failed. */
async function send(url: string, shot: Shot): Promise<BarrageAnswer> {
  const started = Date.now();
  try {
    const response = await fetch(`${url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: shot.headers,
      body: shot.body,
    });
    await response.arrayBuffer();
    return { name: shot.name, status: response.status, ms: Date.now() - started };
  } catch {
    return { name: shot.name, status: 0, ms: Date.now() - started };
  }
}

/** The child: builds on "build", sends on "go", reports "done", exits. */
if (require.main === module && process.send) {
  const reply = (message: Message): void => {
    process.send?.(message);
  };
  let shots: Shot[] = [];
  let target: BarrageTarget | undefined;
  process.on('message', (raw: unknown) => {
    const message = messageSchema.parse(raw);
    if (message.type === 'build') {
      target = message.target;
      shots = build(message.target);
      reply({ type: 'ready' });
    } else if (message.type === 'go' && target) {
      const url = target.url;
      void Promise.all(shots.map((shot) => send(url, shot))).then((answers) => {
        reply({ type: 'done', answers });
        process.disconnect();
      });
    }
  });
}

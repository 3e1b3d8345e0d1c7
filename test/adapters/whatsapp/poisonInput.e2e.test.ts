/**
 * Hostile and oversized WhatsApp webhooks end to end (real app, fake Graph, Azurite): nesting thousands of
 * levels deep never costs the good messages of its batch their replies, and a webhook full of notices
 * writes one log line, not one per notice.
 */
import assert from 'node:assert/strict';
import { nestedArrays, nestedObjects, RAW_HERE, withRaw } from '../../helpers/deepJson';
import { whatsAppApp } from '../../helpers/appOnGraph';
import type { TestApp } from '../../helpers/testApp';
import { senders, text, wamid, type Sender } from '../../helpers/whatsappWebhooks';

const PHONE_NUMBER_ID = '106540352242923';
const NUMBER = { phoneNumberId: PHONE_NUMBER_ID, token: 'EAApoison-token', appSecret: 'poison-app-secret' };
const DEEP = 4_500;

/** A Cloud API webhook with one change per `values` entry, each of its own messages, statuses, errors. */
function batch(values: Record<string, unknown>[], phoneNumberId = PHONE_NUMBER_ID) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA-ID',
        changes: values.map((value) => ({
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550001111', phone_number_id: phoneNumberId },
            ...value,
          },
        })),
      },
    ],
  };
}
const contact = (sender: Sender) => ({ profile: { name: 'Test User' }, wa_id: sender.waId });
const status = (recipient: Sender) => ({
  id: wamid(),
  status: 'delivered',
  timestamp: String(Math.floor(Date.now() / 1000)),
  recipient_id: recipient.waId,
});

describe('WhatsApp webhooks with poison inputs (fake Graph + Azurite)', function () {
  this.timeout(60_000);
  const rig = whatsAppApp(NUMBER);
  const { post, repliesTo } = rig;
  const settle = () => rig.settle(20_000);
  const newUser = senders('91970000');
  /** Log lines written while `work` runs (and its turns settle). */
  async function linesDuring(work: () => Promise<void>): Promise<TestApp['logs']> {
    const from = rig.app.logs.length;
    await work();
    await settle();
    return rig.app.logs.slice(from);
  }
  /** Delivers `raw` twice (answered 200 both times): `good` is answered once, and no error is logged. */
  async function answeredOnceWithoutError(raw: Buffer, good: Sender): Promise<void> {
    const lines = await linesDuring(async () => {
      assert.equal((await post(raw)).status, 200);
      assert.equal((await post(raw)).status, 200);
    });
    assert.equal(repliesTo(good).length, 1);
    assert.deepEqual(
      lines.filter((l) => l.level === 'error').map((l) => l.line),
      [],
    );
  }

  it('answers a batch with a message whose referral is nested 4,500 levels 200, also redelivered, and replies to the good message', async () => {
    const good = newUser();
    const deep = newUser();
    const raw = withRaw(
      batch([
        {
          contacts: [contact(good), contact(deep)],
          messages: [
            text(good, 'hi'),
            {
              ...text(deep, 'hi'),
              referral: { source_type: 'ad', source_url: 'https://x', nested: RAW_HERE },
            },
          ],
        },
      ]),
      nestedObjects(DEEP),
    );
    const lines = await linesDuring(async () => {
      assert.equal((await post(raw)).status, 200);
    });
    assert.equal(repliesTo(good).length, 1, 'the good message was answered');
    assert.equal(repliesTo(deep).length, 1, "the deep message's own fields still map, so it is answered too");
    const redelivered = await linesDuring(async () => {
      assert.equal((await post(raw)).status, 200, 'a redelivery is answered 200 too');
    });
    assert.equal(repliesTo(good).length, 1, 'not answered twice');
    assert.equal(repliesTo(deep).length, 1, 'not answered twice');
    const all = [...lines, ...redelivered];
    assert.deepEqual(
      all.filter((l) => l.level === 'error').map((l) => l.line),
      [],
      'no error, no stack overflow',
    );
    const cut = lines.filter((l) => l.level === 'warn' && /nested too deep/.test(l.line));
    assert.equal(cut.length, 1, 'one warning for the webhook');
    assert.match(cut[0]?.line ?? '', /"cut":1\b/);
    assert.ok(
      all.every((l) => !l.line.includes(good.waId) && !l.line.includes(deep.waId)),
      'no phone numbers',
    );
  });

  it('answers the good message of a change whose value.errors is nested 4,500 levels', async () => {
    const good = newUser();
    const raw = withRaw(
      batch([
        { contacts: [contact(good)], messages: [text(good, 'hi')], errors: [{ code: 1, detail: RAW_HERE }] },
      ]),
      nestedArrays(DEEP),
    );
    await answeredOnceWithoutError(raw, good);
  });

  it('answers the good message beside a flow reply whose response_json nests 4,500 levels', async () => {
    const good = newUser();
    const flow = newUser();
    const reply = {
      from: flow.waId,
      id: wamid(),
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'interactive',
      interactive: {
        type: 'nfm_reply',
        nfm_reply: { name: 'flow', body: 'Sent', response_json: nestedObjects(DEEP) },
      },
    };
    const raw = Buffer.from(
      JSON.stringify(
        batch([{ contacts: [contact(good), contact(flow)], messages: [text(good, 'hi'), reply] }]),
      ),
    );
    await answeredOnceWithoutError(raw, good);
  });

  it('summarises a webhook full of notices in one line: unhandled fields, malformed statuses, numbers not served', async () => {
    const person = newUser();
    const unhandled = Array.from({ length: 3_000 }, () => ({ field: 'account_update', value: {} }));
    const malformed = Array.from({ length: 3_000 }, () => ({ status: 'sent', timestamp: '1700000000' }));
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: 'WABA-ID',
          changes: [...batch([{ statuses: malformed }]).entry.flatMap((e) => e.changes), ...unhandled],
        },
      ],
    };
    const elsewhere = batch(
      [{ contacts: [contact(person)], messages: [text(person, 'hi'), text(person, 'ho')] }],
      '999',
    );
    const lines = await linesDuring(async () => {
      assert.equal((await post(Buffer.from(JSON.stringify(body)))).status, 200);
      assert.equal((await post(Buffer.from(JSON.stringify(elsewhere)))).status, 200);
    });
    assert.ok(lines.length <= 4, `${lines.length} log lines for two webhooks`);
    const summary = lines.map((l) => l.line).join('\n');
    assert.match(summary, /3000/, 'the counts are told');
    assert.match(summary, /does not serve/);
  });

  it('summarises ids repeated within a webhook in one line, not one per repetition', async () => {
    const person = newUser();
    const once = status(person);
    // 12: within what a webhook records event by event (a larger one is one batch record, fanned out later).
    const raw = Buffer.from(JSON.stringify(batch([{ statuses: Array.from({ length: 12 }, () => once) }])));
    const lines = await linesDuring(async () => {
      assert.equal((await post(raw)).status, 200);
    });
    const repeated = lines.filter((l) => /redelivered|repeated/.test(l.line));
    assert.equal(repeated.length, 1, repeated.map((l) => l.line).join('\n'));
    assert.match(repeated[0]?.line ?? '', /11/);
  });

  it('answers a message with an impossible timestamp once, however often it is delivered', async () => {
    const person = newUser();
    const message = { ...text(person, 'hi'), timestamp: '9999999999999' };
    const raw = Buffer.from(JSON.stringify(batch([{ contacts: [contact(person)], messages: [message] }])));
    assert.equal((await post(raw)).status, 200);
    await settle();
    const first = repliesTo(person).length;
    assert.ok(first > 0, 'answered');
    for (let i = 0; i < 2; i += 1) {
      // Redeliveries arrive later, after receipt time has moved on: they must still be recognised.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal((await post(raw)).status, 200);
      await settle();
    }
    assert.equal(repliesTo(person).length, first, 'a redelivery runs nothing');
  });
});

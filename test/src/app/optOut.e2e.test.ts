/**
 * Opt-out through the real server, Azurite and the fake Graph server: after STOP an operator's message is
 * 409 `opted_out` with nothing sent, the person's page shows when, a broadcast skips them and counts
 * `opted_out`; START lets the next message go (202); Meta refusing a send with 131050 ("user stopped
 * marketing messages"), or reporting it later in a `failed` status, records the opt-out, with no number
 * in the logs, and the next message is 409; another failure code (131026) records none.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { t } from '../../../dialogs/catalogue';
import { StoredMemberships } from '../../../src/domain/communities/storedMemberships';
import { OptOuts } from '../../../src/domain/people/optOuts';
import { whatsAppApp } from '../../helpers/appOnGraph';
import { waitUntil } from '../../helpers/botProcess';
import { graphError, type RecordedRequest } from '../../helpers/fakeGraph';
import { callApi, operatorKey } from '../../helpers/operatorApi';
import { senders, statusWebhook, text, type Sender } from '../../helpers/whatsappWebhooks';

const KEY = operatorKey('optout');
const NUMBER = { phoneNumberId: '1087654321000', token: 'optout-token', appSecret: 'optout-secret' };
const COMMUNITY = 'raj-udr-kotra';

const errorCode = z.object({ error: z.object({ code: z.string() }) });
const broadcastSchema = z.object({
  id: z.string(),
  state: z.string(),
  counts: z.object({
    sent: z.number(),
    skipped: z.number(),
    skippedBecause: z.record(z.string(), z.number()),
  }),
});

describe('opt-out: STOP, START and Meta refusals against proactive messages', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER, {
    env: { OPERATOR_API_KEYS: `ops:${KEY}`, BROADCAST_LEASE_SECONDS: '3' },
  });
  const person = senders('9197300');

  const api = (path: string, body?: unknown) =>
    callApi(rig.app.url, path, {
      key: KEY,
      ...(body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) }),
    });
  const message = (to: Sender, body = 'A meeting on Friday') =>
    api('/api/v1/messages', { channel: 'whatsapp', to: to.waId, text: body });
  const sendsTo = (to: Sender): RecordedRequest[] =>
    rig.graph.sent('whatsapp').filter((r) => Object(r.body).to === to.waId && 'type' in Object(r.body));
  const optOutOf = (who: Sender) =>
    new OptOuts(rig.app.storage.stateDocuments).of({ channel: 'whatsapp', id: who.waId });

  it('after STOP: 409 opted_out and nothing reaches Meta; the person page says when; START lets it go', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    await rig.say(someone, text(someone, 'STOP'));
    const confirmation = sendsTo(someone).map((r) => String(Object(Object(r.body).text).body));
    assert.ok(confirmation.includes(t('en', 'optOut.done')), JSON.stringify(confirmation));
    const before = sendsTo(someone).length;

    const refused = await message(someone);
    assert.equal(refused.status, 409);
    assert.equal(errorCode.parse(await refused.json()).error.code, 'opted_out');
    const template = await api('/api/v1/messages', {
      channel: 'whatsapp',
      to: someone.waId,
      template: { name: 'community_meeting', language: 'hi' },
    });
    assert.equal(template.status, 409, 'a template too');
    assert.equal(errorCode.parse(await template.json()).error.code, 'opted_out');
    assert.equal(sendsTo(someone).length, before, 'nothing reached the fake Graph server');
    await rig.say(someone, text(someone, 'help'));
    assert.ok(sendsTo(someone).length > before, 'what they write is still answered');

    const page = await api(`/api/v1/people/whatsapp/${someone.waId}`);
    assert.equal(page.status, 200);
    const { optedOut } = z.object({ optedOut: z.string().nullable() }).parse(await page.json());
    assert.equal(optedOut, (await optOutOf(someone))?.at);
    assert.ok(optedOut !== null && !Number.isNaN(Date.parse(optedOut)));

    await rig.say(someone, text(someone, 'START'));
    assert.equal(await optOutOf(someone), undefined);
    const sent = await message(someone, 'Welcome back');
    assert.equal(sent.status, 202);
    assert.equal(
      sendsTo(someone).filter((r) => Object(Object(r.body).text).body === 'Welcome back').length,
      1,
    );
  });

  it('a broadcast skips the person who sent STOP and counts it as opted_out', async () => {
    const memberships = new StoredMemberships(rig.app.storage.stateDocuments);
    const [stays, leaves] = [person(), person()];
    for (const who of [stays, leaves])
      await memberships.join({ channel: 'whatsapp', id: who.waId }, { id: COMMUNITY, name: 'Kotra' });
    await rig.say(leaves, text(leaves, 'रोकें'));
    const before = sendsTo(leaves).length;

    const created = await api('/api/v1/broadcasts', {
      community: COMMUNITY,
      template: { name: 'community_meeting', language: 'hi' },
    });
    assert.equal(created.status, 202, await created.clone().text());
    const { id } = broadcastSchema.parse(await created.json());
    let last: z.infer<typeof broadcastSchema> | undefined;
    const done = await waitUntil(async () => {
      last = broadcastSchema.parse(await (await api(`/api/v1/broadcasts/${id}`)).json());
      return last.state === 'done';
    }, 20_000);
    assert.ok(done && last, JSON.stringify(last));
    assert.equal(last.counts.sent, 1);
    assert.equal(last.counts.skipped, 1);
    assert.deepEqual(last.counts.skippedBecause, { opted_out: 1 });
    assert.equal(sendsTo(leaves).length, before, 'no template to the person who opted out');
    assert.equal(sendsTo(stays).filter((r) => Object(r.body).type === 'template').length, 1);
  });

  it('Meta refusing with 131050 records the opt-out (platform, no number logged); the next message is 409', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    rig.graph.failNext({
      status: 400,
      body: graphError(131050, 'Unable to deliver the message. This recipient has chosen to stop receiving'),
      when: (body) => Object(body).to === someone.waId,
    });
    const refused = await message(someone);
    assert.equal(refused.status, 422, 'the refusal itself is the platform’s, with its code');
    assert.deepEqual(await optOutOf(someone).then((o) => o && { source: o.source, code: o.code }), {
      source: 'platform',
      code: 131050,
    });
    const before = rig.graph.sent('whatsapp').length;
    const next = await message(someone);
    assert.equal(next.status, 409);
    assert.equal(errorCode.parse(await next.json()).error.code, 'opted_out');
    assert.equal(rig.graph.sent('whatsapp').length, before, 'nothing reached the fake Graph server');
    const logged = JSON.stringify(rig.app.logs);
    assert.match(logged, /opt-out recorded/);
    assert.ok(!logged.includes(someone.waId), 'no phone number in the logs');
  });

  it('a failed status with 131050 (Meta says it after the send) records the opt-out too; the next message is 409', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'hi'));
    const sent = await message(someone);
    assert.equal(sent.status, 202);
    const { messageId } = z.object({ messageId: z.string() }).parse(await sent.json());
    const stopped = { code: 131050, title: 'User has stopped marketing messages' };
    const delivered = await rig.deliver(
      statusWebhook(NUMBER.phoneNumberId, someone, messageId, 'failed', [stopped]),
    );
    assert.equal(delivered.status, 200);
    assert.equal((await optOutOf(someone))?.code, 131050);
    const next = await message(someone);
    assert.equal(next.status, 409);
    const other = person();
    await rig.say(other, text(other, 'hi'));
    const failed = z.object({ messageId: z.string() }).parse(await (await message(other)).json());
    await rig.deliver(
      statusWebhook(NUMBER.phoneNumberId, other, failed.messageId, 'failed', [
        { code: 131026, title: 'Message undeliverable' },
      ]),
    );
    assert.equal(
      await optOutOf(other),
      undefined,
      '131026 (not a WhatsApp number, an old app, ...) is no opt-out',
    );
  });

  it('the opt-out is in the person’s export, and erased with them (DELETE /api/v1/people/...)', async () => {
    const someone = person();
    await rig.say(someone, text(someone, 'STOP'));
    const recorded = await optOutOf(someone);
    assert.equal(recorded?.source, 'word');

    const exported = await api(`/api/v1/people/whatsapp/${someone.waId}/export`);
    assert.equal(exported.status, 200);
    const { optOut } = z.object({ optOut: z.unknown() }).parse(await exported.json());
    assert.deepEqual(optOut, recorded, 'what is stored, no more: when and how');

    const erased = await callApi(rig.app.url, `/api/v1/people/whatsapp/${someone.waId}`, {
      key: KEY,
      method: 'DELETE',
    });
    assert.equal(erased.status, 202);
    const { statusUrl } = z.object({ statusUrl: z.string() }).parse(await erased.json());
    const done = await waitUntil(async () => {
      const receipt = z.object({ state: z.string() }).parse(await (await api(statusUrl)).json());
      return receipt.state === 'done';
    }, 10_000);
    assert.ok(done, 'the erasure finished');
    assert.equal(await optOutOf(someone), undefined, 'the opt-out record is erased');
  });
});

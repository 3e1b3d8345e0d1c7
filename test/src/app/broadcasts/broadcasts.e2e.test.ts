/**
 * Broadcasts through the real server, Azurite and the fake Graph server: create (202), progress to done
 * with its counts, the refusals (401, 422 naming the field, an unknown community), cancel, delivery
 * statuses counted from signed status webhooks, and the audit records.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { AUDIT_PREFIX, auditRecordSchema } from '../../../../src/app/operatorApi/auditTrail';
import { StoredMemberships } from '../../../../src/domain/communities/storedMemberships';
import { whatsAppApp } from '../../../helpers/appOnGraph';
import { waitUntil } from '../../../helpers/botProcess';
import { FakeGraph, type RecordedRequest } from '../../../helpers/fakeGraph';
import { callApi, operatorKey } from '../../../helpers/operatorApi';
import { senders, statusWebhook } from '../../../helpers/whatsappWebhooks';
import { cloudNumberEnv, startTestApp, type TestApp } from '../../../helpers/testApp';
import { uniquePrefix } from '../../../helpers/azurite';

const KEY = operatorKey('broadcaster');
const NUMBER = { phoneNumberId: '1098765432100', token: 'broadcast-token', appSecret: 'broadcast-secret' };
const TEMPLATE = { name: 'community_meeting', language: 'hi' };

const progressSchema = z.object({
  id: z.string(),
  state: z.string(),
  counts: z.object({
    queued: z.number(),
    sent: z.number(),
    delivered: z.number(),
    read: z.number(),
    failed: z.number(),
    skipped: z.number(),
    unknown: z.number(),
    skippedBecause: z.record(z.string(), z.number()),
  }),
});
type Progress = z.infer<typeof progressSchema>;

const fieldsSchema = z.object({ error: z.object({ fields: z.array(z.object({ path: z.string() })) }) });
const fieldsOf = async (response: Response): Promise<string[]> =>
  fieldsSchema.parse(await response.json()).error.fields.map((f) => f.path);

const isTemplateSend = (request: RecordedRequest): boolean => Object(request.body).type === 'template';

describe('broadcasts', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER, {
    env: {
      OPERATOR_API_KEYS: `ops:${KEY}`,
      OUTBOUND_MESSAGES_PER_SECOND: '20',
      BROADCAST_LEASE_SECONDS: '3',
    },
  });
  const nextSender = senders('9199100');

  /** `count` people who joined `community` (through the real memberships store); their WhatsApp ids. */
  async function members(community: string, count: number, channel = 'whatsapp'): Promise<string[]> {
    const memberships = new StoredMemberships(rig.app.storage.stateDocuments);
    const ids = Array.from({ length: count }, () => nextSender().waId);
    await Promise.all(ids.map((id) => memberships.join({ channel, id }, { id: community, name: community })));
    return ids;
  }

  const api = (path: string, options: { method?: string; body?: unknown; key?: string | null } = {}) =>
    callApi(rig.app.url, path, {
      ...(options.key === null ? {} : { key: options.key ?? KEY }),
      ...(options.method === undefined ? {} : { method: options.method }),
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });

  /** The audit records, as `<action> <target>`. */
  async function audited(): Promise<string[]> {
    const names: string[] = [];
    for await (const name of rig.app.storage.system.list(AUDIT_PREFIX)) names.push(name);
    const records = await Promise.all(names.map((n) => rig.app.storage.system.getJson(n, auditRecordSchema)));
    return records.map((r) => `${r?.value.action} ${r?.value.target}`);
  }

  async function create(body: unknown): Promise<Progress> {
    const response = await api('/api/v1/broadcasts', { method: 'POST', body });
    assert.equal(response.status, 202, await response.clone().text());
    return progressSchema.parse(await response.json());
  }

  async function progress(id: string): Promise<Progress> {
    const response = await api(`/api/v1/broadcasts/${id}`);
    assert.equal(response.status, 200);
    return progressSchema.parse(await response.json());
  }

  async function finished(id: string): Promise<Progress> {
    let last: Progress | undefined;
    const ended = await waitUntil(async () => {
      last = await progress(id);
      return last.state === 'done' || last.state === 'cancelled';
    }, 20_000);
    assert.ok(ended && last, `the broadcast ended: ${JSON.stringify(last)}`);
    return last;
  }

  const templatesTo = (ids: readonly string[]): RecordedRequest[] =>
    rig.graph.sent('whatsapp').filter((r) => isTemplateSend(r) && ids.includes(String(Object(r.body).to)));

  it('sends the template once to each member, skips the other channels, and ends done with the counts', async () => {
    const whatsapp = await members('raj-udr-jhadol', 5);
    await members('raj-udr-jhadol', 2, 'messenger');
    const created = await create({ community: 'raj-udr-jhadol', template: TEMPLATE });
    assert.match(created.id, /^BC-/);
    assert.ok(['queued', 'running', 'done'].includes(created.state));
    const done = await finished(created.id);
    assert.equal(done.state, 'done');
    assert.deepEqual(done.counts, {
      ...{ queued: 0, sent: 5, delivered: 0, read: 0, failed: 0, skipped: 2, unknown: 0 },
      skippedBecause: { not_whatsapp: 2 },
    });
    const sends = templatesTo(whatsapp);
    assert.deepEqual(sends.map((r) => String(Object(r.body).to)).sort(), [...whatsapp].sort());
    assert.deepEqual(Object(sends[0]?.body).template, {
      name: 'community_meeting',
      language: { code: 'hi' },
    });

    assert.ok(
      (await audited()).includes(`broadcast.create ${created.id}`),
      'the create left an audit record naming the broadcast',
    );
  });

  it('counts the delivery statuses the number reports for the messages it sent', async () => {
    const [first = '', second = ''] = await members('raj-udr-kotra', 2);
    const { id } = await create({ community: 'raj-udr-kotra', template: TEMPLATE, channel: 'whatsapp' });
    await finished(id);
    const messageIdOf = async (waId: string): Promise<string> => {
      const page = await rig.app.app.history.list({ channel: 'whatsapp', userId: waId, limit: 1 });
      const item = page.items[0];
      assert.ok(item?.direction === 'out' && item.messageId !== undefined);
      return item.messageId;
    };
    for (const [waId, statuses] of [
      [first, ['delivered', 'read']],
      [second, ['failed']],
    ] as const) {
      const messageId = await messageIdOf(waId);
      for (const status of statuses)
        assert.equal(
          (await rig.deliver(statusWebhook(NUMBER.phoneNumberId, { waId }, messageId, status))).status,
          200,
        );
    }
    const counts = (await progress(id)).counts;
    assert.deepEqual(
      [counts.sent, counts.delivered, counts.read, counts.failed],
      [2, 1, 1, 1],
      JSON.stringify(counts),
    );
  });

  it('cancels: no send after the answer, state cancelled, counts; cancelling again answers the same', async () => {
    const ids = await members('raj-udr-collective', 40);
    const { id } = await create({ community: 'raj-udr-collective', template: TEMPLATE });
    assert.ok(await waitUntil(() => templatesTo(ids).length >= 3, 10_000), 'the broadcast began');
    const cancel = await api(`/api/v1/broadcasts/${id}/cancel`, { method: 'POST' });
    assert.equal(cancel.status, 200);
    const sentAtAnswer = templatesTo(ids).length;
    const cancelled = progressSchema.parse(await cancel.json());
    assert.equal(cancelled.state, 'cancelled');
    assert.equal(cancelled.counts.sent, sentAtAnswer, 'every send made is counted');
    assert.ok(sentAtAnswer < 40, `it stopped early (${sentAtAnswer} sent)`);
    const again = await api(`/api/v1/broadcasts/${id}/cancel`, { method: 'POST' });
    assert.equal(again.status, 200);
    assert.equal(progressSchema.parse(await again.json()).state, 'cancelled');
    assert.equal(
      (await audited()).filter((a) => a === `broadcast.cancel ${id}`).length,
      2,
      'each cancel audited',
    );

    // Another broadcast runs to its end on the same worker: the cancelled one sent nothing meanwhile.
    const later = await members('raj-udr-jhadol', 1);
    const next = await create({ community: 'raj-udr-jhadol', template: TEMPLATE });
    await finished(next.id);
    assert.equal(templatesTo(later).length, 1);
    assert.equal(templatesTo(ids).length, sentAtAnswer, 'no send after the cancel was answered');
    assert.equal((await progress(id)).state, 'cancelled');
  });

  it('refuses without a key (401), a body that breaks the schema (422 naming the field), an unknown community, an unknown broadcast', async () => {
    const body = { community: 'raj-udr-jhadol', template: TEMPLATE };
    assert.equal((await api('/api/v1/broadcasts', { method: 'POST', body, key: null })).status, 401);
    assert.equal((await api('/api/v1/broadcasts/BC-abcdefgh1234', { key: null })).status, 401);

    const bad = await api('/api/v1/broadcasts', {
      method: 'POST',
      body: { community: 'raj-udr-jhadol', template: { language: 'hi' } },
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(await fieldsOf(bad), ['template.name']);
    const unknown = await api('/api/v1/broadcasts', {
      method: 'POST',
      body: { ...body, community: 'nowhere' },
    });
    assert.equal(unknown.status, 422);
    assert.deepEqual(await fieldsOf(unknown), ['community']);
    assert.equal((await api('/api/v1/broadcasts/BC-abcdefgh1234')).status, 404);
    assert.equal((await api('/api/v1/broadcasts/BC-abcdefgh1234/cancel', { method: 'POST' })).status, 404);
  });
});

describe('broadcasts with the memberships kept by CE_API_URL', function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ OPERATOR_API_KEYS: `ops:${KEY}`, CE_API_URL: 'http://127.0.0.1:9/api/' });
  });
  after(() => app.stop());

  it('answers 409 saying broadcasts need stored memberships', async () => {
    const response = await callApi(app.url, '/api/v1/broadcasts', {
      key: KEY,
      method: 'POST',
      body: JSON.stringify({ community: 'raj-udr-jhadol', template: TEMPLATE }),
    });
    assert.equal(response.status, 409);
    const body = z
      .object({ error: z.object({ code: z.string(), message: z.string() }) })
      .parse(await response.json());
    assert.equal(body.error.code, 'broadcasts_need_stored_memberships');
    assert.match(body.error.message, /CE_API_URL/);
  });
});

describe('broadcasts on two instances', function () {
  this.timeout(30_000);
  const graphs: FakeGraph[] = [];
  const apps: TestApp[] = [];
  before(async () => {
    const prefix = uniquePrefix();
    for (let i = 0; i < 2; i += 1) {
      const graph = await FakeGraph.start({ tokens: [NUMBER.token] });
      graphs.push(graph);
      apps.push(
        await startTestApp({
          ...cloudNumberEnv(graph, NUMBER),
          STORAGE_CONTAINER_PREFIX: prefix,
          OPERATOR_API_KEYS: `ops:${KEY}`,
          BROADCAST_LEASE_SECONDS: '5',
        }),
      );
    }
  });
  after(async () => {
    for (const app of apps) await app.stop();
    for (const graph of graphs) await graph.stop();
  });

  it('are worked on by one instance only, each member once', async () => {
    const [first, second] = apps;
    assert.ok(first && second);
    const memberships = new StoredMemberships(first.storage.stateDocuments);
    const ids = Array.from({ length: 30 }, (_, i) => `9195${String(i).padStart(8, '0')}`);
    await Promise.all(
      ids.map((id) => memberships.join({ channel: 'whatsapp', id }, { id: 'raj-udr-kotra', name: 'Kotra' })),
    );
    const created = await callApi(second.url, '/api/v1/broadcasts', {
      key: KEY,
      method: 'POST',
      body: JSON.stringify({ community: 'raj-udr-kotra', template: TEMPLATE }),
    });
    assert.equal(created.status, 202);
    const { id } = z.object({ id: z.string() }).parse(await created.json());
    const state = async (): Promise<string> =>
      z
        .object({ state: z.string() })
        .parse(await (await callApi(first.url, `/api/v1/broadcasts/${id}`, { key: KEY })).json()).state;
    assert.ok(await waitUntil(async () => (await state()) === 'done', 20_000));
    const sends = graphs.map((graph) => graph.sent('whatsapp').filter(isTemplateSend));
    assert.deepEqual(
      sends.map((s) => s.length).sort(),
      [0, 30],
      'one instance sent them all, the other none',
    );
    assert.deepEqual(
      sends
        .flat()
        .map((r) => String(Object(r.body).to))
        .sort(),
      ids,
    );
  });
});

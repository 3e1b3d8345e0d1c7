/**
 * The operator API routes the console is built on, through the real server and Azurite: every community,
 * counts by status under the list's filters, and the audited reveal of who filed a submission; and the
 * console's own files (its page's policy, caching, unknown names).
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { AUDIT_PREFIX, auditRecordSchema } from '../../../../src/app/operatorApi/auditTrail';
import { SubmissionStore } from '../../../../src/domain/submissions/submissionStore';
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import { callApi, operatorKey } from '../../../helpers/operatorApi';
import { draft } from '../../../helpers/submissionsApi';
import { BUILT_IN_SUBMISSION_TYPES } from '../../../helpers/submissionTypes';
import { startTestApp, type TestApp } from '../../../helpers/testApp';

const KEY = operatorKey('carol');
const countsSchema = z.object({ total: z.number(), byStatus: z.record(z.string(), z.number()) });

describe('operator API for the console', function () {
  this.timeout(30_000);
  let app: TestApp;
  let store: SubmissionStore;
  const api = (path: string, options: { method?: string; key?: string | null } = {}) =>
    callApi(app.url, path, {
      ...(options.key === null ? {} : { key: options.key ?? KEY }),
      ...(options.method === undefined ? {} : { method: options.method, body: '{}' }),
    });

  before(async () => {
    app = await startTestApp({ OPERATOR_API_KEYS: `carol:${KEY}` });
    store = new SubmissionStore(
      new DocumentStore(app.storage.account, 'submissions'),
      BUILT_IN_SUBMISSION_TYPES,
    );
  });
  after(async () => {
    await app.stop();
  });

  it('lists every community of the directory, sorted by name, with its district', async () => {
    const response = await api('/api/v1/communities');
    assert.equal(response.status, 200);
    const { items } = z
      .object({
        items: z.array(z.object({ id: z.string(), name: z.string(), district: z.string().optional() })),
      })
      .parse(await response.json());
    assert.ok(items.some((c) => c.name === 'Jhadol Van Samiti'));
    assert.deepEqual(
      items.map((c) => c.name),
      [...items.map((c) => c.name)].sort((a, b) => a.localeCompare(b)),
    );
    assert.equal(new Set(items.map((c) => c.id)).size, items.length, 'each community once');
    assert.equal((await api('/api/v1/communities', { key: null })).status, 401);
  });

  it('counts submissions by status under the filters, and refuses a filter it does not know (422)', async () => {
    const at = (day: number) => new Date(`2026-10-${String(day).padStart(2, '0')}T10:00:00Z`);
    const made = [
      await store.create(draft({ type: 'grievance' }), at(1)),
      await store.create(draft({ type: 'grievance' }), at(2)),
      await store.create(draft({ type: 'work_demand' }), at(3)),
      await store.create(draft({ type: 'grievance', community: { id: 'other', name: 'Other' } }), at(4)),
    ];
    await store.changeStatus(made[1]?.reference ?? '', { status: 'accepted', by: 'carol' });
    const counts = async (query: string) => {
      const response = await api(`/api/v1/submissions/counts${query}`);
      assert.equal(response.status, 200, await response.clone().text());
      return countsSchema.parse(await response.json());
    };
    const all = await counts('');
    assert.equal(all.total, 4);
    assert.deepEqual(all.byStatus, { submitted: 3, under_review: 0, accepted: 1, resolved: 0, rejected: 0 });
    const grievances = await counts('?type=grievance&community=list-a');
    assert.deepEqual(
      [grievances.total, grievances.byStatus.submitted, grievances.byStatus.accepted],
      [2, 1, 1],
    );
    const later = await counts('?since=2026-10-03');
    assert.equal(later.total, 2);

    const refused = await api('/api/v1/submissions/counts?type=parade');
    assert.equal(refused.status, 422);
    assert.match(await refused.text(), /"path":"type"/);
  });

  it('reveals who filed a submission and records the reveal (the reference, never the number)', async () => {
    const filed = await store.create(
      draft({ user: { channel: 'whatsapp', id: '919800004242', name: 'Asha' } }),
    );
    const response = await api(`/api/v1/submissions/${filed.reference}/contact`, { method: 'POST' });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { channel: 'whatsapp', userId: '919800004242', name: 'Asha' });
    const records: string[] = [];
    for await (const name of app.storage.system.list(AUDIT_PREFIX)) {
      const record = await app.storage.system.getJson(name, auditRecordSchema);
      if (record) records.push(JSON.stringify(record.value));
    }
    const reveal = records.find((r) => r.includes('submission.contact'));
    assert.ok(reveal?.includes(filed.reference), records.join('\n'));
    assert.ok(!records.some((r) => r.includes('919800004242')), 'the number is not in the audit trail');

    assert.equal((await api('/api/v1/submissions/GR-0000ZZ/contact', { method: 'POST' })).status, 404);
    assert.equal(
      (await api(`/api/v1/submissions/${filed.reference}/contact`, { method: 'POST', key: null })).status,
      401,
    );
  });

  it('masks the person’s id with mask=true (list, one, CSV); reaches them through the submission', async () => {
    const number = '919800005151';
    const filed = await store.create(draft({ user: { channel: 'whatsapp', id: number, name: 'Ravi' } }));
    const one = z
      .object({ user: z.object({ id: z.string(), name: z.string() }) })
      .parse(await (await api(`/api/v1/submissions/${filed.reference}?mask=true`)).json());
    assert.deepEqual(one.user, { id: '91••••••••51', name: 'Ravi' });
    const unmasked = await (await api(`/api/v1/submissions/${filed.reference}`)).text();
    assert.ok(unmasked.includes(number), 'without mask, the API answers the id as before');
    const list = await (await api('/api/v1/submissions?mask=true&limit=200')).text();
    assert.ok(list.includes(filed.reference) && !list.includes(number), 'the list masks it');
    const csv = await (await api('/api/v1/submissions?mask=true&format=csv')).text();
    assert.ok(csv.includes(filed.reference) && !csv.includes(number), 'the CSV masks it');
    assert.equal((await api('/api/v1/submissions?mask=yes')).status, 422);

    const conversation = await api(`/api/v1/submissions/${filed.reference}/conversation`);
    assert.equal(conversation.status, 200);
    assert.deepEqual(await conversation.json(), { items: [], next: null });
    assert.equal((await api('/api/v1/submissions/GR-0000ZZ/conversation')).status, 404);
    const blank = await callApi(app.url, `/api/v1/submissions/${filed.reference}/messages`, {
      key: KEY,
      method: 'POST',
      body: JSON.stringify({}),
    });
    assert.equal(blank.status, 422);
    assert.match(await blank.text(), /"path":"text","message":"one of text, template or media is required"/);
  });

  it("serves the console's files under a strict policy, revalidated by ETag; an unknown name is 404", async () => {
    const page = await fetch(`${app.url}/console`);
    assert.equal(page.status, 200);
    const policy = page.headers.get('content-security-policy') ?? '';
    assert.match(policy, /script-src 'self'/);
    assert.match(policy, /frame-ancestors 'none'/);
    assert.match(await page.text(), /<script type="module" src="\/console\/main.js">/);
    const script = await fetch(`${app.url}/console/main.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    const etag = script.headers.get('etag') ?? '';
    assert.ok(etag !== '');
    const again = await fetch(`${app.url}/console/main.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
    for (const name of ['nope.js', '..%2Fpackage.json', 'tsconfig.json'])
      assert.equal((await fetch(`${app.url}/console/${name}`)).status, 404, name);
  });
});

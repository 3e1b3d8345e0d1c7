/**
 * The operator API through the real server and storage: keys (401 the same without one and with a wrong
 * one), names, validation (422 naming the field, 400 for unparseable JSON), the audit record, the rate
 * cap, the development key kept in storage, production without keys, and the OpenAPI document.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { AUDIT_PREFIX, auditRecordSchema } from '../../../../src/app/operatorApi/auditTrail';
import { uniquePrefix } from '../../../helpers/azurite';
import { NOTE_ROUTE, callApi, operatorKey } from '../../../helpers/operatorApi';
import { openApiProblems } from '../../../helpers/openApiShape';
import { officialOpenApiErrors } from '../../../helpers/officialOpenApi';
import { startTestApp, type TestApp } from '../../../helpers/testApp';

const ALICE = operatorKey('alice');
const UNNAMED = operatorKey('unnamed');

describe('operator API', function () {
  this.timeout(30_000);

  describe('with OPERATOR_API_KEYS', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp(
        { OPERATOR_API_KEYS: `alice:${ALICE}, ${UNNAMED}`, OPERATOR_API_REQUESTS_PER_MINUTE: '1000' },
        { operatorRoutes: [NOTE_ROUTE] },
      );
    });
    after(() => app.stop());

    it('answers 401 with the same body without a key and with a wrong one', async () => {
      const missing = await callApi(app.url, '/api/v1/whoami');
      const wrong = await callApi(app.url, '/api/v1/whoami', { key: operatorKey('mallory') });
      const almost = await callApi(app.url, '/api/v1/whoami', { key: `${ALICE}x` });
      assert.deepEqual(
        [missing.status, wrong.status, almost.status],
        [401, 401, 401],
        'every request without one of our keys is refused',
      );
      const bodies = await Promise.all([missing.text(), wrong.text(), almost.text()]);
      assert.equal(bodies[1], bodies[0]);
      assert.equal(bodies[2], bodies[0]);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    });

    it('names the key the request carries: its name, or a hash of an unnamed key', async () => {
      const alice = await callApi(app.url, '/api/v1/whoami', { key: ALICE });
      assert.equal(alice.status, 200);
      assert.deepEqual(await alice.json(), { name: 'alice' });
      const unnamed = await callApi(app.url, '/api/v1/whoami', { key: UNNAMED });
      const body: unknown = await unnamed.json();
      assert.match(JSON.stringify(body), /^\{"name":"key-[0-9a-f]{8}"\}$/);
      assert.ok(!JSON.stringify(body).includes(UNNAMED.slice(0, 8)));
    });

    it('answers 422 naming the field of a body that breaks the schema, and 400 for unparseable JSON', async () => {
      const bad = await callApi(app.url, '/api/v1/test-notes/TN-1', {
        key: ALICE,
        method: 'PATCH',
        body: JSON.stringify({ status: 'maybe' }),
      });
      assert.equal(bad.status, 422);
      const refusal = refusal422.parse(await bad.json());
      assert.equal(refusal.error.code, 'invalid_request');
      assert.deepEqual(
        refusal.error.fields.map((f) => f.path),
        ['status'],
      );
      const badParam = await callApi(app.url, '/api/v1/test-notes/nope', {
        key: ALICE,
        method: 'PATCH',
        body: JSON.stringify({ status: 'open' }),
      });
      assert.equal(badParam.status, 422);
      assert.deepEqual(
        refusal422.parse(await badParam.json()).error.fields.map((f) => f.path),
        ['reference'],
      );
      const unparseable = await callApi(app.url, '/api/v1/test-notes/TN-1', {
        key: ALICE,
        method: 'PATCH',
        body: '{"status": ',
      });
      assert.equal(unparseable.status, 400);
    });

    it('keeps an audit record of a change: who, what, which, when; none of a refused request', async () => {
      const started = new Date();
      const changed = await callApi(app.url, '/api/v1/test-notes/TN-7', {
        key: ALICE,
        method: 'PATCH',
        body: JSON.stringify({ status: 'closed', note: 'done' }),
      });
      assert.equal(changed.status, 200);
      assert.deepEqual(await changed.json(), { reference: 'TN-7', status: 'closed' });
      const records = await app.app.operatorApi.audit.day(started.toISOString().slice(0, 10));
      assert.deepEqual(
        records.map(({ operator, action, target }) => ({ operator, action, target })),
        [{ operator: 'alice', action: 'test-note.status', target: 'TN-7' }],
        'one record: the refused requests of the test before left none',
      );
      assert.ok(Date.parse(records[0]?.at ?? '') >= started.getTime() - 1_000);
      const names: string[] = [];
      for await (const name of app.storage.system.list(AUDIT_PREFIX)) names.push(name);
      assert.equal(names.length, 1);
      const stored = await app.storage.system.getJson(names[0] ?? '', auditRecordSchema);
      assert.ok(stored, 'the record is a document of the system container');
    });

    it('serves an OpenAPI 3.1 document that lists every declared route', async () => {
      const response = await callApi(app.url, '/api/v1/openapi.json', { key: ALICE });
      assert.equal(response.status, 200);
      const document: unknown = await response.json();
      assert.deepEqual(openApiProblems(document), []);
      assert.deepEqual(await officialOpenApiErrors(document), [], "valid by the OpenAPI Initiative's schema");
      const listed = operationsOf(document);
      assert.deepEqual(
        listed,
        app.app.operatorApi.table.map((r) => `${r.method.toLowerCase()} ${r.path}`).sort(),
      );
      assert.ok(listed.includes('patch /api/v1/test-notes/{reference}'));
      assert.ok(listed.includes('get /api/v1/whoami'));
    });

    it('is refused without a key too (the document is behind the same keys)', async () => {
      assert.equal((await callApi(app.url, '/api/v1/openapi.json')).status, 401);
    });
  });

  it('answers 429 with Retry-After beyond the cap of requests a minute per key', async () => {
    const bob = operatorKey('bob');
    const carol = operatorKey('carol');
    const app = await startTestApp({
      OPERATOR_API_KEYS: `bob:${bob},carol:${carol}`,
      OPERATOR_API_REQUESTS_PER_MINUTE: '3',
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push((await callApi(app.url, '/api/v1/whoami', { key: bob })).status);
      assert.deepEqual(statuses, [200, 200, 200, 429]);
      const capped = await callApi(app.url, '/api/v1/whoami', { key: bob });
      assert.equal(capped.status, 429);
      const retryAfter = Number(capped.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 20, `Retry-After ${retryAfter}`);
      assert.equal((await callApi(app.url, '/api/v1/whoami', { key: carol })).status, 200, 'per key');
    } finally {
      await app.stop();
    }
  });

  it('in development without keys, uses one key kept in storage, the same after a restart', async () => {
    const prefix = uniquePrefix();
    const first = await startTestApp({ NODE_ENV: 'development', STORAGE_CONTAINER_PREFIX: prefix });
    let key: string;
    try {
      const developmentKey = first.app.operatorApi.developmentKey;
      assert.ok(developmentKey, 'a development key without OPERATOR_API_KEYS');
      key = await developmentKey();
      assert.ok(key.length >= 32);
      const whoami = await callApi(first.url, '/api/v1/whoami', { key });
      assert.deepEqual(await whoami.json(), { name: 'development' });
    } finally {
      await first.stop();
    }
    const second = await startTestApp({ NODE_ENV: 'development', STORAGE_CONTAINER_PREFIX: prefix });
    try {
      assert.equal(await second.app.operatorApi.developmentKey?.(), key);
      assert.equal((await callApi(second.url, '/api/v1/whoami', { key })).status, 200);
    } finally {
      await second.stop();
    }
  });

  it('with OPERATOR_API_KEYS set, no development key works, and a removed key stops working', async () => {
    const prefix = uniquePrefix();
    const before = await startTestApp({ STORAGE_CONTAINER_PREFIX: prefix, OPERATOR_API_KEYS: ALICE });
    await before.stop();
    const after = await startTestApp({ STORAGE_CONTAINER_PREFIX: prefix, OPERATOR_API_KEYS: UNNAMED });
    try {
      assert.equal(after.app.operatorApi.developmentKey, undefined);
      assert.equal((await callApi(after.url, '/api/v1/whoami', { key: ALICE })).status, 401);
      assert.equal((await callApi(after.url, '/api/v1/whoami', { key: UNNAMED })).status, 200);
    } finally {
      await after.stop();
    }
  });

  it('in production without keys, is not mounted (404) and says why', async () => {
    const app = await startTestApp({ NODE_ENV: 'production' });
    try {
      assert.equal(app.app.operatorApi.mounted, false);
      assert.match(app.app.operatorApi.reason, /OPERATOR_API_KEYS/);
      assert.equal((await callApi(app.url, '/api/v1/whoami', { key: ALICE })).status, 404);
      assert.equal((await callApi(app.url, '/api/v1/openapi.json')).status, 404);
    } finally {
      await app.stop();
    }
  });

  it('in production with keys, is mounted', async () => {
    const app = await startTestApp({ NODE_ENV: 'production', OPERATOR_API_KEYS: `ops:${ALICE}` });
    try {
      assert.deepEqual(await (await callApi(app.url, '/api/v1/whoami', { key: ALICE })).json(), {
        name: 'ops',
      });
    } finally {
      await app.stop();
    }
  });
});

const refusal422 = z.object({
  error: z.object({
    code: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })),
  }),
});

function operationsOf(document: unknown): string[] {
  const { paths } = z
    .object({ paths: z.record(z.string(), z.record(z.string(), z.unknown())) })
    .parse(document);
  return Object.entries(paths)
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`))
    .sort();
}

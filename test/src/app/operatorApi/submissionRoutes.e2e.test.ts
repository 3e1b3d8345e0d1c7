/**
 * Reading the operator API's submissions through the real server, Azurite and the fake Graph server: a
 * grievance filed in Hindi on WhatsApp with a photo, then shown, listed (each filter, paging), exported as
 * CSV (all of the selection), its photo downloaded; refusals (401, 404, 422); the OpenAPI document.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { whatsAppApp } from '../../../helpers/appOnGraph';
import type { FakeMedia } from '../../../helpers/fakeGraph';
import { openApiProblems } from '../../../helpers/openApiShape';
import { callApi } from '../../../helpers/operatorApi';
import {
  HINDI_TEXT,
  KEY,
  NUMBER,
  api,
  draft,
  fileHindiGrievance,
  pageShape,
  storeOf,
  submissionShape,
} from '../../../helpers/submissionsApi';
import type { Sender } from '../../../helpers/whatsappWebhooks';

describe('operator API: reading submissions', function () {
  this.timeout(60_000);
  const rig = whatsAppApp(NUMBER, {
    env: { OPERATOR_API_KEYS: `alice:${KEY}`, OPERATOR_API_REQUESTS_PER_MINUTE: '10000' },
  });
  const hindi: Sender = { waId: '919800000601' };
  let filed: { reference: string; photo: FakeMedia };
  before(async () => {
    filed = await fileHindiGrievance(rig, hindi);
  });

  it('refuses every route without a key (401)', async () => {
    const paths = [
      '/api/v1/submissions',
      `/api/v1/submissions/${filed.reference}`,
      `/api/v1/submissions/${filed.reference}/media/0`,
    ];
    for (const path of paths) assert.equal((await api(rig, path, { key: null })).status, 401, path);
    const patch = await api(rig, `/api/v1/submissions/${filed.reference}`, {
      key: null,
      method: 'PATCH',
      body: { status: 'accepted' },
    });
    assert.equal(patch.status, 401);
  });

  it('shows the filed grievance: its Hindi, its locale, its photo as a download URL', async () => {
    const response = await api(rig, `/api/v1/submissions/${filed.reference}`);
    assert.equal(response.status, 200);
    const shown = submissionShape.parse(await response.json());
    assert.deepEqual(
      [shown.type, shown.status, shown.locale, shown.text],
      ['grievance', 'submitted', 'hi', HINDI_TEXT],
    );
    assert.deepEqual(shown.media, [
      { url: `/api/v1/submissions/${filed.reference}/media/0`, contentType: 'image/jpeg' },
    ]);
  });

  it('answers 404 for a reference or a media index that does not exist, 422 for an unknown status', async () => {
    assert.equal((await api(rig, '/api/v1/submissions/GR-000000')).status, 404);
    assert.equal((await api(rig, '/api/v1/submissions/GR-000000/media/0')).status, 404);
    assert.equal((await api(rig, `/api/v1/submissions/${filed.reference}/media/1`)).status, 404);
    const unknown = await api(rig, '/api/v1/submissions/GR-000000', {
      method: 'PATCH',
      body: { status: 'accepted' },
    });
    assert.equal(unknown.status, 404);
    const wrong = await api(rig, `/api/v1/submissions/${filed.reference}`, {
      method: 'PATCH',
      body: { status: 'closed' },
    });
    assert.equal(wrong.status, 422);
    const refusal = z.object({ error: z.object({ fields: z.array(z.object({ path: z.string() })) }) });
    assert.deepEqual(
      refusal.parse(await wrong.json()).error.fields.map((f) => f.path),
      ['status'],
    );
    const shown = submissionShape.parse(
      await (await api(rig, `/api/v1/submissions/${filed.reference}`)).json(),
    );
    assert.equal(shown.status, 'submitted', 'a refused change changes nothing');
  });

  it('downloads the photo: the bytes and the content type that were stored', async () => {
    const response = await api(rig, `/api/v1/submissions/${filed.reference}/media/0`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), filed.photo.data);
  });

  it('lists newest first with each filter, and pages with the cursor', async () => {
    const store = storeOf(rig);
    const day = (n: number) => new Date(Date.UTC(2026, 9, n, 10));
    const a = await store.create(draft({}), day(1));
    const b = await store.create(draft({ type: 'work_demand' }), day(2));
    const c = await store.create(draft({ type: 'story' }), day(3));
    const d = await store.create(draft({ community: { id: 'list-b', name: 'List B' } }), day(4));
    await store.changeStatus(a.reference, { status: 'under_review', by: 'test' });
    const refs = async (query: string): Promise<string[]> => {
      const response = await api(rig, `/api/v1/submissions?${query}`);
      assert.equal(response.status, 200, query);
      return pageShape.parse(await response.json()).items.map((s) => s.reference);
    };
    assert.deepEqual(await refs('community=list-a'), [c.reference, b.reference, a.reference]);
    assert.deepEqual(await refs('community=list-a&type=work_demand'), [b.reference]);
    assert.deepEqual(await refs('community=list-a&status=under_review'), [a.reference]);
    assert.deepEqual(await refs('since=2026-10-02T00:00:00Z&until=2026-10-04'), [c.reference, b.reference]);
    assert.deepEqual(await refs('community=list-b'), [d.reference]);
    const newest = await refs('limit=1');
    assert.deepEqual(newest, [filed.reference], 'the grievance filed today is the newest');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `community=list-a&limit=2${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = pageShape.parse(await (await api(rig, `/api/v1/submissions?${query}`)).json());
      assert.ok(page.items.length <= 2);
      seen.push(...page.items.map((s) => s.reference));
      cursor = page.next;
    } while (cursor !== null);
    assert.deepEqual(seen, [c.reference, b.reference, a.reference]);
    assert.equal((await api(rig, '/api/v1/submissions?type=tanker')).status, 422);
    assert.equal((await api(rig, '/api/v1/submissions?since=yesterday')).status, 422);
    assert.equal((await api(rig, '/api/v1/submissions?limit=0')).status, 422);
  });

  it('exports the whole selection as CSV: BOM, header, a Hindi row quoted, formulas defused', async () => {
    const store = storeOf(rig);
    const formula = await store.create(
      draft({ community: { id: 'csv', name: 'CSV' }, text: '=HYPERLINK("http://x")' }),
    );
    const plain = await store.create(draft({ community: { id: 'csv', name: 'CSV' }, text: 'plain' }));
    const response = await callApi(rig.app.url, '/api/v1/submissions?limit=1', {
      key: KEY,
      accept: 'text/csv',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.match(lines[0] ?? '', /^reference,type,status,created_at,community_id,/);
    const rowOf = (reference: string) => lines.find((l) => l.startsWith(`${reference},`)) ?? '';
    assert.ok(
      rowOf(filed.reference).includes(',"हैंडपंप दो महीने से खराब है, ""जल्दी"" ठीक करें",'),
      rowOf(filed.reference),
    );
    assert.ok(rowOf(formula.reference).includes(`,"'=HYPERLINK(""http://x"")",`), rowOf(formula.reference));
    assert.ok(rowOf(plain.reference).includes(',plain,'));
    assert.ok(lines.length > 3, 'limit=1 does not cut the export to one page');
    const byFormat = await api(rig, '/api/v1/submissions?format=csv&community=csv');
    assert.equal(byFormat.headers.get('content-type'), 'text/csv; charset=utf-8');
    const rows = (await byFormat.text()).split('\r\n').filter((l) => l !== '');
    assert.deepEqual(
      rows.slice(1).map((l) => l.split(',')[0]),
      [plain.reference, formula.reference],
    );
  });

  it('exports more than one page of the index (over 200 submissions) in one CSV, newest first', async () => {
    const store = storeOf(rig);
    const community = { id: 'csv-many', name: 'Many' };
    const made: string[] = [];
    for (let batch = 0; batch < 5; batch += 1) {
      const created = await Promise.all(
        Array.from({ length: 41 }, (_, i) =>
          store.create(draft({ community }), new Date(Date.UTC(2026, 8, 1, 0, batch * 41 + i))),
        ),
      );
      made.push(...created.map((s) => s.reference));
    }
    const response = await api(rig, '/api/v1/submissions?format=csv&community=csv-many');
    assert.equal(response.status, 200);
    const rows = (await response.text()).split('\r\n').filter((l) => l !== '');
    assert.deepEqual(
      rows.slice(1).map((l) => l.split(',')[0]),
      [...made].reverse(),
    );
  });

  it('describes the CSV and the media downloads in the OpenAPI document by their content types', async () => {
    const document: unknown = await (await api(rig, '/api/v1/openapi.json')).json();
    assert.deepEqual(openApiProblems(document), []);
    const contentOf = (path: string) =>
      Object.keys(Object(Object(Object(document).paths)[path]).get.responses['200'].content).sort();
    assert.deepEqual(contentOf('/api/v1/submissions'), ['application/json', 'text/csv']);
    assert.deepEqual(contentOf('/api/v1/submissions/{reference}/media/{index}'), [
      'application/*',
      'audio/*',
      'image/*',
      'video/*',
    ]);
  });
});

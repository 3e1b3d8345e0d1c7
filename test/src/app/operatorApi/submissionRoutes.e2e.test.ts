/**
 * The operator API's submissions through the real server, Azurite and the fake Graph server: a grievance
 * filed in Hindi on WhatsApp with a photo, then listed (each filter, paging), exported as CSV, its photo
 * downloaded, and its status changed, which tells the person in Hindi inside their window (and shows the
 * delivery statuses Meta reports), by the template outside it, or not at all without a template.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SubmissionStore, type NewSubmission } from '../../../../src/domain/submissions/submissionStore';
import { DocumentStore } from '../../../../src/durable/storage/documentStore';
import {
  messengerApp,
  replyText,
  whatsAppApp,
  type AppOnGraph,
  type WhatsAppApp,
} from '../../../helpers/appOnGraph';
import { graphError, messageSends, type FakeMedia } from '../../../helpers/fakeGraph';
import { openApiProblems } from '../../../helpers/openApiShape';
import { callApi, operatorKey } from '../../../helpers/operatorApi';
import { BUILT_IN_SUBMISSION_TYPES } from '../../../helpers/submissionTypes';
import { location, media, statusWebhook, text, type Sender } from '../../../helpers/whatsappWebhooks';

const KEY = operatorKey('alice');
const NUMBER = {
  phoneNumberId: '880000000613',
  token: 'EAAsubmissions-token',
  appSecret: 'submissions-app-secret',
};
/** A second number of the same deployment (CHANNELS_FILE): a notice leaves from the one the person used. */
const SECOND = { phoneNumberId: '880000000614', token: 'EAAsubmissions-second', appSecret: NUMBER.appSecret };
const PAGE = { pageId: '770000000613', token: 'EAApage', appSecret: 'page-secret', verifyToken: 'v' };
const HINDI_TEXT = 'हैंडपंप दो महीने से खराब है, "जल्दी" ठीक करें';
const REFERENCE = /\b(?:GR|WD|ST)-[0-9A-HJKMNP-TV-Z]{6}\b/;

const notificationShape = z.object({
  state: z.string(),
  via: z.string().optional(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
  at: z.string(),
  statuses: z.array(z.object({ status: z.string(), time: z.string() })).optional(),
});
const submissionShape = z.object({
  reference: z.string(),
  type: z.string(),
  status: z.string(),
  locale: z.string(),
  text: z.string().optional(),
  community: z.object({ id: z.string() }),
  media: z.array(z.object({ url: z.string(), contentType: z.string() })),
  statusHistory: z.array(
    z.object({
      status: z.string(),
      by: z.string().optional(),
      note: z.string().optional(),
      notification: notificationShape.optional(),
    }),
  ),
});
const pageShape = z.object({ items: z.array(submissionShape), next: z.string().nullable() });
const changedShape = submissionShape.extend({ notification: notificationShape });

const api = (
  rig: AppOnGraph,
  path: string,
  options: { method?: string; body?: unknown; key?: string | null } = {},
) =>
  callApi(rig.app.url, path, {
    ...(options.key === null ? {} : { key: options.key ?? KEY }),
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });

/** The operator API's own store, opened beside it (submissions of people who never wrote, set times). */
const storeOf = (rig: AppOnGraph) =>
  new SubmissionStore(new DocumentStore(rig.app.storage.account, 'submissions'), BUILT_IN_SUBMISSION_TYPES);

const draft = (over: Partial<NewSubmission>): NewSubmission => ({
  type: 'grievance',
  user: { channel: 'whatsapp', id: '919800000699' },
  channel: 'whatsapp',
  line: { channel: 'whatsapp', id: NUMBER.phoneNumberId },
  community: { id: 'list-a', name: 'List A' },
  text: 'made by the test',
  media: [],
  locale: 'en',
  ...over,
});

function secondNumberFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'submissions-channels-')), 'channels.json');
  const entry = { type: 'whatsapp', ...SECOND, accessToken: SECOND.token, verifyToken: 'verify' };
  const { token: _token, ...withoutToken } = entry;
  writeFileSync(file, JSON.stringify({ channels: [withoutToken] }));
  return file;
}

const sendsTo = (rig: WhatsAppApp, sender: Sender) =>
  rig.graph.sent('whatsapp').filter((r) => messageSends(r.body) && Object(r.body).to === sender.waId);

/** Walks a Hindi speaker through a grievance with one photo; gives its reference and the photo. */
async function fileHindiGrievance(
  rig: WhatsAppApp,
  sender: Sender,
): Promise<{ reference: string; photo: FakeMedia }> {
  const photo = rig.graph.registerMedia(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7, 7]), 'image/jpeg');
  const sha256 = createHash('sha256').update(photo.data).digest('base64');
  for (const message of [
    text(sender, 'नमस्ते'),
    text(sender, 'हिन्दी'),
    location(sender, 24.37, 73.17),
    text(sender, '1'),
    text(sender, 'शिकायत दर्ज करें'),
    text(sender, '24.371, 73.172'),
    text(sender, HINDI_TEXT),
    media(sender, 'image', { id: photo.id, mime_type: 'image/jpeg', sha256 }),
    text(sender, 'हो गया'),
    text(sender, 'दर्ज करें'),
  ])
    await rig.say(sender, message);
  const last = replyText(rig.repliesTo(sender).find((r) => REFERENCE.test(replyText(r))));
  const reference = REFERENCE.exec(last)?.[0];
  assert.ok(
    reference,
    `the person was given a reference: ${rig.repliesTo(sender).map(replyText).join(' | ')}`,
  );
  return { reference, photo };
}

describe('operator API: submissions', function () {
  this.timeout(60_000);

  describe('with a WhatsApp number and SUBMISSION_UPDATE_TEMPLATE', () => {
    const rig = whatsAppApp(NUMBER, {
      env: {
        OPERATOR_API_KEYS: `alice:${KEY}`,
        OPERATOR_API_REQUESTS_PER_MINUTE: '10000',
        SUBMISSION_UPDATE_TEMPLATE: 'submission_update',
        CHANNELS_FILE: secondNumberFile(),
      },
      graph: { tokens: [SECOND.token] },
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

    it('tells the Hindi speaker in Hindi inside the window, and shows the delivery statuses Meta reports', async () => {
      const before = sendsTo(rig, hindi).length;
      const response = await api(rig, `/api/v1/submissions/${filed.reference}`, {
        method: 'PATCH',
        body: { status: 'accepted', note: 'अगले हफ़्ते मरम्मत होगी' },
      });
      assert.equal(response.status, 200);
      const changed = changedShape.parse(await response.json());
      assert.equal(changed.status, 'accepted');
      assert.deepEqual(
        changed.statusHistory.at(-1) && [
          changed.statusHistory.at(-1)?.status,
          changed.statusHistory.at(-1)?.by,
        ],
        ['accepted', 'alice'],
      );
      assert.equal(changed.notification.state, 'sent');
      assert.equal(changed.notification.via, 'text');
      const told = sendsTo(rig, hindi).slice(before);
      assert.equal(told.length, 1);
      const said = replyText(told[0]);
      assert.ok(said.includes(filed.reference), said);
      assert.ok(said.includes('स्वीकृत'), said);
      assert.ok(said.includes('अगले हफ़्ते मरम्मत होगी'), said);
      assert.equal(told[0]?.path, `/v24.0/${NUMBER.phoneNumberId}/messages`);

      const messageId = changed.notification.messageId ?? '';
      assert.ok(messageId !== '');
      const { items } = await rig.app.app.history.list({ channel: 'whatsapp', userId: hindi.waId, limit: 5 });
      const recorded = items.find((i) => i.messageId === messageId);
      assert.deepEqual(
        recorded && [recorded.direction, recorded.by],
        ['out', 'operator:alice'],
        'in the history',
      );
      for (const status of ['sent', 'delivered'] as const)
        assert.equal(
          (await rig.deliver(statusWebhook(NUMBER.phoneNumberId, hindi, messageId, status))).status,
          200,
        );
      const shown = submissionShape.parse(
        await (await api(rig, `/api/v1/submissions/${filed.reference}`)).json(),
      );
      const notification = shown.statusHistory.at(-1)?.notification;
      assert.deepEqual(
        notification?.statuses?.map((s) => s.status),
        ['sent', 'delivered'],
      );
      assert.equal(notification?.messageId, messageId);
    });

    it('outside the window, sends the template in their language from the number they used', async () => {
      const silent: Sender = { waId: '919800000602' };
      const store = storeOf(rig);
      const made = await store.create(
        draft({
          user: { channel: 'whatsapp', id: silent.waId },
          line: { channel: 'whatsapp', id: SECOND.phoneNumberId },
          locale: 'hi',
        }),
      );
      const response = await api(rig, `/api/v1/submissions/${made.reference}`, {
        method: 'PATCH',
        body: { status: 'resolved' },
      });
      assert.equal(response.status, 200);
      const changed = changedShape.parse(await response.json());
      assert.deepEqual([changed.notification.state, changed.notification.via], ['sent', 'template']);
      const sent = sendsTo(rig, silent);
      assert.equal(sent.length, 1);
      assert.equal(
        sent[0]?.path,
        `/v24.0/${SECOND.phoneNumberId}/messages`,
        'from the number the person used',
      );
      assert.equal(sent[0]?.headers.authorization, `Bearer ${SECOND.token}`);
      const body = z
        .object({
          type: z.literal('template'),
          template: z.object({
            name: z.string(),
            language: z.object({ code: z.string() }),
            components: z.array(
              z.object({ type: z.string(), parameters: z.array(z.object({ text: z.string() })) }),
            ),
          }),
        })
        .parse(sent[0]?.body);
      assert.equal(body.template.name, 'submission_update');
      assert.equal(body.template.language.code, 'hi');
      assert.deepEqual(
        body.template.components.find((c) => c.type === 'body')?.parameters.map((p) => p.text),
        [made.reference, 'हल हो गई'],
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

    it('records each change in the audit trail', async () => {
      const records = await rig.app.app.operatorApi.audit.day(new Date().toISOString().slice(0, 10));
      const changes = records.filter((r) => r.action === 'submission.status');
      assert.ok(changes.some((r) => r.target === filed.reference && r.operator === 'alice'));
    });
  });

  describe('without SUBMISSION_UPDATE_TEMPLATE', () => {
    const rig = whatsAppApp(NUMBER, { env: { OPERATOR_API_KEYS: `alice:${KEY}` } });

    it('keeps the change when the platform refuses the notice, and says it failed', async () => {
      const writer: Sender = { waId: '919800000604' };
      await rig.say(writer, text(writer, 'hi'));
      const made = await storeOf(rig).create(draft({ user: { channel: 'whatsapp', id: writer.waId } }));
      rig.graph.failNext({ status: 400, body: graphError(131008, 'Required parameter is missing') });
      const response = await api(rig, `/api/v1/submissions/${made.reference}`, {
        method: 'PATCH',
        body: { status: 'under_review' },
      });
      assert.equal(response.status, 200);
      const changed = changedShape.parse(await response.json());
      assert.deepEqual([changed.status, changed.notification.state], ['under_review', 'failed']);
      assert.equal(changed.notification.reason, 'channel_api_error');
      const warned = rig.app.logs.filter((l) => l.line.includes('a status notice was not sent'));
      assert.equal(warned.length, 1);
      assert.ok(!rig.app.logs.some((l) => l.line.includes(writer.waId)), 'no phone number in the log');
    });

    it('outside the window, stores the change and says the person could not be told; sends nothing', async () => {
      const silent: Sender = { waId: '919800000603' };
      const made = await storeOf(rig).create(draft({ user: { channel: 'whatsapp', id: silent.waId } }));
      const response = await api(rig, `/api/v1/submissions/${made.reference}`, {
        method: 'PATCH',
        body: { status: 'rejected', note: 'duplicate' },
      });
      assert.equal(response.status, 200);
      const changed = changedShape.parse(await response.json());
      const { at, ...notification } = changed.notification;
      assert.deepEqual(notification, { state: 'not_sent', reason: 'window_closed' });
      assert.ok(Math.abs(Date.parse(at) - Date.now()) < 60_000);
      assert.equal(changed.status, 'rejected');
      assert.equal(sendsTo(rig, silent).length, 0, 'nothing was sent');
      const shown = submissionShape.parse(
        await (await api(rig, `/api/v1/submissions/${made.reference}`)).json(),
      );
      assert.deepEqual(
        shown.statusHistory.map((e) => [e.status, e.note, e.notification?.state]),
        [
          ['submitted', undefined, undefined],
          ['rejected', 'duplicate', 'not_sent'],
        ],
      );
    });
  });

  describe('on Messenger, outside the window without MESSENGER_MESSAGE_TAG', () => {
    const rig = messengerApp(PAGE, { env: { OPERATOR_API_KEYS: `alice:${KEY}` } });

    it('stores the change and says the person could not be told; sends nothing', async () => {
      const psid = 'PSID-SUBMISSIONS-1';
      const made = await storeOf(rig).create(
        draft({
          user: { channel: 'messenger', id: psid },
          channel: 'messenger',
          line: { channel: 'messenger', id: PAGE.pageId },
        }),
      );
      const response = await api(rig, `/api/v1/submissions/${made.reference}`, {
        method: 'PATCH',
        body: { status: 'accepted' },
      });
      assert.equal(response.status, 200);
      const changed = changedShape.parse(await response.json());
      assert.deepEqual(
        [changed.status, changed.notification.state, changed.notification.reason],
        ['accepted', 'not_sent', 'window_closed'],
      );
      assert.equal(rig.repliesTo(psid).length, 0);
    });
  });
});

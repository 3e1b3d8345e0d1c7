/**
 * Changing a submission's status through the operator API, with the real server, Azurite and the fake
 * Graph server: the change is kept with who made it and its note, audited, and the person is told in
 * their language: inside their window as text (the delivery statuses Meta reports then shown on the
 * notification), outside it by SUBMISSION_UPDATE_TEMPLATE from the number they used, or not at all.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { messengerApp, replyText, whatsAppApp } from '../../../helpers/appOnGraph';
import { graphError, type FakeMedia } from '../../../helpers/fakeGraph';
import {
  KEY,
  NUMBER,
  PAGE,
  SECOND,
  api,
  changedShape,
  draft,
  fileHindiGrievance,
  secondNumberFile,
  sendsTo,
  storeOf,
  submissionShape,
} from '../../../helpers/submissionsApi';
import { statusWebhook, text, type Sender } from '../../../helpers/whatsappWebhooks';

describe('operator API: status changes', function () {
  this.timeout(60_000);

  describe('with a WhatsApp number and SUBMISSION_UPDATE_TEMPLATE', () => {
    const rig = whatsAppApp(NUMBER, {
      env: {
        OPERATOR_API_KEYS: `alice:${KEY}`,
        SUBMISSION_UPDATE_TEMPLATE: 'submission_update',
        CHANNELS_FILE: secondNumberFile(),
      },
      graph: { tokens: [SECOND.token] },
    });
    const hindi: Sender = { waId: '919800000611' };
    let filed: { reference: string; photo: FakeMedia };
    before(async () => {
      filed = await fileHindiGrievance(rig, hindi);
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

    it('tells no one who sent STOP, not even by the template, and says so on the change', async () => {
      const stopped: Sender = { waId: '919800000605' };
      await rig.say(stopped, text(stopped, 'STOP'));
      const made = await storeOf(rig).create(draft({ user: { channel: 'whatsapp', id: stopped.waId } }));
      const before = sendsTo(rig, stopped).length;
      const response = await api(rig, `/api/v1/submissions/${made.reference}`, {
        method: 'PATCH',
        body: { status: 'accepted' },
      });
      assert.equal(response.status, 200);
      const changed = changedShape.parse(await response.json());
      assert.deepEqual(
        [changed.status, changed.notification.state, changed.notification.reason],
        ['accepted', 'not_sent', 'opted_out'],
      );
      assert.equal(sendsTo(rig, stopped).length, before, 'nothing reached the fake Graph server');
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

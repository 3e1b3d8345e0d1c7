/**
 * Erasing a person through the operator API, on the real app over Azurite and the fake Graph server:
 * after a full WhatsApp journey with a voice note and a photo, the export holds their data; after
 * `DELETE /api/v1/people/...` no blob of any container names them, their number or a media hash, while
 * the submission's reference and status history are still read through the API; a second DELETE
 * answers the same receipt.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { whatsAppApp } from '../../../helpers/appOnGraph';
import { blobsHolding, workDemandWithMedia, type Journey } from '../../../helpers/personTraces';
import { KEY, api, submissionShape } from '../../../helpers/submissionsApi';
import type { Sender } from '../../../helpers/whatsappWebhooks';

const NUMBER = { phoneNumberId: '106540352240014', token: 'EAAerasure-token', appSecret: 'erasure-secret' };
const receiptShape = z.object({ reference: z.string(), state: z.string(), statusUrl: z.string() });
const doneShape = z.object({ state: z.string(), counts: z.record(z.string(), z.number()).optional() });

describe('erasing a person through the operator API', function () {
  this.timeout(60_000);
  let clock = new Date();
  const rig = whatsAppApp(NUMBER, {
    env: { OPERATOR_API_KEYS: `alice:${KEY}`, OPERATOR_API_REQUESTS_PER_MINUTE: '10000' },
    deps: { retentionClock: () => clock },
  });
  const asha: Sender = { waId: '919800001414', name: 'Ashalata Devi' };
  const other: Sender = { waId: '919800001415', name: 'Kamla Bai' };
  let journey: Journey;
  let otherJourney: Journey;
  before(async () => {
    journey = await workDemandWithMedia(rig, asha);
    otherJourney = await workDemandWithMedia(rig, other);
  });
  const prefix = () => rig.app.config.STORAGE_CONTAINER_PREFIX;
  const traces = () => blobsHolding(prefix(), [asha.waId, asha.name ?? '', ...journey.hashes]);

  it('exports what is stored of the person before', async () => {
    const response = await api(rig, `/api/v1/people/whatsapp/${asha.waId}/export`);
    assert.equal(response.status, 200);
    const exported = z
      .object({
        userState: z.object({ profile: z.object({ locale: z.string() }) }),
        communities: z.array(z.object({ id: z.string() })),
        submissions: z.array(z.object({ reference: z.string(), text: z.string().optional() })),
        conversation: z.array(z.object({ direction: z.string() })),
        media: z.array(z.object({ contentType: z.string(), url: z.string().nullable() })),
      })
      .parse(await response.json());
    assert.equal(exported.userState.profile.locale, 'en');
    assert.deepEqual(
      exported.submissions.map((s) => s.reference),
      [journey.reference],
    );
    assert.ok(exported.communities.length > 0 && exported.conversation.length > 10);
    assert.deepEqual(
      exported.media.filter((m) => m.url !== null).map((m) => m.contentType),
      ['audio/ogg', 'image/jpeg'],
    );
    assert.ok((await traces()).length > 20, 'the journey left traces to erase');
  });

  it('erases everything that names them, keeps the redacted submission, and answers again', async () => {
    const response = await api(rig, `/api/v1/people/whatsapp/${asha.waId}`, { method: 'DELETE' });
    assert.equal(response.status, 202);
    const receipt = receiptShape.parse(await response.json());
    assert.match(receipt.reference, /^DEL-[0-9A-Z]{12}$/);
    assert.equal(receipt.statusUrl, `/api/v1/erasures/${receipt.reference}`);
    let done = doneShape.parse(await (await api(rig, receipt.statusUrl)).json());
    for (let i = 0; i < 100 && done.state !== 'done'; i += 1) {
      await delay(50);
      done = doneShape.parse(await (await api(rig, receipt.statusUrl)).json());
    }
    assert.equal(done.state, 'done');
    assert.equal(done.counts?.submissionsRedacted, 1);

    assert.deepEqual(await traces(), [], 'no blob names them, their number or their media');
    const kept = await api(rig, `/api/v1/submissions/${journey.reference}`);
    assert.equal(kept.status, 200);
    const submission = submissionShape.parse(await kept.json());
    assert.deepEqual(
      [submission.reference, submission.type, submission.status, submission.statusHistory.length],
      [journey.reference, 'work_demand', 'submitted', 1],
    );
    assert.deepEqual([submission.text, submission.media], [undefined, []]);
    const listed = await api(rig, `/api/v1/submissions?community=${submission.community.id}`);
    assert.ok(JSON.stringify(await listed.json()).includes(journey.reference), 'still listed');
    const change = await api(rig, `/api/v1/submissions/${journey.reference}`, {
      method: 'PATCH',
      body: { status: 'accepted' },
    });
    assert.equal(change.status, 200, 'its status still changes');

    const again = await api(rig, `/api/v1/people/whatsapp/${asha.waId}`, { method: 'DELETE' });
    assert.equal(again.status, 202);
    assert.equal(receiptShape.parse(await again.json()).reference, receipt.reference);
    assert.equal((await api(rig, `/api/v1/people/whatsapp/${asha.waId}`)).status, 404);
    assert.ok((await blobsHolding(prefix(), [other.waId])).length > 20, 'the other person is untouched');
  });

  it("erases a person inactive past INACTIVE_PERSON_DAYS in the app's retention sweep, the same way", async () => {
    const before = await blobsHolding(prefix(), [other.waId]);
    assert.ok(before.length > 20);
    const { reference, hashes } = otherJourney;
    clock = new Date(Date.now() + 366 * 86_400_000); // INACTIVE_PERSON_DAYS: 365 (the default)
    const swept = await rig.app.app.retention.sweep();
    assert.equal(swept.state, 'done');
    assert.ok(swept.state === 'done');
    assert.equal(swept.counts.people?.erased, 1, 'the one person left; the erased one left no marker');
    assert.deepEqual(await blobsHolding(prefix(), [other.waId, other.name ?? '', ...hashes]), []);
    const kept = submissionShape.parse(await (await api(rig, `/api/v1/submissions/${reference}`)).json());
    assert.deepEqual([kept.reference, kept.text, kept.media], [reference, undefined, []]);
  });
});

/**
 * `GET /api/v1/people/{channel}/{userId}` through the real server, Azurite and the fake Graph server: a
 * person's language as they chose it, their communities and submissions, and whether their window is
 * open; 404 for someone of whom nothing is known.
 */
import assert from 'node:assert/strict';
import { z } from 'zod';
import { StoredMemberships } from '../../../../../src/domain/communities/storedMemberships';
import { SubmissionStore } from '../../../../../src/domain/submissions/submissionStore';
import { DocumentStore } from '../../../../../src/durable/storage/documentStore';
import { whatsAppApp } from '../../../../helpers/appOnGraph';
import { callApi, operatorEnv, operatorKey } from '../../../../helpers/operatorApi';
import { draft } from '../../../../helpers/submissionIndexContract';
import { BUILT_IN_SUBMISSION_TYPES } from '../../../../helpers/submissionTypes';
import { text } from '../../../../helpers/whatsappWebhooks';

const ALICE = operatorKey('alice');
const NUMBER = { phoneNumberId: '880000000331', token: 'EAApeople-token', appSecret: 'people-secret' };

const personSchema = z.object({
  channel: z.string(),
  userId: z.string(),
  profile: z.object({ name: z.string().nullable(), language: z.string().nullable() }),
  communities: z.array(z.object({ id: z.string(), name: z.string() })),
  submissions: z.array(
    z.object({ reference: z.string(), type: z.string(), status: z.string(), createdAt: z.string() }),
  ),
  window: z.object({ open: z.boolean() }),
});

describe('operator API: GET /api/v1/people/{channel}/{userId}', function () {
  this.timeout(30_000);
  const rig = whatsAppApp(NUMBER, {
    env: operatorEnv('alice', ALICE),
  });
  const get = (userId: string, key: string | null = ALICE) =>
    callApi(rig.app.url, `/api/v1/people/whatsapp/${userId}`, { key: key ?? undefined });

  it('answers 401 without a key', async () => {
    assert.equal((await get('919800000331', null)).status, 401);
  });

  it('gives the language a person chose, their communities and submissions, and their open window', async () => {
    const sender = { waId: '919800000332' };
    const person = { channel: 'whatsapp', id: sender.waId };
    // Joined before they write: the app's memberships keep what they read for a while.
    await new StoredMemberships(rig.app.storage.stateDocuments).join(person, {
      id: 'jhadol',
      name: 'Jhadol',
    });
    await rig.say(sender, text(sender, 'hi'));
    await rig.say(sender, text(sender, 'English'));
    const store = new SubmissionStore(
      new DocumentStore(rig.app.storage.account, 'submissions'),
      BUILT_IN_SUBMISSION_TYPES,
    );
    const older = await store.create(
      draft({ user: { channel: 'whatsapp', id: sender.waId } }),
      new Date('2026-11-01T10:00:00Z'),
    );
    const newer = await store.create(
      draft({ type: 'story', user: { channel: 'whatsapp', id: sender.waId, name: 'Sita' } }),
      new Date('2026-11-02T10:00:00Z'),
    );
    const response = await get(sender.waId);
    assert.equal(response.status, 200);
    const found = personSchema.parse(await response.json());
    assert.deepEqual(found, {
      channel: 'whatsapp',
      userId: sender.waId,
      profile: { name: 'Sita', language: 'en' },
      communities: [{ id: 'jhadol', name: 'Jhadol' }],
      submissions: [newer, older].map(({ reference, type, status, createdAt }) => ({
        reference,
        type,
        status,
        createdAt,
      })),
      window: { open: true },
    });
  });

  it('knows a person by a submission alone: no language, window closed', async () => {
    const id = '919800000333';
    const store = new SubmissionStore(
      new DocumentStore(rig.app.storage.account, 'submissions'),
      BUILT_IN_SUBMISSION_TYPES,
    );
    const made = await store.create(draft({ user: { channel: 'whatsapp', id } }));
    const found = personSchema.parse(await (await get(id)).json());
    assert.deepEqual(found.profile, { name: null, language: null });
    assert.deepEqual(
      found.submissions.map((s) => s.reference),
      [made.reference],
    );
    assert.deepEqual(found.communities, []);
    assert.deepEqual(found.window, { open: false });
  });

  it('answers 404 for someone of whom nothing is known, without naming them', async () => {
    const response = await get('919800000339');
    assert.equal(response.status, 404);
    const body = await response.text();
    assert.equal(
      z.object({ error: z.object({ code: z.string() }) }).parse(JSON.parse(body)).error.code,
      'not_found',
    );
    assert.ok(!body.includes('919800000339'));
  });
});

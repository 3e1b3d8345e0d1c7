/**
 * The operator API's submissions in tests: the app's number (and a second one, from CHANNELS_FILE), the
 * shapes of its answers, calls with a key, the store opened beside the API (submissions of people who never
 * wrote, made at set times), and a Hindi speaker who files a grievance with a photo through the webhook.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { SubmissionStore, type NewSubmission } from '../../src/domain/submissions/submissionStore';
import { DocumentStore } from '../../src/durable/storage/documentStore';
import { replyText, type AppOnGraph, type WhatsAppApp } from './appOnGraph';
import { AGREE } from './consent';
import { messageSends, type FakeMedia } from './fakeGraph';
import { callApi, operatorKey } from './operatorApi';
import { BUILT_IN_SUBMISSION_TYPES } from './submissionTypes';
import { location, media, text, type Sender } from './whatsappWebhooks';

export const KEY = operatorKey('alice');
export const NUMBER = {
  phoneNumberId: '880000000613',
  token: 'EAAsubmissions-token',
  appSecret: 'submissions-app-secret',
};
/** A second number of the same deployment (CHANNELS_FILE): a notice leaves from the one the person used. */
export const SECOND = {
  phoneNumberId: '880000000614',
  token: 'EAAsubmissions-second',
  appSecret: NUMBER.appSecret,
};
export const PAGE = { pageId: '770000000613', token: 'EAApage', appSecret: 'page-secret', verifyToken: 'v' };
export const HINDI_TEXT = 'हैंडपंप दो महीने से खराब है, "जल्दी" ठीक करें';
export const REFERENCE = /\b(?:GR|WD|ST)-[0-9A-HJKMNP-TV-Z]{6}\b/;

export const notificationShape = z.object({
  state: z.string(),
  via: z.string().optional(),
  messageId: z.string().optional(),
  reason: z.string().optional(),
  at: z.string(),
  statuses: z.array(z.object({ status: z.string(), time: z.string() })).optional(),
});
export const submissionShape = z.object({
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
export const pageShape = z.object({ items: z.array(submissionShape), next: z.string().nullable() });
export const changedShape = submissionShape.extend({ notification: notificationShape });

export const api = (
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
export const storeOf = (rig: AppOnGraph) =>
  new SubmissionStore(new DocumentStore(rig.app.storage.account, 'submissions'), BUILT_IN_SUBMISSION_TYPES);

export const draft = (over: Partial<NewSubmission>): NewSubmission => ({
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

export function secondNumberFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'submissions-channels-')), 'channels.json');
  const entry = { type: 'whatsapp', ...SECOND, accessToken: SECOND.token, verifyToken: 'verify' };
  const { token: _token, ...withoutToken } = entry;
  writeFileSync(file, JSON.stringify({ channels: [withoutToken] }));
  return file;
}

export const sendsTo = (rig: WhatsAppApp, sender: Sender) =>
  rig.graph.sent('whatsapp').filter((r) => messageSends(r.body) && Object(r.body).to === sender.waId);

/** Walks a Hindi speaker through a grievance with one photo; gives its reference and the photo. */
export async function fileHindiGrievance(
  rig: WhatsAppApp,
  sender: Sender,
): Promise<{ reference: string; photo: FakeMedia }> {
  const photo = rig.graph.registerMedia(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7, 7]), 'image/jpeg');
  const sha256 = createHash('sha256').update(photo.data).digest('base64');
  for (const message of [
    text(sender, 'नमस्ते'),
    text(sender, 'हिन्दी'),
    text(sender, AGREE.hi),
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

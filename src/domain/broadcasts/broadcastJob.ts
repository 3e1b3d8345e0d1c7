/**
 * A broadcast as stored in the system container (`<prefix>-system`), one folder per broadcast:
 *
 *   broadcasts/active/<id>                   an unfinished broadcast (every instance's worker lists these)
 *   broadcasts/jobs/<id>/job.json            what to send to whom (create-only, never changed)
 *   broadcasts/jobs/<id>/progress.json       state, the lease (holder, until) and the checkpoint (the cursor
 *                                            of the page of members being worked), written with its ETag
 *   broadcasts/jobs/<id>/cancel.json         the cancel marker (create-only)
 *   broadcasts/jobs/<id>/people/<member>/claim          create-only, right before the platform call
 *   broadcasts/jobs/<id>/people/<member>/<outcome>      after it: sent, unknown, failed.<why>, skipped.<why>
 *   broadcasts/jobs/<id>/statuses/<member>/<status>     delivery statuses of the member's message
 *   broadcasts/messages/<message id>.json    which broadcast and member a sent message belongs to
 *   broadcasts/recent.json                   until when statuses may be of a broadcast's messages
 *
 * `<member>` is a hash of the person (channel and id) with the broadcast's id, never their id. A member's outcome is read
 * from the names alone, so progress is one listing of `people/` and one of `statuses/`, no reads.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { pathSegment } from '../../durable/storage/blobName';
import type { Person } from '../communities/community';

export const BROADCAST_STATES = ['queued', 'running', 'done', 'cancelled'] as const;
export type BroadcastState = (typeof BROADCAST_STATES)[number];

export const broadcastIdSchema = z.string().regex(/^BC-[a-z0-9]{8,24}$/, 'a broadcast id (BC-…)');

export const broadcastTemplateSchema = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(15),
  components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
});
export type BroadcastTemplate = z.infer<typeof broadcastTemplateSchema>;

export const broadcastJobSchema = z.object({
  id: broadcastIdSchema,
  community: z.string(),
  template: broadcastTemplateSchema,
  /** Only members on this channel are sent to; the others are counted as skipped (`channel`). */
  channel: z.string().optional(),
  /** The operator key's name. */
  by: z.string(),
  createdAt: z.string(),
});
export type BroadcastJob = z.infer<typeof broadcastJobSchema>;

export const broadcastProgressSchema = z.object({
  state: z.enum(BROADCAST_STATES),
  /** Where the page being worked begins (`membersOf`'s cursor); absent: the first page. */
  cursor: z.string().optional(),
  /** Members listed in the pages before `cursor`. */
  before: z.number().int().min(0),
  /** Members listed so far (`before` and the page being worked). */
  listed: z.number().int().min(0),
  /** The instance working on it, and until when (ms since the epoch) its lease holds. */
  holder: z.string().optional(),
  until: z.number().optional(),
  updatedAt: z.string(),
});
export type BroadcastProgress = z.infer<typeof broadcastProgressSchema>;

export const messageLinkSchema = z.object({ broadcast: broadcastIdSchema, member: z.string() });

/** What can become of a member: each is the last segment of a name under `people/<member>/`. */
export type MemberOutcome =
  { kind: 'sent' } | { kind: 'unknown' } | { kind: 'failed'; why: string } | { kind: 'skipped'; why: string };

export const ACTIVE = 'broadcasts/active/';
export const RECENT = 'broadcasts/recent.json';
export const recentSchema = z.object({ until: z.number() });

export const broadcastNames = (id: string) => {
  const folder = `broadcasts/jobs/${pathSegment(id)}/`;
  return {
    active: ACTIVE + pathSegment(id),
    job: `${folder}job.json`,
    progress: `${folder}progress.json`,
    cancel: `${folder}cancel.json`,
    people: `${folder}people/`,
    statuses: `${folder}statuses/`,
    claim: (member: string) => `${folder}people/${member}/claim`,
    outcome: (member: string, outcome: MemberOutcome) =>
      `${folder}people/${member}/${'why' in outcome ? `${outcome.kind}.${token(outcome.why)}` : outcome.kind}`,
    status: (member: string, status: string) => `${folder}statuses/${member}/${token(status)}`,
  };
};

export const messageLinkName = (messageId: string): string =>
  `broadcasts/messages/${pathSegment(messageId)}.json`;

/** A new broadcast id: sortable by creation time, with 40 random bits. */
export function newBroadcastId(now = Date.now()): string {
  return `BC-${now.toString(36)}${randomBytes(5).toString('hex')}`;
}

/** The member's name in a broadcast's folders: a hash of the person, never their id. */
export function memberKey(broadcastId: string, person: Person): string {
  return createHash('sha256')
    .update(`${broadcastId}\n${person.channel}\n${person.id}`, 'utf8')
    .digest('base64url')
    .slice(0, 22);
}

/** A reason as a name segment: lower-case letters, digits and `_` only. */
function token(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '_')
      .slice(0, 40) || 'other'
  );
}

/**
 * Where a submission's documents are: its document under the person's folder
 * (`by-user/<channel>/<user>/<created>_<reference>.json`), its reference marker, and its index entries,
 * one per view (`index/<view>/<inverted time>_<reference>/<channel>/<user>`). An entry's name alone says
 * when the submission was made, its reference (so its type) and whose it is, so a listing filters on
 * names and reads each submission it shows directly, without the reference marker.
 */
import { idOfSegment, pathSegment } from '../../durable/storage/blobName';
import type { Person } from '../communities/community';
import type { SubmissionStatus } from './submission';

/** What the index needs of a submission to name its entries. */
export interface Indexed {
  reference: string;
  createdAt: string;
  user: Person;
  community: { id: string };
  status: SubmissionStatus;
}

/** What an index entry's name tells. */
export interface IndexEntry {
  reference: string;
  createdAt: Date;
  person: Person;
}

export const INDEX_ROOT = 'index/';
/** Milliseconds are inverted into 13 digits so that names sort newest first (good until the year 2286). */
const LAST_MS = 9_999_999_999_999;
const KEY = /^(\d{13})_([A-Z]{2,4}-[0-9A-Z]{6})$/;

/** A person's folder; ids are escaped so one id's folder never contains another's. */
export function folderOf(person: Person): string {
  return `by-user/${pathSegment(person.channel)}/${pathSegment(person.id)}/`;
}

export function documentName(person: Person, createdAt: string, reference: string): string {
  return `${folderOf(person)}${createdAt}_${reference}.json`;
}

/** What a document's name under `by-user/` says: its person, creation time and reference. */
export function parseDocumentName(name: string): { createdAt: string; reference: string } | undefined {
  const match = /\/([^/]+)_([A-Z]{2,4}-[0-9A-Z]{6})\.json$/.exec(name);
  if (!match?.[1] || !match[2] || Number.isNaN(Date.parse(match[1]))) return undefined;
  return { createdAt: match[1], reference: match[2] };
}

export function refName(reference: string): string {
  return `refs/${reference}.json`;
}

/** The views a list may run over: every submission, one community's, one status's, or both. */
export function viewPrefix(filters: { community?: string; status?: SubmissionStatus }): string {
  const { community, status } = filters;
  if (community !== undefined && status !== undefined)
    return `${INDEX_ROOT}community-status/${pathSegment(community)}/${status}/`;
  if (community !== undefined) return `${INDEX_ROOT}community/${pathSegment(community)}/`;
  if (status !== undefined) return `${INDEX_ROOT}status/${status}/`;
  return `${INDEX_ROOT}all/`;
}

/** The entries of the views that do not depend on the status (they never move). */
export function fixedEntries(submission: Indexed): string[] {
  return [viewPrefix({}), viewPrefix({ community: submission.community.id })].map((view) =>
    entryName(view, submission),
  );
}

/** The entries of the views of one status (moved when the status changes). */
export function statusEntries(submission: Indexed, status: SubmissionStatus): string[] {
  return [viewPrefix({ status }), viewPrefix({ community: submission.community.id, status })].map((view) =>
    entryName(view, submission),
  );
}

function entryName(view: string, submission: Indexed): string {
  const inverted = String(LAST_MS - Date.parse(submission.createdAt)).padStart(13, '0');
  const { channel, id } = submission.user;
  return `${view}${inverted}_${submission.reference}/${pathSegment(channel)}/${pathSegment(id)}`;
}

/** What an entry listed under `view` names; `undefined` for a name that is not an entry. */
export function parseEntry(view: string, name: string): IndexEntry | undefined {
  if (!name.startsWith(view)) return undefined;
  const [key, channel, id, ...rest] = name.slice(view.length).split('/');
  const match = key === undefined ? null : KEY.exec(key);
  if (!match?.[1] || !match[2] || channel === undefined || id === undefined || rest.length > 0)
    return undefined;
  return {
    reference: match[2],
    createdAt: new Date(LAST_MS - Number(match[1])),
    person: { channel: idOfSegment(channel), id: idOfSegment(id) },
  };
}

/**
 * Last-seen markers, in the history's container: `last-seen/<channel>/<user>/<ms>`, an empty document
 * whose name says when the person's last message (in or out) was, written by the history's retention
 * when that last entry is older than `INACTIVE_PERSON_DAYS` or about to be deleted. Nothing is written
 * while people write: a message costs no extra call. The inactive-people part lists these markers (names
 * only) and, for a marker old enough, asks the person's newest entry whether they came back since.
 */
import { AlreadyExistsError } from '../../core/errors';
import { idOfSegment, pathSegment } from '../../durable/storage/blobName';
import type { EtagDocuments } from '../../durable/storage/documentStore';
import type { ConversationKey } from './historyEntry';
import { conversationFolder, lastSegment, timeOfEntryKey } from './historyLayout';

export const LAST_SEEN = 'last-seen/';

/** The folder of one person's markers. */
export function lastSeenFolder(key: ConversationKey): string {
  return `${LAST_SEEN}${pathSegment(key.channel)}/${pathSegment(key.userId)}/`;
}

/** Marks `<channel>/<user>/` (segments as the history names them) as last seen at `ms`; false if it was. */
export async function markLastSeen(documents: EtagDocuments, person: string, ms: number): Promise<boolean> {
  try {
    await documents.createJson(`${LAST_SEEN}${person}${String(ms).padStart(13, '0')}`, {});
    return true;
  } catch (error) {
    if (error instanceof AlreadyExistsError) return false;
    throw error;
  }
}

/** Whose marker a name is, and the time it keeps; undefined for any other name. */
export function parseLastSeen(name: string): { person: ConversationKey; ms: number } | undefined {
  const [channel, user, time, ...rest] = name.slice(LAST_SEEN.length).split('/');
  if (!name.startsWith(LAST_SEEN) || channel === undefined || user === undefined || rest.length > 0)
    return undefined;
  if (time === undefined || !/^\d{13}$/.test(time)) return undefined;
  return { person: { channel: idOfSegment(channel), userId: idOfSegment(user) }, ms: Number(time) };
}

/** When the person's newest entry was (one listing call for one name); undefined when they have none. */
export async function newestEntryMs(
  documents: EtagDocuments,
  person: ConversationKey,
): Promise<number | undefined> {
  const page = await documents.listPage(conversationFolder('entries', person), { maxResults: 1 });
  const newest = page.names[0];
  return newest === undefined ? undefined : timeOfEntryKey(lastSegment(newest));
}

/**
 * Delivery statuses of broadcast messages, counted under their broadcast so its progress needs no
 * conversation reads. The history recorder tells `observe` of every status it records (after recording
 * it); a status of a message a broadcast sent (its link, `broadcasts/messages/<id>.json`) is recorded
 * again as `statuses/<member>/<status>` of the broadcast: one read per status reported while broadcasts
 * are recent (none created in 30 days: none), one create-only write per broadcast status.
 *
 * A status may come before the link is written (the platform reports fast): `catchUp`, run by the
 * worker right after writing the link, copies the statuses the history already holds for the message.
 * Either the recorder's read sees the link, or its status was in the history before the link was
 * written, and so before the worker's listing: none is missed, and one counted twice is one name.
 */
import type { EtagDocuments } from '../../durable/storage/documentStore';
import { pathSegment } from '../../durable/storage/blobName';
import type { Person } from '../communities/community';
import type { ConversationKey } from '../history/historyEntry';
import { conversationFolder, lastSegment, parseStatusName } from '../history/historyLayout';
import type { BroadcastStore } from './broadcastStore';

export class BroadcastStatuses {
  constructor(
    private readonly store: BroadcastStore,
    /** The history's documents (`<prefix>-history`). */
    private readonly history: EtagDocuments,
  ) {}

  /** A status the channel reported for `messageId`, sent to `key`: counted if a broadcast sent it. */
  async observe(_key: ConversationKey, messageId: string, status: string): Promise<void> {
    if (!(await this.store.sentRecently())) return;
    const link = await this.store.linkOf(messageId);
    if (link) await this.store.recordStatus(link.broadcast, link.member, status);
  }

  /** Copies the statuses the history already holds for a message just linked to its broadcast. */
  async catchUp(broadcast: string, member: string, person: Person, messageId: string): Promise<void> {
    const key = { channel: person.channel, userId: person.id };
    const folder = `${conversationFolder('statuses', key)}${pathSegment(messageId)}/`;
    for await (const name of this.history.list(folder)) {
      const parsed = parseStatusName(lastSegment(name));
      if (parsed) await this.store.recordStatus(broadcast, member, parsed.status);
    }
  }
}

/**
 * Everything stored about one person, for their right of access (`GET /api/v1/people/{c}/{u}/export`):
 * their user state (profile, language, consent), memberships, submissions (media as download URLs),
 * the whole conversation history, the opt-out record, and the list of their media.
 */
import type { Storage } from 'botbuilder';
import { z } from 'zod';
import type { Community, Person } from '../../domain/communities/community';
import type { ConversationHistory } from '../../domain/history/conversationHistory';
import { HISTORY_PAGE_MAX } from '../../domain/history/conversationHistory';
import type { HistoryItem } from '../../domain/history/historyEntry';
import { optOutName } from '../../domain/people/optOuts';
import type { SubmissionStore } from '../../domain/submissions/submissionStore';
import { userStateKey } from '../../durable/concurrentState';
import type { DocumentStore } from '../../durable/storage/documentStore';
import { viewOf, type SubmissionView } from '../operatorApi/routes/submissionView';

export interface PersonExport {
  channel: string;
  userId: string;
  userState: Record<string, unknown> | null;
  optOut: unknown;
  communities: Community[];
  submissions: SubmissionView[];
  conversation: HistoryItem[];
  media: { source: string; contentType: string; url: string | null }[];
}

export interface ExportSources {
  userState: Storage;
  state: DocumentStore;
  memberships: { of(person: Person): Promise<Community[]> };
  submissions: SubmissionStore;
  history: ConversationHistory;
}

export async function exportPerson(person: Person, from: ExportSources): Promise<PersonExport> {
  const key = userStateKey(person.channel, person.id);
  const [stored, optOut, communities, submissions, conversation] = await Promise.all([
    from.userState.read([key]),
    from.state.getJson(optOutName(person), z.unknown()),
    from.memberships.of(person),
    from.submissions.of(person),
    wholeConversation(from.history, person),
  ]);
  const { eTag: _eTag, ...userState } = z.record(z.string(), z.unknown()).safeParse(stored[key]).data ?? {};
  const views = await Promise.all(submissions.map((s) => viewOf(s)));
  const media = [
    ...views.flatMap((s) =>
      s.media.map((m) => ({ source: s.reference, contentType: m.contentType, url: m.url ?? null })),
    ),
    ...conversation.flatMap((item) =>
      (item.media ?? []).map((m) => ({
        source: `message ${item.id}`,
        contentType: m.contentType,
        url: null,
      })),
    ),
  ];
  return {
    channel: person.channel,
    userId: person.id,
    userState: stored[key] === undefined ? null : userState,
    optOut: optOut?.value ?? null,
    communities,
    submissions: views,
    conversation,
    media,
  };
}

async function wholeConversation(history: ConversationHistory, person: Person): Promise<HistoryItem[]> {
  const items: HistoryItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await history.list({
      channel: person.channel,
      userId: person.id,
      limit: HISTORY_PAGE_MAX,
      cursor,
    });
    items.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);
  return items;
}

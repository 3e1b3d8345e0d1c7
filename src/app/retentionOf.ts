/**
 * The retention sweep of the app, built from its configuration: the conversation history
 * (`HISTORY_RETENTION_DAYS`), then the inactive people it finds (`INACTIVE_PERSON_DAYS`; erased only once
 * an eraser is wired), the inbox's histories (`INBOX_HISTORY_RETENTION_DAYS`) and media
 * (`MEDIA_RETENTION_DAYS`). See README "Retention".
 */
import type { Logger } from '../core/log';
import type { ConversationHistory } from '../domain/history/conversationHistory';
import { HistoryRetention } from '../domain/history/historyRetention';
import { InactivePeople, type PersonEraser } from '../domain/retention/inactivePeople';
import { MediaRetention } from '../domain/retention/mediaRetention';
import { RetentionSweep } from '../domain/retention/retentionSweep';
import type { SubmissionStore } from '../domain/submissions/submissionStore';
import { DocumentStore } from '../durable/storage/documentStore';
import { InboxRetention } from '../durable/storage/inboxRetention';
import type { Config } from './config';
import type { OpenedStorage } from './openStorage';

type RetentionConfig = Pick<
  Config,
  'HISTORY_RETENTION_DAYS' | 'INBOX_HISTORY_RETENTION_DAYS' | 'MEDIA_RETENTION_DAYS' | 'INACTIVE_PERSON_DAYS'
>;

export function retentionOf(options: {
  config: RetentionConfig;
  storage: Pick<OpenedStorage, 'account' | 'media' | 'system'>;
  history: ConversationHistory;
  submissions: SubmissionStore;
  log: Logger;
  eraser?: PersonEraser;
  now?: () => Date;
}): RetentionSweep {
  const { config, storage, history, submissions, log, eraser, now } = options;
  const people = config.INACTIVE_PERSON_DAYS;
  return new RetentionSweep({
    parts: [
      new HistoryRetention({ history, days: config.HISTORY_RETENTION_DAYS, inactiveDays: people, log }),
      new InactivePeople({ history: history.documents, days: people, log, ...(eraser ? { eraser } : {}) }),
      new InboxRetention(storage.account, config.INBOX_HISTORY_RETENTION_DAYS),
      new MediaRetention({
        submissions,
        submissionDocuments: new DocumentStore(storage.account, 'submissions'),
        media: storage.media.documents,
        days: config.MEDIA_RETENTION_DAYS,
      }),
    ],
    lease: storage.system,
    log,
    ...(now ? { now } : {}),
  });
}

/**
 * The line a submission came in on: which of our numbers or pages the person wrote to (the activity's
 * `recipient.id`, with its channel), recorded on each new submission so an operator's reply and a status
 * update go out from that line. Taken here from the turn, so the dialogs hand the turn over and never
 * learn what a channel's recipient is.
 */
import type { TurnContext } from 'botbuilder';
import type { SubmissionService } from '../../dialogs/services';
import type { Person } from '../domain/communities/community';
import type { Submission } from '../domain/submissions/submission';
import type { NewSubmission } from '../domain/submissions/submissionStore';

/** What keeps submissions below the dialogs: the store, or the store that also forwards to CE_API_URL. */
export type StoredSubmissions = Omit<SubmissionService, 'create'> & {
  create(submission: NewSubmission): Promise<Submission>;
};

/** The submissions the dialogs see: the store below, with the turn's line added to each new one. */
export class LineRecordingSubmissions implements SubmissionService {
  constructor(readonly stored: StoredSubmissions) {}

  create(submission: NewSubmission, turn: TurnContext): Promise<Submission> {
    return this.stored.create({ ...submission, ...lineOf(turn) });
  }

  of(person: Person): Promise<Submission[]> {
    return this.stored.of(person);
  }

  page(person: Person, offset: number, limit: number): Promise<{ total: number; items: Submission[] }> {
    return this.stored.page(person, offset, limit);
  }
}

/** The turn's line, when its activity names a recipient. */
export function lineOf(turn: TurnContext): Pick<Submission, 'line'> {
  const { channelId, recipient } = turn.activity;
  const id: unknown = Reflect.get(Object(recipient), 'id');
  return channelId && typeof id === 'string' && id !== '' ? { line: { channel: channelId, id } } : {};
}

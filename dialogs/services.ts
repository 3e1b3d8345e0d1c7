/**
 * What the journeys need from outside, passed in by the composition root: communities, memberships,
 * submissions, opt-outs and the user profile. Dialogs see only these interfaces.
 */
import type { TurnContext } from 'botbuilder';
import type { CommunityDirectory, Memberships, Person } from '../src/domain/communities/community';
import type { OptOutRecords } from '../src/domain/people/optOuts';
import type { Submission } from '../src/domain/submissions/submission';
import type { NewSubmission } from '../src/domain/submissions/submissionStore';
import type { UserProfileStore } from './userProfile';

export interface SubmissionService {
  /** Stores a submission made in this turn (the service records which of our lines the person used). */
  create(submission: NewSubmission, turn: TurnContext): Promise<Submission>;
  of(person: Person): Promise<Submission[]>;
  /** One page, newest first, and the total. */
  page(person: Person, offset: number, limit: number): Promise<{ total: number; items: Submission[] }>;
}

/** Erasing the person who asks (their data everywhere; done after the turn). */
export interface ErasureRequests {
  request(person: Person): Promise<{ reference: string }>;
}

export interface JourneyServices {
  directory: CommunityDirectory;
  memberships: Memberships;
  submissions: SubmissionService;
  profiles: UserProfileStore;
  /** Unset: "delete my data" says it is not possible here. */
  erasure?: ErasureRequests;
  /** Who sent STOP (or whom the platform reported as stopped): no proactive messages for them. */
  optOuts: OptOutRecords;
}

export function personOf(context: TurnContext): Person {
  return { channel: context.activity.channelId, id: context.activity.from.id };
}

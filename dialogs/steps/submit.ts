/**
 * The last step of every submission journey: the draft becomes a stored submission (the journey's own
 * fields checked by its type's schema), and the person gets the journey's confirmation with the reference.
 */
import type { TurnContext } from 'botbuilder';
import type { StoredMedia } from '../../src/core/conventions/storedMedia';
import type {
  Submission,
  SubmissionLocation,
  SubmissionMedia,
} from '../../src/domain/submissions/submission';
import type { Locale } from '../catalogue';
import { personOf, type JourneyServices } from '../services';
import type { DialogKit } from '../journeys/journey';
import type { Description } from './descriptionStep';

export interface SubmissionDraft {
  type: string;
  communityId: string;
  location?: SubmissionLocation;
  description?: Description;
  photos?: StoredMedia[];
  /** The journey's own answers (validated by the type's `fields` schema when stored). */
  fields?: Record<string, unknown>;
}

export async function submitDraft(
  services: DialogKit,
  context: TurnContext,
  locale: Locale,
  draft: SubmissionDraft,
): Promise<Submission> {
  const declared = services.journeys.submission(draft.type);
  if (!declared) throw new TypeError(`"${draft.type}" is not a submission journey's type`);
  const person = personOf(context);
  const { description } = draft;
  const voice = description && 'voice' in description ? [description.voice] : [];
  const submission = await services.submissions.create(
    {
      type: draft.type,
      user: { ...person, ...(context.activity.from.name ? { name: context.activity.from.name } : {}) },
      channel: person.channel,
      community: { id: draft.communityId, name: await communityName(services, context, draft.communityId) },
      ...(draft.location ? { location: draft.location } : {}),
      ...(description && 'text' in description ? { text: description.text } : {}),
      ...(draft.fields ? { fields: draft.fields } : {}),
      media: [...voice, ...(draft.photos ?? [])].map(submissionMedia),
      locale,
    },
    context,
  );
  await context.sendActivity(
    services.journeys.text(locale, declared.submitted, { reference: submission.reference }),
  );
  return submission;
}

/** The community's name as the person knows it. */
export async function communityName(
  services: JourneyServices,
  context: TurnContext,
  communityId: string,
): Promise<string> {
  const mine = await services.memberships.of(personOf(context));
  return (
    mine.find((c) => c.id === communityId)?.name ??
    (await services.directory.get(communityId))?.name ??
    communityId
  );
}

function submissionMedia(media: StoredMedia): SubmissionMedia {
  return {
    blobName: media.blobName,
    sha256: media.sha256,
    contentType: media.mimeType,
    size: media.size,
    kind: media.kind,
    ...(media.voice === undefined ? {} : { voice: media.voice }),
  };
}

/**
 * A submission as the operator API shows it: as stored, but each media item named by the URL of its
 * authenticated download (never our blob name), and, when asked, each notification of a status change
 * with the delivery statuses the platform reported for it (from the conversation history).
 */
import { z } from 'zod';
import type { ConversationHistory } from '../../../domain/history/conversationHistory';
import { statusRecordSchema } from '../../../domain/history/historyEntry';
import {
  baseSubmissionSchema,
  notificationSchema,
  type Submission,
} from '../../../domain/submissions/submission';

export const notificationViewSchema = notificationSchema.extend({
  /** Sent, delivered, read, failed, as reported, oldest first (on one submission's answer). */
  statuses: z.array(statusRecordSchema).optional(),
});

const { media, statusHistory } = baseSubmissionSchema.shape;

export const submissionViewSchema = baseSubmissionSchema.extend({
  media: z.array(
    media.element.omit({ blobName: true }).extend({
      /** `GET` it with the same key: the bytes, with their content type (absent once it expired). */
      url: z.string().optional(),
    }),
  ),
  statusHistory: z.array(statusHistory.element.extend({ notification: notificationViewSchema.optional() })),
});
export type SubmissionView = z.input<typeof submissionViewSchema>;

/** The path of a submission's media item's download. */
export function mediaPath(reference: string, index: number): string {
  return `/api/v1/submissions/${encodeURIComponent(reference)}/media/${index}`;
}

/** `submission` as shown; with `history`, its notifications carry their delivery statuses. */
export async function viewOf(submission: Submission, history?: ConversationHistory): Promise<SubmissionView> {
  const person = { channel: submission.user.channel, userId: submission.user.id };
  return {
    ...submission,
    media: submission.media.map(({ blobName, ...item }, index) =>
      blobName === undefined ? item : { ...item, url: mediaPath(submission.reference, index) },
    ),
    statusHistory: await Promise.all(
      submission.statusHistory.map(async (entry) => {
        const messageId = entry.notification?.messageId;
        if (!history || !entry.notification || messageId === undefined) return entry;
        return {
          ...entry,
          notification: { ...entry.notification, statuses: await history.statusesOf(person, messageId) },
        };
      }),
    ),
  };
}

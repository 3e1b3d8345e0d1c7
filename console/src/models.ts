/** What the console reads of the operator API's answers (README, "Operator API"), each shape checked. */
import { counts, list, num, object, optional, str, type Reader } from './read.js';

export const STATUSES = ['submitted', 'under_review', 'accepted', 'resolved', 'rejected'] as const;

const deliveryReader = object({ status: str, time: str });

const notificationReader = object({
  state: str,
  via: optional(str),
  reason: optional(str),
  at: str,
  statuses: optional(list(deliveryReader)),
});
export type Notification = ReturnType<typeof notificationReader>;

const mediaReader = object({
  url: optional(str),
  contentType: str,
  kind: str,
  size: num,
  expiredAt: optional(str),
});
export type Media = ReturnType<typeof mediaReader>;

export const submissionReader = object({
  reference: str,
  type: str,
  status: str,
  locale: str,
  channel: str,
  createdAt: str,
  text: optional(str),
  user: object({ channel: str, id: str, name: optional(str) }),
  line: optional(object({ channel: str, id: str })),
  community: object({ id: str, name: str }),
  location: optional(object({ latitude: num, longitude: num, name: optional(str), address: optional(str) })),
  media: list(mediaReader),
  statusHistory: list(
    object({
      status: str,
      at: str,
      by: optional(str),
      note: optional(str),
      notification: optional(notificationReader),
    }),
  ),
});
export type Submission = ReturnType<typeof submissionReader>;

export const changedReader: Reader<Submission & { notification: Notification }> = (value, path) => ({
  ...submissionReader(value, path),
  notification: notificationReader(
    typeof value === 'object' && value !== null ? Reflect.get(value, 'notification') : undefined,
    `${path}.notification`,
  ),
});

export const pageReader = object({ items: list(submissionReader), next: optional(str) });
export const countsReader = object({ total: num, byStatus: counts });
export const whoamiReader = object({ name: str });
export const contactReader = object({ channel: str, userId: str, name: optional(str) });
export const communitiesReader = object({
  items: list(object({ id: str, name: str, district: optional(str) })),
});
export type Community = ReturnType<typeof communitiesReader>['items'][number];

export const conversationReader = object({
  items: list(
    object({
      direction: str,
      time: str,
      by: str,
      text: optional(str),
      choice: optional(object({ value: str, title: optional(str) })),
      location: optional(object({ latitude: num, longitude: num })),
      media: optional(list(object({ contentType: optional(str) }))),
      template: optional(object({ name: str, language: str })),
      statuses: list(object({ status: str, time: str })),
    }),
  ),
  next: optional(str),
});
export type ConversationItem = ReturnType<typeof conversationReader>['items'][number];

export const broadcastReader = object({
  id: str,
  community: str,
  state: str,
  counts: object({
    queued: num,
    sent: num,
    delivered: num,
    read: num,
    failed: num,
    skipped: num,
    unknown: num,
    skippedBecause: counts,
    failedBecause: counts,
  }),
});
export type Broadcast = ReturnType<typeof broadcastReader>;

export const sentReader = object({ messageId: optional(str) });

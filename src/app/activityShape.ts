/**
 * The least an activity on `/api/messages` must carry for CloudAdapter and the bot to run it: its `type`,
 * the `channelId`, `conversation.id` and `from.id` that key its state, and the `serviceUrl` replies go
 * to. Every turn loads and saves state under those keys, whatever the type, so every type needs them.
 * Anything less is answered 400 naming each field that is missing or of the wrong kind.
 */
import { z } from 'zod';
import { InboundRequestError } from '../core/errors';

const text = (field: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${field} is missing` : `${field} must be a string`),
    })
    .min(1, `${field} is empty`);

const withId = (field: string) =>
  z.looseObject(
    { id: text(`${field}.id`) },
    {
      error: (issue) =>
        issue.input === undefined ? `${field}.id is missing` : `${field} must be an object with an id`,
    },
  );

const activityShapeSchema = z.looseObject({
  type: text('type'),
  channelId: text('channelId'),
  conversation: withId('conversation'),
  from: withId('from'),
  serviceUrl: text('serviceUrl').refine((url) => URL.canParse(url), 'serviceUrl must be an absolute URL'),
});

export type ActivityShape = z.infer<typeof activityShapeSchema>;

/** The body as an activity of the least shape, or an `InboundRequestError` (400) naming what is wrong. */
export function activityShapeOf(body: unknown): ActivityShape {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InboundRequestError(400, 'invalid_activity', 'The request body must be an Activity object');
  }
  const parsed = activityShapeSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => issue.message);
  throw new InboundRequestError(
    400,
    'invalid_activity',
    `The activity cannot be run: ${problems.join('; ')} ` +
      '(an activity needs type, channelId, conversation.id, from.id and serviceUrl)',
  );
}

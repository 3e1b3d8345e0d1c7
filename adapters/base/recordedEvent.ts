/**
 * What a channel records for one inbound event through the webhook pipeline, `{item, serviceUrl}`, read
 * back when its turn runs: our own JSON, still through zod. Every channel's item has the fields below; a
 * channel adds its own.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';

const itemFields = {
  // Events recorded before positions were kept have none.
  where: z.string().default(''),
  userKey: z.string(),
  dedupeKey: z.string(),
  // Events recorded before the order key was kept have none (they are past their recording anyway).
  orderMs: z.number().default(0),
  activity: z.custom<Partial<Activity>>((value) => typeof value === 'object' && value !== null),
};

/** The schema of a channel's recorded event: the fields every item has and the channel's own. */
export function recordedEventSchema<Fields extends z.ZodRawShape>(channelFields: Fields) {
  return z.object({ item: z.object({ ...itemFields, ...channelFields }), serviceUrl: z.string() });
}

/** A recorded event read back: a copy of its item whose activity the turn may change, timestamp a `Date`. */
export function readRecorded<Item extends { activity: Partial<Activity> }>(
  schema: z.ZodType<{ item: Item; serviceUrl: string }>,
  payload: unknown,
): { item: Item; serviceUrl: string } {
  const recorded = schema.parse(payload);
  const activity = { ...recorded.item.activity };
  if (typeof activity.timestamp === 'string') activity.timestamp = new Date(activity.timestamp);
  return { item: { ...recorded.item, activity }, serviceUrl: recorded.serviceUrl };
}

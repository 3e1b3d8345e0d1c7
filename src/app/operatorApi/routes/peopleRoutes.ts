/**
 * `GET /api/v1/people/{channel}/{userId}`: what is known of one person: their profile (the language they
 * chose; a name only if a submission of theirs recorded one), their communities, their submissions, and
 * whether their 24-hour window is open (a free-form message may go), and when they opted out (STOP, or the
 * platform said they stopped our messages; null when they did not). 404 when nothing is known of them.
 */
import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { userProfileSchema } from '../../../../dialogs/userProfile';
import { InvalidValueError, NotFoundError } from '../../../core/errors';
import { userStateKey } from '../../../durable/concurrentState';
import type { OperatorServices } from '../operatorServices';
import { defineRoute, type OperatorRoute } from '../route';
import { lastLine } from './lastLine';
import { personParams } from './personPath';

type PersonServices = Pick<OperatorServices, 'userState' | 'journeys' | 'submissions' | 'history' | 'sender'>;

const personSchema = z.object({
  channel: z.string(),
  userId: z.string(),
  profile: z.object({ name: z.string().nullable(), language: z.enum(['en', 'hi']).nullable() }),
  communities: z.array(z.object({ id: z.string(), name: z.string() })),
  submissions: z.array(
    z.object({ reference: z.string(), type: z.string(), status: z.string(), createdAt: z.string() }),
  ),
  window: z.object({ open: z.boolean() }),
  /** When the person opted out of proactive messages; null when they may be sent them. */
  optedOut: z.string().nullable(),
});

export function peopleRoutes(services: PersonServices): OperatorRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/v1/people/{channel}/{userId}',
      summary: 'A person: profile, communities, submissions, and whether their 24-hour window is open',
      params: personParams,
      response: personSchema,
      handle: async ({ params }) => {
        const { channel, userId } = params;
        const person = { channel, id: userId };
        const [profile, communities, submissions, page, window, optOut] = await Promise.all([
          storedProfile(services.userState, channel, userId),
          services.journeys.memberships.of(person),
          services.submissions.of(person),
          services.history.list({ channel, userId, limit: 1 }),
          windowOf(services, channel, userId),
          services.journeys.optOuts.of(person),
        ]);
        const known = profile || communities.length > 0 || submissions.length > 0 || page.items.length > 0;
        if (!known && !optOut) throw new NotFoundError('person known on', channel);
        const newest = [...submissions].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        return {
          channel,
          userId,
          profile: {
            name: newest.find((s) => s.user.name)?.user.name ?? null,
            language: profile?.locale ?? null,
          },
          communities,
          submissions: newest,
          window,
          optedOut: optOut?.at ?? null,
        };
      },
    }),
  ];
}

/** The profile the bot keeps in the person's user state; undefined when it keeps none. */
async function storedProfile(userState: Storage, channel: string, userId: string) {
  const key = userStateKey(channel, userId);
  const found = z.object({ profile: z.unknown() }).safeParse((await userState.read([key]))[key]);
  if (!found.success) return undefined;
  const profile = userProfileSchema.safeParse(found.data.profile ?? {});
  return profile.success ? profile.data : userProfileSchema.parse({});
}

/** Whether a free-form message may go now from the line they last wrote to (closed where none serves them). */
async function windowOf(
  services: PersonServices,
  channel: string,
  userId: string,
): Promise<{ open: boolean }> {
  const { sender } = services;
  if (!sender.serves(channel)) return { open: false };
  try {
    const lineId = await lastLine(services, channel, userId);
    return { open: await sender.windowOpen({ channel, userId, lineId }) };
  } catch (error) {
    if (error instanceof InvalidValueError) return { open: false }; // no default line (Instagram without an account)
    throw error;
  }
}

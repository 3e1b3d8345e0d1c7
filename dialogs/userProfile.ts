/**
 * What the bot remembers about a person, kept in user state and validated on every read: stored JSON is a
 * trust boundary like any other.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { z } from 'zod';
import type { Locale } from './catalogue';

export const userProfileSchema = z.object({
  locale: z.enum(['en', 'hi']).optional(),
  welcomed: z.boolean().default(false),
  /** The privacy notice the person agreed to (`NOTICE_VERSION`) and when; unset until they agree. */
  consent: z.object({ version: z.string().min(1), at: z.iso.datetime() }).optional(),
});

export type UserProfile = z.infer<typeof userProfileSchema>;

export class UserProfileStore {
  constructor(
    private readonly accessor: StatePropertyAccessor<unknown>,
    private readonly defaultLocale: Locale,
  ) {}

  async get(context: TurnContext): Promise<UserProfile> {
    const parsed = userProfileSchema.safeParse((await this.accessor.get(context)) ?? {});
    return parsed.success ? parsed.data : userProfileSchema.parse({});
  }

  async update(context: TurnContext, change: Partial<UserProfile>): Promise<UserProfile> {
    const next = { ...(await this.get(context)), ...change };
    await this.accessor.set(context, next);
    return next;
  }

  /** The person's language, or the deployment's default before they chose one. */
  async locale(context: TurnContext): Promise<Locale> {
    return (await this.get(context)).locale ?? this.defaultLocale;
  }
}

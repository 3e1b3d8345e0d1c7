/**
 * The bot: an `ActivityHandler` running the journeys over conversation and user state. Channel
 * neutral: every adapter (CloudAdapter for the Emulator, our Meta adapters) calls `run`.
 */
import { ActivityHandler, type BotState, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Locale } from '../../dialogs/catalogue';
import { ConsentDialog, declined } from '../../dialogs/consent/consentDialog';
import { DEFAULT_NOTICE_SETTINGS, noticeOf, type NoticeSettings } from '../../dialogs/consent/notice';
import { MainDialog } from '../../dialogs/main/mainDialog';
import { DialogRunner } from '../../dialogs/runDialog';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';
import type { JourneyRegistry } from '../../dialogs/journeys/registry';
import type { JourneyServices } from '../../dialogs/services';
import { UserProfileStore } from '../../dialogs/userProfile';

export interface BotOptions {
  conversationState: BotState;
  userState: BotState;
  services: Omit<JourneyServices, 'profiles'>;
  /**
   * The journeys the menu offers: the built-in ones when not given. Their submission types must be those
   * the `services` store (`registry.submissionTypes`).
   */
  journeys?: JourneyRegistry;
  defaultLocale: Locale;
  /** After this long without a message, the next one starts at the menu. */
  idleMs?: number;
  now?: () => number;
  /** What the privacy notice names: the organisation, its contact, retention, the pages' address. */
  notice?: NoticeSettings;
}

export class CommunityBot extends ActivityHandler {
  private readonly conversationState: BotState;
  private readonly userState: BotState;

  constructor(options: BotOptions) {
    super();
    this.conversationState = options.conversationState;
    this.userState = options.userState;
    const journeys = options.journeys ?? journeyRegistry();
    const profiles = new UserProfileStore(options.userState.createProperty('profile'), options.defaultLocale);
    const notice = noticeOf(options.notice ?? DEFAULT_NOTICE_SETTINGS);
    const kit = { ...options.services, profiles, journeys, notice, now: options.now };
    const runner = new DialogRunner({
      dialog: new MainDialog(kit),
      consent: new ConsentDialog(kit),
      notice,
      drafting: journeys.draftingDialogIds(),
      dialogState: options.conversationState.createProperty<DialogState>('dialogState'),
      lastSeen: options.conversationState.createProperty<number>('lastSeen'),
      profiles,
      optOuts: options.services.optOuts,
      idleMs: options.idleMs,
      now: options.now,
    });
    this.onMessage(async (context, next) => {
      await runner.run(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient.id;
      if ((context.activity.membersAdded ?? []).some((member) => member.id !== botId))
        await runner.run(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    // Declined consent: the conversation's state goes; the profile keeps only the language.
    if (declined(context)) await this.conversationState.delete(context);
    else await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
  }
}

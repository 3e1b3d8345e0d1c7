/**
 * Notice and consent: right after the language choice (and again whenever the notice changed), the
 * person reads what is kept and why, and agrees or declines. Agreeing records the notice's version and
 * the time in the profile and ends with `true`. Declining (or three answers that are neither) records
 * nothing, says how to come back and ends every dialog of the conversation; the turn is marked
 * (`CONSENT_DECLINED`) so the bot keeps no conversation state and, at first contact, no history of it.
 */
import type { TurnContext } from 'botbuilder';
import { JourneyDialog, NO_OPTIONS, type Step, type Turn } from '../journeyDialog';
import type { DialogKit } from '../journeys/journey';
import { NO_WORDS, YES_WORDS } from '../prompts/yesNo';
import type { UserProfile } from '../userProfile';
import { chosen, choiceOptions, keyedChoices } from '../ui';
import { t } from '../catalogue';
import { DEFAULT_NOTICE_SETTINGS, noticeOf, noticeText, type Notice } from './notice';

export const CONSENT_DIALOG = 'consentDialog';

/** Turn state key, set when the person declined in this turn; its value: `{ firstContact }`. */
export const CONSENT_DECLINED = Symbol('consentDeclined');

export function declined(context: TurnContext): boolean {
  return context.turnState.get(CONSENT_DECLINED) !== undefined;
}

/** Whether the person declined in this turn without ever having agreed to a notice. */
export function declinedAtFirstContact(context: TurnContext): boolean {
  const value: unknown = context.turnState.get(CONSENT_DECLINED);
  return typeof value === 'object' && value !== null && Reflect.get(value, 'firstContact') === true;
}

/** Whether the person has agreed to the notice as it reads now. */
export function consented(profile: UserProfile, notice: Notice): boolean {
  return profile.consent?.version === notice.version;
}

/** The notice the dialogs show: the kit's, or the defaults'. */
export function noticeOfKit(kit: Pick<DialogKit, 'notice'>): Notice {
  return kit.notice ?? DEFAULT_NOTICE;
}

const DEFAULT_NOTICE = noticeOf(DEFAULT_NOTICE_SETTINGS);

export class ConsentDialog extends JourneyDialog<unknown> {
  constructor(services: DialogKit) {
    super(CONSENT_DIALOG, services, NO_OPTIONS);
    this.waterfall([(s) => this.ask(s), (s) => this.record(s)], this.choicePrompt());
  }

  private async ask(step: Step): Turn {
    const locale = await this.locale(step);
    await step.context.sendActivity(noticeText(locale, noticeOfKit(this.services)));
    // "yes" / "हाँ" / "no" / "नहीं" answer it too: people answer a question, not always a button.
    const choices = keyedChoices(locale, [
      ['agree', 'option.agree', YES_WORDS],
      ['decline', 'option.decline', NO_WORDS],
    ]);
    return step.prompt(
      this.promptId,
      choiceOptions(t(locale, 'consent.prompt'), t(locale, 'consent.retry'), choices),
    );
  }

  private async record(step: Step): Turn {
    const { profiles, now } = this.services;
    if (chosen(step.result) === 'agree') {
      const at = new Date(now?.() ?? Date.now()).toISOString();
      await profiles.update(step.context, { consent: { version: noticeOfKit(this.services).version, at } });
      return step.endDialog(true);
    }
    const firstContact = (await profiles.get(step.context)).consent === undefined;
    await this.say(step, firstContact ? 'consent.declined' : 'consent.declinedAgain');
    step.context.turnState.set(CONSENT_DECLINED, { firstContact });
    // Everything the conversation was doing ends here, the dialogs under this one included.
    return step.cancelAllDialogs(true);
  }
}

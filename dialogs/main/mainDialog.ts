/**
 * The main dialog: language on first contact, a welcome, then the service menu. The journeys behind the
 * menu arrive with the journeys issue; until then each says it is coming and the menu returns.
 */
import { ActionTypes, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  ListStyle,
  WaterfallDialog,
  type Choice,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { t, type Locale, type MessageKey } from '../catalogue';
import { LocalChoicePrompt } from '../prompts/localChoicePrompt';
import type { UserProfileStore } from '../userProfile';

export const MAIN_DIALOG = 'mainDialog';
const MAIN_WATERFALL = 'mainDialog.waterfall';
const LANGUAGE_PROMPT = 'mainDialog.language';
const MENU_PROMPT = 'mainDialog.menu';

export const MENU_OPTIONS = [
  'workDemand',
  'grievance',
  'story',
  'status',
  'changeLanguage',
  'endChat',
] as const;
export type MenuOption = (typeof MENU_OPTIONS)[number];

const languageChoice = z.object({ value: z.enum(['en', 'hi']) });
const menuChoice = z.object({ value: z.enum(MENU_OPTIONS) });

export class MainDialog extends ComponentDialog {
  constructor(private readonly profiles: UserProfileStore) {
    super(MAIN_DIALOG);
    this.addDialog(new LocalChoicePrompt(LANGUAGE_PROMPT));
    this.addDialog(new LocalChoicePrompt(MENU_PROMPT));
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        (step) => this.askLanguage(step),
        (step) => this.greet(step),
        (step) => this.showMenu(step),
        (step) => this.act(step),
      ]),
    );
    this.initialDialogId = MAIN_WATERFALL;
  }

  private async askLanguage(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const profile = await this.profiles.get(step.context);
    if (profile.locale) return step.next();
    return step.prompt(LANGUAGE_PROMPT, {
      prompt: t('en', 'language.prompt'),
      retryPrompt: t('en', 'language.retry'),
      choices: [
        choice('en', 'English', ['english', 'angrezi', 'अंग्रेज़ी', 'अंग्रेजी']),
        choice('hi', 'हिन्दी', ['hindi', 'हिंदी']),
      ],
      style: ListStyle.suggestedAction,
    });
  }

  private async greet(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const picked = languageChoice.safeParse(step.result);
    const before = await this.profiles.get(step.context);
    const profile = picked.success
      ? await this.profiles.update(step.context, { locale: picked.data.value, welcomed: true })
      : before;
    const locale = profile.locale ?? (await this.profiles.locale(step.context));
    if (!before.welcomed) await say(step.context, locale, 'welcome');
    else if (picked.success) await say(step.context, locale, 'language.changed');
    return step.next();
  }

  private async showMenu(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.profiles.locale(step.context);
    const other: Locale = locale === 'en' ? 'hi' : 'en';
    return step.prompt(MENU_PROMPT, {
      prompt: t(locale, 'menu.prompt'),
      retryPrompt: t(locale, 'menu.retry'),
      choices: MENU_OPTIONS.map((option) =>
        choice(option, t(locale, menuKey(option)), [t(other, menuKey(option))]),
      ),
      style: ListStyle.suggestedAction,
    });
  }

  private async act(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const locale = await this.profiles.locale(step.context);
    const picked = menuChoice.parse(step.result);
    switch (picked.value) {
      case 'endChat':
        await say(step.context, locale, 'goodbye');
        return step.endDialog();
      case 'changeLanguage':
        await this.profiles.update(step.context, { locale: undefined });
        return step.replaceDialog(MAIN_WATERFALL);
      default:
        await say(step.context, locale, 'menu.comingSoon', { option: t(locale, menuKey(picked.value)) });
        return step.replaceDialog(MAIN_WATERFALL);
    }
  }
}

function menuKey(option: MenuOption): MessageKey {
  return `menu.${option}`;
}

function choice(value: string, title: string, synonyms: string[]): Choice {
  return { value, action: { type: ActionTypes.ImBack, title, value: title }, synonyms };
}

async function say(context: TurnContext, locale: Locale, key: MessageKey, params?: Record<string, string>) {
  await context.sendActivity(t(locale, key, params));
}

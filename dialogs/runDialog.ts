/**
 * Runs the root dialog for one turn, with what works at any step: "hi" / "menu" → the menu (or
 * onboarding for a non-member); "cancel" → leave the flow, nothing half-submitted; "help"; "language";
 * "delete my data" → its confirmation;
 * "STOP" (and its Hindi words) → leave the flow, record an opt-out and say what it means; "START" → undo it.
 * After a long pause (24 hours by default) the next message starts at the menu.
 */
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  DialogSet,
  DialogTurnStatus,
  type Dialog,
  type DialogContext,
  type DialogState,
} from 'botbuilder-dialogs';
import type { Locale } from './catalogue';
import { CONSENT_DIALOG, consented, noticeOfKit } from './consent/consentDialog';
import { pagesText, type Notice } from './consent/notice';
import { ERASE_MY_DATA_DIALOG } from './erasure/eraseMyDataDialog';
import { LANGUAGE_DIALOG } from './language/languageDialog';
import { MAIN_DIALOG, type MainOptions } from './main/mainDialog';
import { normaliseDigits } from './prompts/localChoicePrompt';
import { OPT_IN_WORDS, OPT_OUT_WORDS, localeOfWord } from './optOutWords';
import { personOf } from './services';
import type { OptOutRecords } from '../src/domain/people/optOuts';
import { say } from './ui';
import type { UserProfileStore } from './userProfile';

export type GlobalWord = 'restart' | 'cancel' | 'help' | 'language' | 'erase' | 'optOut' | 'optIn';

const WORDS: Record<GlobalWord, readonly string[]> = {
  restart: ['hi', 'hii', 'hello', 'hey', 'menu', 'namaste', 'नमस्ते', 'नमस्कार', 'मेनू'],
  cancel: ['cancel', 'quit', 'exit', 'रद्द', 'रद्द करें', 'radd'],
  help: ['help', '?', 'मदद', 'सहायता'],
  language: ['language', 'change language', 'bhasha', 'भाषा', 'भाषा बदलें'],
  // Delete my data (issue #14, item 3): as people type it, in English, Hindi and Hinglish.
  erase: [
    ...['delete my data', 'delete my account', 'delete my details', 'erase my data', 'remove my data'],
    ...['delete data', 'delete all my data', 'forget me', 'mera data hatao', 'mera data delete karo'],
    ...['मेरा डेटा हटाओ', 'मेरा डेटा हटाएं', 'मेरा डेटा हटाएँ', 'मेरा डेटा हटा दो', 'मेरा डाटा हटाओ'],
    ...['डेटा हटाओ', 'डेटा हटाएं', 'मेरी जानकारी हटाओ', 'मेरा डेटा डिलीट करो'],
  ],
  // Opt-out and opt-in (issue #14, item 2): STOP and START as people type them.
  optOut: OPT_OUT_WORDS,
  optIn: OPT_IN_WORDS,
};

const GLOBAL_WORDS: readonly GlobalWord[] = [
  'restart',
  'cancel',
  'help',
  'language',
  'erase',
  'optOut',
  'optIn',
];

/** The text as words are compared: digits normalised, trimmed, lower case, spaces collapsed, no final stop. */
function spoken(text: string): string {
  return normaliseDigits(text)
    .trim()
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .replace(/[.!।]+$/u, '');
}

export function globalWord(text: string | undefined): GlobalWord | undefined {
  if (typeof text !== 'string') return undefined;
  const said = spoken(text);
  return GLOBAL_WORDS.find((word) => WORDS[word].includes(said));
}

/** Dialogs the privacy notice does not interrupt (it comes after the first, is the second). */
const BEFORE_NOTICE = [LANGUAGE_DIALOG, CONSENT_DIALOG, ERASE_MY_DATA_DIALOG];

export const DEFAULT_IDLE_MS = 24 * 60 * 60 * 1000;

/**
 * The longest text a person may send in one message (WhatsApp's own maximum). A longer one is answered
 * politely and goes no further: no prompt or recognizer ever reads megabytes, and the step waits as it was.
 */
export const MAX_TEXT_CHARS = 4096;

function tooLong(text: string | undefined): boolean {
  if (typeof text !== 'string' || text.length <= MAX_TEXT_CHARS) return false;
  let count = 0;
  for (const _ of text) if ((count += 1) > MAX_TEXT_CHARS) return true;
  return false;
}

/** Whether a dialog of this id is anywhere on the stack, inside components included. */
export function stackHolds(stack: unknown, id: string): boolean {
  if (!Array.isArray(stack)) return false;
  return stack.some((instance: unknown) => {
    if (typeof instance !== 'object' || instance === null) return false;
    if (Reflect.get(instance, 'id') === id) return true;
    const state: unknown = Reflect.get(instance, 'state');
    const inner: unknown =
      typeof state === 'object' && state !== null ? Reflect.get(state, 'dialogs') : undefined;
    return typeof inner === 'object' && inner !== null && stackHolds(Reflect.get(inner, 'dialogStack'), id);
  });
}

export interface DialogRunnerOptions {
  dialog: Dialog;
  /** The notice-and-consent dialog, begun over a journey in progress when the notice changed. */
  consent: Dialog;
  /** The privacy notice; "help" links to the privacy and terms pages when they have an address. */
  notice?: Notice;
  /** The dialogs that draft a submission: leaving one says nothing was submitted. */
  drafting: readonly string[];
  dialogState: StatePropertyAccessor<DialogState>;
  lastSeen: StatePropertyAccessor<number>;
  profiles: UserProfileStore;
  /** Where STOP and START are recorded. */
  optOuts: Pick<OptOutRecords, 'record' | 'remove'>;
  idleMs?: number;
  now?: () => number;
}

export class DialogRunner {
  constructor(private readonly options: DialogRunnerOptions) {}

  async run(context: TurnContext): Promise<void> {
    const dialogSet = new DialogSet(this.options.dialogState);
    dialogSet.add(this.options.dialog).add(this.options.consent);
    const dc = await dialogSet.createContext(context);
    if (context.activity.type === 'message' && (await this.interrupted(dc))) return;
    if (context.activity.type === 'message' && (await this.noticeChanged(dc))) return;
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(MAIN_DIALOG);
  }

  /** The person's language; before they chose one, the language of the word ("रोकें" is answered in Hindi). */
  private async localeOfWord(context: TurnContext): Promise<Locale> {
    const chosen = (await this.options.profiles.get(context)).locale;
    return (
      chosen ?? localeOfWord(spoken(context.activity.text)) ?? (await this.options.profiles.locale(context))
    );
  }

  /**
   * Privacy notice (issue #14): a person in the middle of something who has not agreed to the notice as it
   * reads now (it changed, or they began before there was one) gets it first, over what they were doing;
   * agreeing asks that step again. Not while they choose a language, read the notice or delete their data.
   */
  private async noticeChanged(dc: DialogContext): Promise<boolean> {
    if (!dc.activeDialog || BEFORE_NOTICE.some((id) => stackHolds(dc.stack, id))) return false;
    const profile = await this.options.profiles.get(dc.context);
    if (profile.locale === undefined || consented(profile, noticeOfKit(this.options))) return false;
    await dc.beginDialog(CONSENT_DIALOG);
    return true;
  }

  /** Handles the words that work anywhere and the idle restart; true when the turn is handled. */
  private async interrupted(dc: DialogContext): Promise<boolean> {
    const context = dc.context;
    const now = (this.options.now ?? Date.now)();
    const lastSeen = await this.options.lastSeen.get(context);
    await this.options.lastSeen.set(context, now);
    const locale = await this.options.profiles.locale(context);
    const toMenu: MainOptions = { toMenu: true };
    if (tooLong(context.activity.text)) {
      await say(context, locale, 'text.tooLong', { max: String(MAX_TEXT_CHARS) });
      return true;
    }
    // Leaving a half-done submission is said out loud: nothing was submitted.
    const leave = async (): Promise<void> => {
      const drafting = this.options.drafting.some((id) => stackHolds(dc.stack, id));
      await dc.cancelAllDialogs();
      if (drafting) await say(context, locale, 'cancelled');
    };
    const word = globalWord(context.activity.text);
    const idle = lastSeen !== undefined && now - lastSeen > (this.options.idleMs ?? DEFAULT_IDLE_MS);
    if (word === undefined && dc.activeDialog && idle) {
      await dc.cancelAllDialogs();
      await say(context, locale, 'idle.back');
      await dc.beginDialog(MAIN_DIALOG, toMenu);
      return true;
    }
    switch (word) {
      case 'restart':
        await leave();
        await dc.beginDialog(MAIN_DIALOG, toMenu);
        return true;
      case 'cancel':
        if (dc.activeDialog) {
          await dc.cancelAllDialogs();
          await say(context, locale, 'cancelled');
        }
        await dc.beginDialog(MAIN_DIALOG, toMenu);
        return true;
      case 'help': {
        await say(context, locale, 'help');
        const pages = pagesText(locale, noticeOfKit(this.options));
        if (pages !== undefined) await context.sendActivity(pages);
        if (dc.activeDialog) await dc.repromptDialog();
        else await dc.beginDialog(MAIN_DIALOG, toMenu);
        return true;
      }
      case 'optOut':
        await leave();
        await this.options.optOuts.record(personOf(context), { source: 'word' });
        await say(context, await this.localeOfWord(context), 'optOut.done');
        return true;
      case 'optIn':
        // Not opted out: START is what it always was, the menu.
        if (await this.options.optOuts.remove(personOf(context)))
          await say(context, await this.localeOfWord(context), 'optIn.done');
        await leave();
        await dc.beginDialog(MAIN_DIALOG, toMenu);
        return true;
      case 'language':
        await leave();
        await dc.beginDialog(MAIN_DIALOG, { toMenu: true, changeLanguage: true } satisfies MainOptions);
        return true;
      case 'erase':
        await leave();
        await dc.beginDialog(MAIN_DIALOG, { eraseMyData: true } satisfies MainOptions);
        return true;
      default:
        return false;
    }
  }
}

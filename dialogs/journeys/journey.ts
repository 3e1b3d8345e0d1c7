/**
 * What a journey declares, once: its menu entry, its dialog, and, for a submission type, the type's
 * reference prefix, own fields, backend item type and message keys. The menu, the main dialog, "my
 * requests" and the submission store's schema all derive from the registry of these declarations.
 */
import type { Dialog } from 'botbuilder-dialogs';
import type { z } from 'zod';
import type { Locale } from '../catalogue';
import type { Notice } from '../consent/notice';
import type { JourneyServices } from '../services';

/** A journey's own messages: the same keys in English and Hindi, `{name}` placeholders alike. */
export interface JourneyMessages {
  en: Readonly<Record<string, string>>;
  hi: Readonly<Record<string, string>>;
}

export interface SubmissionJourney {
  /** The stored type (`water_tanker`). */
  type: string;
  /** The reference prefix (`WT`): 2-4 capital letters. */
  prefix: string;
  /** The CE backend's `item_type`. */
  itemType: string;
  /** The journey's own answers, validated and stored under `fields` (the rest of a submission is shared). */
  fields?: z.ZodType<Record<string, unknown>>;
  /** The type's name inside a sentence ("water tanker request"), as "My requests" lists it. */
  name: string;
  /** The confirmation, with `{reference}`. */
  submitted: string;
}

export interface Journey {
  /** The menu choice's value (`waterTanker`); unique. */
  id: string;
  /** The message key of its menu title. */
  title: string;
  /** Where the menu lists it: the services first (default), then the account entries. */
  section?: 'services' | 'account';
  /** Offered to members of several communities only ("switch community"). */
  offered?: 'always' | 'severalCommunities';
  /**
   * The dialog the menu begins, with `{ communityId, ...options }`. Journeys sharing a dialog give the
   * same `id`; the first one's `build` makes it.
   */
  dialog?: {
    id: string;
    build: (services: DialogKit) => Dialog;
    options?: Readonly<Record<string, unknown>>;
  };
  /** After the dialog: show the menu again (default), use the community it ended with, or end the chat. */
  then?: 'menu' | 'useCommunity' | 'end';
  /** A message key said when the journey is chosen, before its dialog ("goodbye"). */
  say?: string;
  submission?: SubmissionJourney;
  messages?: JourneyMessages;
}

/** What dialogs use of the registry of journeys (`JourneyRegistry`). */
export interface Journeys {
  /** The menu's entries in order: the services, then the account entries. */
  menu(severalCommunities: boolean): Journey[];
  byId(id: string | undefined): Journey | undefined;
  /** Each journey's dialog, built once per dialog id. */
  dialogs(kit: DialogKit): Dialog[];
  submission(type: string): SubmissionJourney | undefined;
  /** A message of the journeys or of the shared catalogues. */
  text(locale: Locale, key: string, params?: Record<string, string>): string;
  /** The name of a submission type in a sentence ("work demand"). */
  typeName(locale: Locale, type: string): string;
}

/** What every dialog is built with: the services, and the journeys the bot offers. */
export interface DialogKit extends JourneyServices {
  journeys: Journeys;
  /** What the privacy notice names (the organisation, retention, the pages' address); defaults when unset. */
  notice?: Notice;
  /** The clock consent is recorded with. */
  now?: () => number;
}

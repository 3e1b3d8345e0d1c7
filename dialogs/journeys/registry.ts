/**
 * The journeys a bot offers, checked once when the bot is built: unique menu entries, messages in both
 * languages with the same keys, every key a journey names found, submission types with unique prefixes.
 */
import type { Dialog } from 'botbuilder-dialogs';
import { SubmissionTypes } from '../../src/domain/submissions/submissionTypes';
import { fill, isMessageKey, LOCALES, t, type Locale } from '../catalogue';
import type { DialogKit, Journey, Journeys, SubmissionJourney } from './journey';

export class JourneyRegistry implements Journeys {
  /** The store's types: one per submission journey. */
  readonly submissionTypes: SubmissionTypes;
  private readonly messages: Record<Locale, Map<string, string>> = { en: new Map(), hi: new Map() };

  constructor(readonly journeys: readonly Journey[]) {
    const ids = new Set<string>();
    for (const journey of journeys) {
      if (ids.has(journey.id)) throw new TypeError(`journey "${journey.id}" is declared twice`);
      ids.add(journey.id);
      this.addMessages(journey);
    }
    for (const journey of journeys) {
      const keys = [journey.title, journey.say, journey.submission?.name, journey.submission?.submitted];
      for (const key of keys) if (key !== undefined) this.check(journey, key);
    }
    this.submissionTypes = new SubmissionTypes(
      this.submissions().map(({ type, prefix, itemType, fields }) => ({ type, prefix, itemType, fields })),
    );
  }

  /** The menu's entries in order: the services, then the account entries. */
  menu(severalCommunities: boolean): Journey[] {
    const offered = this.journeys.filter((j) => j.offered !== 'severalCommunities' || severalCommunities);
    return [
      ...offered.filter((j) => (j.section ?? 'services') === 'services'),
      ...offered.filter((j) => j.section === 'account'),
    ];
  }

  byId(id: string | undefined): Journey | undefined {
    return this.journeys.find((j) => j.id === id);
  }

  /** Each journey's dialog, built once per dialog id. */
  dialogs(services: DialogKit): Dialog[] {
    const built = new Map<string, Dialog>();
    for (const { dialog } of this.journeys)
      if (dialog && !built.has(dialog.id)) built.set(dialog.id, dialog.build(services));
    return [...built.values()];
  }

  /** The ids of the dialogs that draft a submission (leaving one says nothing was submitted). */
  draftingDialogIds(): string[] {
    return [...new Set(this.journeys.flatMap((j) => (j.submission && j.dialog ? [j.dialog.id] : [])))];
  }

  submission(type: string): SubmissionJourney | undefined {
    return this.submissions().find((s) => s.type === type);
  }

  /** A message of the journeys or of the shared catalogues. */
  text(locale: Locale, key: string, params: Record<string, string> = {}): string {
    const own = this.messages[locale].get(key);
    if (own !== undefined) return fill(own, params);
    if (isMessageKey(key)) return t(locale, key, params);
    throw new TypeError(`no message "${key}" in the catalogues nor in any journey's messages`);
  }

  /** The name of a submission type in a sentence ("work demand"); the type itself if none is declared. */
  typeName(locale: Locale, type: string): string {
    const declared = this.submission(type);
    return declared ? this.text(locale, declared.name) : type;
  }

  private submissions(): SubmissionJourney[] {
    return this.journeys.flatMap((j) => (j.submission ? [j.submission] : []));
  }

  private addMessages(journey: Journey): void {
    if (!journey.messages) return;
    const where = `journey "${journey.id}"`;
    const en = Object.keys(journey.messages.en).sort();
    const hi = Object.keys(journey.messages.hi).sort();
    const missing = [...en.filter((k) => !hi.includes(k)), ...hi.filter((k) => !en.includes(k))];
    if (missing.length > 0)
      throw new TypeError(`${where}: messages ${missing.join(', ')} are not in both en and hi`);
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(journey.messages[locale])) {
        if (text.trim() === '') throw new TypeError(`${where}: message ${key} (${locale}) is empty`);
        if (isMessageKey(key)) throw new TypeError(`${where}: message ${key} is already a shared message`);
        const other = this.messages[locale].get(key);
        if (other !== undefined && other !== text)
          throw new TypeError(`${where}: message ${key} is already another journey's`);
        this.messages[locale].set(key, text);
      }
    }
  }

  private check(journey: Journey, key: string): void {
    if (!this.messages.en.has(key) && !isMessageKey(key))
      throw new TypeError(`journey "${journey.id}" names message ${key}, which no catalogue has`);
  }
}

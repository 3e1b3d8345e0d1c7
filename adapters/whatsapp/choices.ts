/**
 * Choices (suggested actions and card buttons) as WhatsApp renders them, and the way back:
 * 1–3 → reply buttons (titles ≤ 20), 4–10 → a list (rows ≤ 24, descriptions ≤ 72), more → a paged list
 * whose last row asks for more. Titles are unique; a cut title keeps its full label in the row
 * description. What was offered is remembered so that a tapped row, a typed number ("2", "२") or a typed
 * title comes back as the option's value.
 */
import type { Activity, CardAction } from 'botbuilder';
import { z } from 'zod';
import { length, truncate } from '../base/splitText';

export const BUTTON_TITLE_MAX = 20;
export const BUTTON_ID_MAX = 256;
export const ROW_TITLE_MAX = 24;
export const ROW_ID_MAX = 200;
export const ROW_DESCRIPTION_MAX = 72;
export const LIST_ROWS_MAX = 10;
export const MORE_ID_PREFIX = '__more__:';

export interface ChoiceOption {
  value: string;
  title: string;
}

/** What the adapter remembers of the last choices offered in a conversation. */
export const choiceMemorySchema = z.object({
  options: z.array(z.object({ value: z.string(), title: z.string(), id: z.string(), shown: z.string() })),
  body: z.string(),
  locale: z.enum(['en', 'hi']),
});
export type ChoiceMemory = z.infer<typeof choiceMemorySchema>;

const LABELS = {
  en: {
    list: 'Choose',
    section: 'Options',
    more: 'More options',
    moreDescription: 'Show the next options',
    prompt: 'Please choose an option',
  },
  hi: {
    list: 'चुनें',
    section: 'विकल्प',
    more: 'और विकल्प',
    moreDescription: 'अगले विकल्प दिखाएँ',
    prompt: 'कृपया एक विकल्प चुनें',
  },
} as const;

export type LabelLocale = keyof typeof LABELS;

/** Hindi labels when the activity says so, or when its text is written in Devanagari. */
export function labelLocale(activity: Partial<Activity>): LabelLocale {
  if (activity.locale?.toLowerCase().startsWith('hi')) return 'hi';
  return /[\u0900-\u097F]/.test(activity.text ?? '') ? 'hi' : 'en';
}

export function defaultPrompt(locale: LabelLocale): string {
  return LABELS[locale].prompt;
}

/** The choices an activity offers: suggested actions, then buttons of hero/thumbnail cards. */
export function choicesOf(activity: Partial<Activity>): ChoiceOption[] {
  const actions: CardAction[] = [...(activity.suggestedActions?.actions ?? [])];
  for (const attachment of activity.attachments ?? []) {
    const buttons: unknown = isRecord(attachment.content) ? attachment.content.buttons : undefined;
    if (
      /^application\/vnd\.microsoft\.card\.(hero|thumbnail)$/.test(attachment.contentType) &&
      Array.isArray(buttons)
    ) {
      for (const button of buttons) if (isCardAction(button)) actions.push(button);
    }
  }
  return actions
    .filter((action) => action.type !== 'openUrl' && action.type !== 'call' && action.type !== 'signin')
    .map((action) => {
      const value = typeof action.value === 'string' && action.value !== '' ? action.value : action.title;
      return { value, title: action.title || value };
    })
    .filter((option) => option.value !== '');
}

/** Options with their WhatsApp ids and shown titles, unique within the message. */
export function layoutOptions(
  options: readonly ChoiceOption[],
  titleMax: number,
  idMax: number,
): ChoiceMemory['options'] {
  const ids = new Set<string>();
  const shownTitles = new Set<string>();
  return options.map((option, index) => {
    // Generated ids (`c:<index>`) are unique among themselves, and no value that starts with `c:` is used as an id.
    const usable =
      option.value.length <= idMax &&
      !option.value.startsWith('c:') &&
      !option.value.startsWith(MORE_ID_PREFIX);
    const id = usable && !ids.has(option.value) ? option.value : `c:${index}`;
    ids.add(id);
    let shown = truncate(option.title.trim() || option.value, titleMax);
    for (let n = 2; shownTitles.has(shown.toLowerCase()); n += 1) {
      const suffix = ` (${n})`;
      shown = `${truncate(option.title, titleMax - length(suffix))}${suffix}`;
    }
    shownTitles.add(shown.toLowerCase());
    return { value: option.value, title: option.title, id, shown };
  });
}

/** The interactive body (without `body.text`) for one page of the remembered options. */
export function interactiveFor(memory: ChoiceMemory, page: number): Record<string, unknown> {
  const labels = LABELS[memory.locale];
  const options = memory.options;
  if (options.length <= 3) {
    return {
      type: 'button',
      action: { buttons: options.map((o) => ({ type: 'reply', reply: { id: o.id, title: o.shown } })) },
    };
  }
  const pageSize = options.length <= LIST_ROWS_MAX ? LIST_ROWS_MAX : LIST_ROWS_MAX - 1;
  const lastPageIndex = Math.max(0, Math.ceil((options.length - LIST_ROWS_MAX) / pageSize));
  const start = Math.min(Math.max(0, page), lastPageIndex) * pageSize;
  const remaining = options.length - start;
  const lastPage = remaining <= LIST_ROWS_MAX;
  const slice = options.slice(start, lastPage ? options.length : start + pageSize);
  const rows = slice.map((o) => ({
    id: o.id,
    title: o.shown,
    ...(o.shown === o.title ? {} : { description: truncate(o.title, ROW_DESCRIPTION_MAX) }),
  }));
  if (!lastPage) {
    rows.push({
      id: `${MORE_ID_PREFIX}${start / pageSize + 1}`,
      title: labels.more,
      description: labels.moreDescription,
    });
  }
  return {
    type: 'list',
    action: { button: labels.list, sections: [{ title: labels.section, rows }] },
  };
}

export type ResolvedReply =
  { kind: 'value'; value: string } | { kind: 'page'; page: number } | { kind: 'none' };

/**
 * What an inbound reply means against the remembered options: a row or button id, a "more" row, a typed
 * number (ASCII or Devanagari) or a typed title (full or as shown).
 */
export function resolveReply(text: string, memory: ChoiceMemory | undefined): ResolvedReply {
  if (text.startsWith(MORE_ID_PREFIX)) {
    const page = Number(text.slice(MORE_ID_PREFIX.length));
    return Number.isInteger(page) && page > 0 ? { kind: 'page', page } : { kind: 'none' };
  }
  if (!memory) return { kind: 'none' };
  const byId = memory.options.find((o) => o.id === text);
  if (byId) return { kind: 'value', value: byId.value };
  const typed = text.trim().replace(/[\u0966-\u096F]/g, (d) => String(d.charCodeAt(0) - 0x0966));
  if (/^\d{1,3}$/.test(typed)) {
    const option = memory.options[Number(typed) - 1];
    return option ? { kind: 'value', value: option.value } : { kind: 'none' };
  }
  const lower = typed.toLowerCase();
  const byTitle = memory.options.find(
    (o) => o.title.toLowerCase() === lower || o.shown.toLowerCase() === lower,
  );
  return byTitle ? { kind: 'value', value: byTitle.value } : { kind: 'none' };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCardAction(value: unknown): value is CardAction {
  return isRecord(value) && typeof value.type === 'string' && typeof value.title === 'string';
}

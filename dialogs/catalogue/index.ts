/** Message lookup by locale, with `{name}` placeholders. */
import { en, type MessageKey } from './en';
import { hi } from './hi';

export type Locale = 'en' | 'hi';
export const LOCALES: readonly Locale[] = ['en', 'hi'];
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, hi };

export function t(locale: Locale, key: MessageKey, params: Record<string, string> = {}): string {
  return fill(catalogues[locale][key], params);
}

/** A message with its `{name}` placeholders filled (an unknown one is left as it is). */
export function fill(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** Whether a key (of a journey's declaration, say) names a message of the shared catalogues. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'hi';
}

/** Message lookup by locale, with `{name}` placeholders. */
import { en, type MessageKey } from './en';
import { hi } from './hi';

export type Locale = 'en' | 'hi';
export const LOCALES: readonly Locale[] = ['en', 'hi'];
export type { MessageKey };

const catalogues: Record<Locale, Record<MessageKey, string>> = { en, hi };

export function t(locale: Locale, key: MessageKey, params: Record<string, string> = {}): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'hi';
}

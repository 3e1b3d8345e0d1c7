/** The service menu's button titles as a person sees them, derived from the built-in journey registry. */
import { isMessageKey, t, type Locale, type MessageKey } from '../../dialogs/catalogue';
import { journeyRegistry } from '../../dialogs/journeys/builtIn';

const keysOf = (several: boolean): MessageKey[] =>
  journeyRegistry()
    .menu(several)
    .map((journey) => journey.title)
    .filter(isMessageKey);

/** The menu's message keys, in order, for a member of one community. */
export const MENU_KEYS: readonly MessageKey[] = keysOf(false);
/** The same for a member of several communities ("switch community" among them). */
export const MENU_KEYS_SEVERAL: readonly MessageKey[] = keysOf(true);

const titles = (locale: Locale) => MENU_KEYS.map((key) => t(locale, key));

export const MENU_TITLES_EN = titles('en');
export const MENU_TITLES_HI = titles('hi');

/** The service menu's button titles as a person sees them (one community), shared by tests. */
import { t, type Locale, type MessageKey } from '../../dialogs/catalogue';

/** The menu's message keys, in order, for a member of one community. */
export const MENU_KEYS: readonly MessageKey[] = [
  'menu.workDemand',
  'menu.status',
  'menu.grievance',
  'menu.story',
  'menu.joinCommunity',
  'menu.changeLanguage',
  'menu.endChat',
];

const titles = (locale: Locale) => MENU_KEYS.map((key) => t(locale, key));

export const MENU_TITLES_EN = titles('en');
export const MENU_TITLES_HI = titles('hi');

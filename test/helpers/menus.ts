/** The service menu's button titles as a person sees them (one community), shared by tests. */
import { t, type Locale } from '../../dialogs/catalogue';

const KEYS = [
  'menu.workDemand',
  'menu.status',
  'menu.grievance',
  'menu.story',
  'menu.joinCommunity',
  'menu.changeLanguage',
  'menu.endChat',
] as const;

const titles = (locale: Locale) => KEYS.map((key) => t(locale, key));

export const MENU_TITLES_EN = titles('en');
export const MENU_TITLES_HI = titles('hi');

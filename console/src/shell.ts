/**
 * The header every page shares: the console's name, its two places (submissions, broadcasts), who is
 * signed in, the other language, and signing out.
 */
import { byId, h, show } from './dom.js';
import { lang, setLang, t } from './i18n.js';

export interface ShellActions {
  operator: string;
  /** Shows the page again in the other language. */
  relabel(): void;
  signOut(): void;
}

export function renderShell(current: 'submissions' | 'broadcasts', actions: ShellActions): void {
  const link = (place: 'submissions' | 'broadcasts', key: 'nav.submissions' | 'nav.broadcasts') =>
    h('a', { href: `#/${place}`, ...(current === place ? { 'aria-current': 'page' } : {}) }, t(key));
  document.title = t('app.title');
  show(
    byId('top'),
    h('p', { class: 'brand' }, t('app.title')),
    h(
      'nav',
      { 'aria-label': t('app.title') },
      link('submissions', 'nav.submissions'),
      link('broadcasts', 'nav.broadcasts'),
    ),
    h(
      'div',
      { class: 'who' },
      h('span', {}, t('nav.signedInAs', { name: actions.operator })),
      h(
        'button',
        {
          type: 'button',
          lang: lang() === 'en' ? 'hi' : 'en',
          onclick: () => {
            setLang(lang() === 'en' ? 'hi' : 'en');
            actions.relabel();
          },
        },
        t('nav.language'),
      ),
      h('button', { type: 'button', onclick: () => actions.signOut() }, t('nav.signOut')),
    ),
  );
}

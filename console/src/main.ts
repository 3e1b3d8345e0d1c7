/**
 * The operator console: a page over the operator API (README, "Operator console"). Signs in with a key,
 * then shows the place the address names: `#/submissions` (with filters), `#/submissions/<reference>`,
 * `#/broadcasts`. A key the service refuses at any request signs the console out and shows nothing else.
 */
import { apiWith, session, type Api } from './api.js';
import { byId, h, show } from './dom.js';
import { lang, setLang, t, type WordKey } from './i18n.js';
import { communitiesReader, whoamiReader, type Community } from './models.js';
import { broadcastsView } from './broadcasts.js';
import { alertRegion, report } from './report.js';
import { renderShell } from './shell.js';
import { signInView } from './signIn.js';
import { filtersOf, listView } from './submissionList.js';
import { submissionView } from './submissionPage.js';

interface Signed {
  api: Api;
  operator: string;
  communities: Community[];
}

let signed: Signed | undefined;

function signOut(message?: WordKey): void {
  session.forget();
  signed = undefined;
  show(byId('main'));
  signInView(message, () => void start());
}

async function start(): Promise<void> {
  setLang(lang());
  const key = session.key();
  if (key === undefined) return signInView(undefined, () => void start());
  const api = apiWith(key, () => signOut('signIn.expired'));
  const main = byId('main');
  show(main, h('p', {}, t('loading')));
  try {
    const [who, communities] = await Promise.all([
      api.get('/api/v1/whoami', whoamiReader),
      api.get('/api/v1/communities', communitiesReader),
    ]);
    signed = { api, operator: who.name, communities: communities.items };
  } catch (error) {
    const alert = alertRegion();
    show(main, alert);
    return report(alert, error);
  }
  route();
}

function route(): void {
  if (!signed) return;
  const { api, operator, communities } = signed;
  const main = byId('main');
  const [path = '', hashQuery = ''] = location.hash.replace(/^#/, '').split('?');
  const opened = /^\/submissions\/([^/]+)$/.exec(path);
  renderShell(path.startsWith('/broadcasts') ? 'broadcasts' : 'submissions', {
    operator,
    relabel: route,
    signOut: () => signOut(),
  });
  const failed = (error: unknown): void => {
    const alert = alertRegion();
    main.append(alert);
    report(alert, error);
  };
  if (opened?.[1] !== undefined) submissionView(main, api, decodeURIComponent(opened[1])).catch(failed);
  else if (path.startsWith('/broadcasts')) broadcastsView(main, api, communities);
  else listView(main, api, filtersOf(hashQuery), communities).catch(failed);
  main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
void start();

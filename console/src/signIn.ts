/**
 * The sign-in: an operator key, checked against `GET /api/v1/whoami` before it is kept (for this tab's
 * session only). A refused key is said so, and nothing else is shown.
 */
import { apiWith, ApiError, session } from './api.js';
import { byId, field, h, show } from './dom.js';
import { t, type WordKey } from './i18n.js';
import { whoamiReader } from './models.js';

export function signInView(message: WordKey | undefined, signedIn: () => void): void {
  show(byId('top'), h('h1', {}, t('app.title')));
  const status = h('p', { id: 'sign-in-status', role: 'alert' }, message ? t(message) : '');
  const form = h(
    'form',
    { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, t('signIn.title')),
    h('label', { for: 'key' }, t('signIn.key')),
    h('input', {
      id: 'key',
      name: 'key',
      type: 'password',
      autocomplete: 'off',
      required: true,
      minlength: 32,
      'aria-describedby': 'key-hint',
    }),
    h('p', { id: 'key-hint', class: 'hint' }, t('signIn.hint')),
    h('button', { type: 'submit' }, t('signIn.submit')),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = field(form, 'key');
    status.textContent = t('loading');
    apiWith(key, () => {})
      .get('/api/v1/whoami', whoamiReader)
      .then(() => {
        session.keep(key);
        signedIn();
      })
      .catch((error: unknown) => {
        status.textContent =
          error instanceof ApiError && error.status === 401
            ? t('signIn.refused')
            : error instanceof ApiError && error.status === 0
              ? t('error.offline')
              : t('error.generic', { message: error instanceof Error ? error.message : String(error) });
      });
  });
  show(byId('main'), form);
  document.getElementById('key')?.focus();
}

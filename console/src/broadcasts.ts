/**
 * Broadcasts: a WhatsApp template to every member of a community, and its progress as the service sends
 * it (queued, sent, delivered, read, failed, skipped and why), refreshed until it is done. The broadcasts
 * sent from this tab are remembered for the session.
 */
import type { Api } from './api.js';
import { field, h, show } from './dom.js';
import { t, tOr } from './i18n.js';
import { broadcastReader, type Broadcast, type Community } from './models.js';
import { alertRegion, report } from './report.js';

const SENT_ITEM = 'console.broadcasts';
const FINISHED = ['done', 'cancelled'];
const POLL_MS = 1_000;

function remembered(): string[] {
  const value: unknown = JSON.parse(sessionStorage.getItem(SENT_ITEM) ?? '[]');
  return Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : [];
}

export function broadcastsView(main: HTMLElement, api: Api, communities: readonly Community[]): void {
  const alert = alertRegion();
  const list = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'broadcast-title' },
    h('h2', { id: 'broadcast-title' }, t('broadcast.title')),
    h('label', { for: 'broadcast-community' }, t('broadcast.community')),
    h(
      'select',
      { id: 'broadcast-community', name: 'community', required: true },
      communities.map((c) => h('option', { value: c.id }, c.name)),
    ),
    h('label', { for: 'broadcast-template' }, t('broadcast.template')),
    h('input', {
      id: 'broadcast-template',
      name: 'template',
      required: true,
      autocomplete: 'off',
      pattern: '[a-z0-9_]+',
    }),
    h('label', { for: 'broadcast-language' }, t('broadcast.language')),
    h('input', {
      id: 'broadcast-language',
      name: 'language',
      required: true,
      value: 'hi',
      autocomplete: 'off',
    }),
    h('button', { type: 'submit' }, t('broadcast.submit')),
    alert,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    alert.textContent = '';
    const body = {
      community: field(form, 'community'),
      template: { name: field(form, 'template'), language: field(form, 'language') },
    };
    api
      .send('POST', '/api/v1/broadcasts', body, broadcastReader)
      .then((broadcast) => {
        sessionStorage.setItem(SENT_ITEM, JSON.stringify([broadcast.id, ...remembered()].slice(0, 20)));
        list.prepend(progressView(api, broadcast));
      })
      .catch((error: unknown) => report(alert, error));
  });
  const ids = remembered();
  show(main, h('h1', {}, t('nav.broadcasts')), form, list);
  if (ids.length === 0) list.append(h('p', { class: 'hint' }, t('broadcast.none')));
  for (const id of ids)
    api
      .get(`/api/v1/broadcasts/${encodeURIComponent(id)}`, broadcastReader)
      .then((broadcast) => list.append(progressView(api, broadcast)))
      .catch((error: unknown) => report(alert, error));
}

/** A broadcast's progress, refreshed every second while it runs and the page shows it. */
function progressView(api: Api, first: Broadcast): HTMLElement {
  const box = h('section', { class: 'card broadcast', 'data-broadcast': first.id });
  const alert = alertRegion();
  const render = (b: Broadcast): void => {
    const { counts } = b;
    const handled =
      counts.sent + counts.delivered + counts.read + counts.failed + counts.skipped + counts.unknown;
    const all = handled + counts.queued;
    const reasons = Object.entries({ ...counts.skippedBecause, ...counts.failedBecause })
      .map(([why, n]) => `${why.replace(/_/g, ' ')}: ${n}`)
      .join(', ');
    show(
      box,
      h('h2', {}, t('broadcast.progress', { id: b.id, state: b.state })),
      h('progress', {
        max: Math.max(all, 1),
        value: FINISHED.includes(b.state) ? Math.max(all, 1) : handled,
        'aria-label': b.state,
      }),
      h(
        'p',
        { class: 'broadcast-counts' },
        (['queued', 'sent', 'delivered', 'read', 'failed', 'skipped', 'unknown'] as const)
          .map((name) => `${tOr('count', name)}: ${counts[name]}`)
          .join(' · '),
      ),
      reasons && h('p', { class: 'hint' }, reasons),
      !FINISHED.includes(b.state) &&
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: () =>
              void api
                .send('POST', `/api/v1/broadcasts/${encodeURIComponent(b.id)}/cancel`, {}, broadcastReader)
                .then(render)
                .catch((error: unknown) => report(alert, error)),
          },
          t('broadcast.cancel'),
        ),
      alert,
    );
    if (FINISHED.includes(b.state)) return;
    setTimeout(() => {
      if (!box.isConnected) return;
      api
        .get(`/api/v1/broadcasts/${encodeURIComponent(b.id)}`, broadcastReader)
        .then(render)
        .catch((error: unknown) => report(alert, error));
    }, POLL_MS);
  };
  render(first);
  return box;
}

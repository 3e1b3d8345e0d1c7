/**
 * The conversation with the person, newest first, a page at a time: what they sent, what the bot and
 * operators sent them (text, choices, templates, media), with the delivery statuses reported.
 */
import type { Api } from './api.js';
import { h, show } from './dom.js';
import { t, tOr, when } from './i18n.js';
import { conversationReader, type ConversationItem } from './models.js';
import { alertRegion, report } from './report.js';

/** The conversation with the person who filed submission `reference`. */
export function conversationView(api: Api, reference: string): HTMLElement {
  const alert = alertRegion();
  const items = h('ol', { class: 'conversation', reversed: true });
  const more = h('div');
  const section = h(
    'section',
    { 'aria-labelledby': 'conversation-title' },
    h('h2', { id: 'conversation-title' }, t('conversation.title')),
    alert,
    items,
    more,
  );
  const base = `/api/v1/submissions/${encodeURIComponent(reference)}/conversation`;
  const page = (cursor?: string): void => {
    api
      .get(`${base}?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, conversationReader)
      .then((answer) => {
        if (!cursor && answer.items.length === 0) items.append(h('li', {}, t('conversation.empty')));
        items.append(...answer.items.map(itemView));
        show(
          more,
          answer.next !== undefined &&
            h(
              'button',
              { type: 'button', class: 'secondary', onclick: () => page(answer.next) },
              t('conversation.older'),
            ),
        );
      })
      .catch((error: unknown) => report(alert, error));
  };
  page();
  return section;
}

function itemView(item: ConversationItem): HTMLElement {
  const said =
    item.text ??
    item.choice?.title ??
    (item.template && `📋 ${item.template.name} (${item.template.language})`) ??
    (item.location && `📍 ${item.location.latitude}, ${item.location.longitude}`) ??
    (item.media && `📎 ${item.media.map((m) => m.contentType ?? '').join(', ')}`) ??
    '';
  const who =
    item.direction === 'in' ? t('conversation.in') : item.by === 'bot' ? t('conversation.out') : item.by;
  return h(
    'li',
    { class: `message message-${item.direction === 'in' ? 'in' : 'out'}` },
    h(
      'p',
      { class: 'meta' },
      who,
      ' · ',
      h('time', { datetime: item.time }, when(item.time)),
      item.statuses.map((s) => ` · ${tOr('delivery', s.status)}`),
    ),
    h('p', { class: 'said' }, said),
  );
}

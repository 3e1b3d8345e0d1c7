/**
 * A submission's status history, oldest first: each status with its time, who made the change and the
 * note, and whether the person was told (sent as text or template, not sent and why, failed) with the
 * delivery statuses the platform reported (sent, delivered, read, failed).
 */
import { h } from './dom.js';
import { t, tOr, when } from './i18n.js';
import type { Notification, Submission } from './models.js';

export function historyView(submission: Submission): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, t('submission.history')),
    h(
      'ol',
      { class: 'history' },
      submission.statusHistory.map((entry) =>
        h(
          'li',
          {},
          h('strong', { class: `status status-${entry.status}` }, tOr('status', entry.status)),
          ' · ',
          h('time', { datetime: entry.at }, when(entry.at)),
          ' · ',
          entry.by ? t('submission.by', { by: entry.by }) : t('submission.byPerson'),
          entry.note && h('p', { class: 'note' }, entry.note),
          entry.notification && notificationView(entry.notification),
        ),
      ),
    ),
  );
}

export function notificationView(notification: Notification): HTMLElement {
  const reason = notification.reason ?? '—';
  const said =
    notification.state === 'sent'
      ? t('notification.sent', { via: notification.via ?? '' })
      : notification.state === 'not_sent'
        ? t('notification.not_sent', { reason })
        : t('notification.failed', { reason });
  return h(
    'p',
    { class: `notification notification-${notification.state}` },
    said,
    (notification.statuses ?? []).map((s) =>
      h(
        'span',
        { class: `delivery delivery-${s.status}` },
        ` · ${tOr('delivery', s.status)} ${when(s.time)}`,
      ),
    ),
  );
}

/**
 * What an operator does on a submission's page: change its status with a note (the service tells the
 * person, as the API does, and the answer says whether it reached them), and message the person (text,
 * or on WhatsApp an approved template), from the number they wrote to.
 */
import type { Api } from './api.js';
import { field, h } from './dom.js';
import { t, tOr } from './i18n.js';
import { changedReader, sentReader, STATUSES, type Submission } from './models.js';
import { notificationView } from './history.js';
import { alertRegion, report } from './report.js';

/** `changed` is given what happened (the new status, whether the person was told) to show it. */
export function statusForm(
  api: Api,
  submission: Submission,
  changed: (done: HTMLElement) => void,
): HTMLElement {
  const alert = alertRegion();
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'change-title' },
    h('h2', { id: 'change-title' }, t('change.title')),
    h('label', { for: 'change-status' }, t('change.status')),
    h(
      'select',
      { id: 'change-status', name: 'status', required: true },
      STATUSES.map((status) =>
        h('option', { value: status, selected: status === submission.status }, tOr('status', status)),
      ),
    ),
    h('label', { for: 'change-note' }, t('change.note')),
    h('textarea', { id: 'change-note', name: 'note', rows: 3, maxlength: 2000 }),
    h('button', { type: 'submit' }, t('change.submit')),
    alert,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const note = field(form, 'note');
    const body = { status: field(form, 'status'), ...(note ? { note } : {}) };
    alert.textContent = '';
    api
      .send('PATCH', `/api/v1/submissions/${encodeURIComponent(submission.reference)}`, body, changedReader)
      .then((result) =>
        changed(
          h(
            'div',
            {},
            h('p', {}, t('change.done', { status: tOr('status', result.status) })),
            notificationView(result.notification),
          ),
        ),
      )
      .catch((error: unknown) => report(alert, error));
  });
  return form;
}

export function messageForm(api: Api, submission: Submission, sent: () => void): HTMLElement {
  const alert = alertRegion();
  const done = h('p', { role: 'status' });
  const whatsapp = submission.user.channel === 'whatsapp';
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'message-title' },
    h('h2', { id: 'message-title' }, t('message.title')),
    h('label', { for: 'message-text' }, t('message.text')),
    h('textarea', { id: 'message-text', name: 'text', rows: 3 }),
    whatsapp && [
      h('label', { for: 'message-template' }, t('message.template')),
      h('input', { id: 'message-template', name: 'template', autocomplete: 'off', pattern: '[a-z0-9_]+' }),
      h('label', { for: 'message-language' }, t('message.language')),
      h('input', { id: 'message-language', name: 'language', value: submission.locale, autocomplete: 'off' }),
    ],
    h('button', { type: 'submit' }, t('message.submit')),
    alert,
    done,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const template = whatsapp ? field(form, 'template') : '';
    const text = field(form, 'text');
    const body = template ? { template: { name: template, language: field(form, 'language') } } : { text };
    alert.textContent = '';
    done.textContent = '';
    api
      .send(
        'POST',
        `/api/v1/submissions/${encodeURIComponent(submission.reference)}/messages`,
        body,
        sentReader,
      )
      .then(() => {
        done.textContent = t('message.sent');
        form.reset();
        sent();
      })
      .catch((error: unknown) => report(alert, error));
  });
  return form;
}

/**
 * One submission: who filed it (their number masked until an operator reveals it, which the audit trail
 * records), its community and place, what they wrote, their photos and voice notes, its status history
 * with whether each change reached them; and the actions: change its status, message the person, read
 * the conversation.
 */
import { ApiError, type Api } from './api.js';
import { h, show } from './dom.js';
import { t, tOr, when } from './i18n.js';
import { contactReader, submissionReader, type Submission } from './models.js';
import { mediaView } from './media.js';
import { placeView } from './place.js';
import { historyView } from './history.js';
import { messageForm, statusForm } from './actions.js';
import { conversationView } from './conversation.js';
import { alertRegion, report } from './report.js';

/** Shows the submission; `flash` (what the last action did) above it, when given. */
export async function submissionView(
  main: HTMLElement,
  api: Api,
  reference: string,
  flash?: HTMLElement,
): Promise<void> {
  const alert = alertRegion();
  show(main, h('p', {}, t('loading')));
  let submission: Submission;
  try {
    // Masked: the person's number reaches this page only through an audited reveal.
    const path = `/api/v1/submissions/${encodeURIComponent(reference)}?mask=true`;
    submission = await api.get(path, submissionReader);
  } catch (error) {
    show(main, back(), alert);
    if (error instanceof ApiError && error.status === 404)
      alert.textContent = t('list.noReference', { reference });
    else report(alert, error);
    return;
  }
  const changed = (done: HTMLElement) => void submissionView(main, api, reference, done);
  const conversation = h('div', {}, conversationView(api, submission.reference));
  const refresh = () => show(conversation, conversationView(api, submission.reference));
  show(
    main,
    back(),
    h(
      'h1',
      {},
      `${tOr('type', submission.type)} ${submission.reference} `,
      h('span', { class: `status status-${submission.status}` }, tOr('status', submission.status)),
    ),
    h('p', { class: 'hint' }, when(submission.createdAt)),
    flash && h('div', { role: 'status', class: 'card flash' }, flash),
    alert,
    h(
      'div',
      { class: 'columns' },
      h(
        'div',
        {},
        whoView(api, submission, alert),
        h(
          'section',
          { 'aria-labelledby': 'place-title' },
          h('h2', { id: 'place-title' }, t('submission.place')),
          h('p', {}, `${t('submission.community')}: ${submission.community.name}`),
          submission.location && placeView(submission.location),
        ),
        h(
          'section',
          { 'aria-labelledby': 'text-title' },
          h('h2', { id: 'text-title' }, t('submission.description')),
          h('p', { class: 'said', lang: submission.locale }, submission.text ?? t('submission.noText')),
        ),
        mediaView(api, submission.reference, submission.media, alert),
        historyView(submission),
      ),
      h('div', {}, statusForm(api, submission, changed), messageForm(api, submission, refresh), conversation),
    ),
  );
}

function back(): HTMLElement {
  return h('p', {}, h('a', { href: '#/submissions' }, t('submission.back')));
}

function whoView(api: Api, submission: Submission, alert: HTMLElement): HTMLElement {
  const number = h('span', { class: 'number', id: 'person-number' }, submission.user.id);
  const reveal = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-describedby': 'reveal-note',
      onclick: () => {
        api
          .send(
            'POST',
            `/api/v1/submissions/${encodeURIComponent(submission.reference)}/contact`,
            {},
            contactReader,
          )
          .then((contact) => {
            number.textContent = contact.userId;
            reveal.remove();
          })
          .catch((error: unknown) => report(alert, error));
      },
    },
    t('submission.reveal'),
  );
  return h(
    'section',
    { 'aria-labelledby': 'who-title' },
    h('h2', { id: 'who-title' }, t('submission.who')),
    h(
      'dl',
      {},
      h('dt', {}, t('submission.name')),
      h('dd', {}, submission.user.name ?? '—'),
      h('dt', {}, t('submission.channel')),
      h('dd', {}, submission.user.channel),
      h('dt', {}, t('submission.number')),
      h('dd', {}, number, ' ', reveal),
    ),
    h('p', { id: 'reveal-note', class: 'hint' }, t('submission.revealNote')),
  );
}

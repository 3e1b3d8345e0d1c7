/**
 * The submissions list: filters (type, status, community, dates, reference), counts by status, a page at
 * a time (newest first), and the selection as CSV. The filters live in the address (`#/submissions?...`),
 * so a filtered list can be bookmarked and the browser's back button undoes a filter.
 */
import { query, type Api } from './api.js';
import { field, h, show } from './dom.js';
import { t, tOr, when } from './i18n.js';
import { countsReader, pageReader, STATUSES, type Community, type Submission } from './models.js';
import { alertRegion, report } from './report.js';

const FILTERS = ['type', 'status', 'community', 'since', 'until', 'reference', 'cursor'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const REFERENCE = /^[A-Z]{2,4}-[0-9A-Z]{6}$/;
const TYPES = ['work_demand', 'grievance', 'story'];

/** The cursors of the pages before this one, to page back. */
const trail: string[] = [];

export function filtersOf(hashQuery: string): Filters {
  const params = new URLSearchParams(hashQuery);
  const filters: Filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

function dayAfter(date: string): string {
  return new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
}

function go(filters: Filters): void {
  location.hash = `#/submissions${query(filters)}`;
}

export async function listView(
  main: HTMLElement,
  api: Api,
  filters: Filters,
  communities: readonly Community[],
): Promise<void> {
  const alert = alertRegion();
  const { reference, cursor, ...picked } = filters;
  // "To" a day includes that day: the API's `until` is the next day's start.
  const selection = { ...picked, until: picked.until && dayAfter(picked.until) };
  if (cursor === undefined) trail.length = 0;
  const form = filterForm(filters, communities);
  const countsBox = h('section', { 'aria-labelledby': 'counts-title', class: 'counts' });
  const results = h('section', { 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', {}, t('loading')));
  const csvStatus = h('p', { class: 'hint', role: 'status' });
  const csv = h(
    'button',
    { type: 'button', onclick: () => void exportCsv(api, selection, csvStatus, alert) },
    t('list.csv'),
  );
  show(
    main,
    h('h1', {}, t('nav.submissions')),
    form,
    countsBox,
    h('div', { class: 'row' }, csv, csvStatus),
    alert,
    results,
  );

  const { status: _status, ...withoutStatus } = selection;
  const [counts, page] = await Promise.all([
    api.get(`/api/v1/submissions/counts${query(withoutStatus)}`, countsReader),
    api.get(`/api/v1/submissions${query({ ...selection, cursor, limit: '25', mask: 'true' })}`, pageReader),
  ]).catch((error: unknown) => {
    report(alert, error);
    return [undefined, undefined] as const;
  });
  if (counts) show(countsBox, countChips(counts, filters));
  results.setAttribute('aria-busy', 'false');
  if (!page) return show(results);
  const wanted = reference?.toUpperCase();
  const items = wanted ? page.items.filter((s) => s.reference.includes(wanted)) : page.items;
  show(
    results,
    items.length === 0 ? h('p', {}, t('list.empty')) : table(items),
    pager(filters, cursor, page.next),
  );
}

function filterForm(filters: Filters, communities: readonly Community[]): HTMLFormElement {
  const select = (name: 'type' | 'status' | 'community', label: string, options: [string, string][]) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `filter-${name}` }, label),
      h(
        'select',
        { id: `filter-${name}`, name },
        h('option', { value: '' }, t('filters.any')),
        options.map(([value, text]) => h('option', { value, selected: filters[name] === value }, text)),
      ),
    );
  const input = (name: 'since' | 'until' | 'reference', label: string, type: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `filter-${name}` }, label),
      h('input', { id: `filter-${name}`, name, type, value: filters[name] ?? '', autocomplete: 'off' }),
    );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filters.title') },
    select(
      'type',
      t('filters.type'),
      TYPES.map((type) => [type, tOr('type', type)]),
    ),
    select(
      'status',
      t('filters.status'),
      STATUSES.map((status) => [status, tOr('status', status)]),
    ),
    select(
      'community',
      t('filters.community'),
      communities.map((c) => [c.id, c.name]),
    ),
    input('since', t('filters.since'), 'date'),
    input('until', t('filters.until'), 'date'),
    input('reference', t('filters.reference'), 'search'),
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit' }, t('filters.apply')),
      h('button', { type: 'button', class: 'secondary', onclick: () => go({}) }, t('filters.clear')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const reference = field(form, 'reference').toUpperCase();
    // A whole reference opens its submission; part of one filters the page.
    if (REFERENCE.test(reference)) {
      location.hash = `#/submissions/${encodeURIComponent(reference)}`;
      return;
    }
    go({
      type: field(form, 'type'),
      status: field(form, 'status'),
      community: field(form, 'community'),
      since: field(form, 'since'),
      until: field(form, 'until'),
      reference,
    });
  });
  return form;
}

function countChips(
  counts: { total: number; byStatus: Record<string, number> },
  filters: Filters,
): HTMLElement[] {
  const chip = (status: string | undefined, text: string) =>
    h(
      'a',
      {
        class: 'chip',
        href: `#/submissions${query({ ...filters, cursor: undefined, status })}`,
        ...(filters.status === status ? { 'aria-current': 'true' } : {}),
      },
      text,
    );
  return [
    h('h2', { id: 'counts-title', class: 'visually-hidden' }, t('list.counts')),
    chip(undefined, t('list.total', { n: counts.total })),
    ...STATUSES.map((status) => chip(status, `${tOr('status', status)}: ${counts.byStatus[status] ?? 0}`)),
  ];
}

function table(items: readonly Submission[]): HTMLElement {
  const head = [
    'col.reference',
    'col.type',
    'col.status',
    'col.community',
    'col.created',
    'col.media',
  ] as const;
  return h(
    'table',
    { class: 'submissions' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((key) => h('th', { scope: 'col' }, t(key))),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((s) =>
        h(
          'tr',
          {},
          h(
            'td',
            { 'data-label': t('col.reference') },
            h('a', { href: `#/submissions/${encodeURIComponent(s.reference)}` }, s.reference),
          ),
          h('td', { 'data-label': t('col.type') }, tOr('type', s.type)),
          h(
            'td',
            { 'data-label': t('col.status') },
            h('span', { class: `status status-${s.status}` }, tOr('status', s.status)),
          ),
          h('td', { 'data-label': t('col.community') }, s.community.name),
          h('td', { 'data-label': t('col.created') }, when(s.createdAt)),
          h('td', { 'data-label': t('col.media') }, String(s.media.length)),
        ),
      ),
    ),
  );
}

function pager(filters: Filters, cursor: string | undefined, next: string | undefined): HTMLElement {
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('list.next') },
    cursor !== undefined &&
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => go({ ...filters, cursor: trail.pop() || undefined }),
        },
        t('list.previous'),
      ),
    next !== undefined &&
      h(
        'button',
        {
          type: 'button',
          onclick: () => {
            trail.push(cursor ?? '');
            go({ ...filters, cursor: next });
          },
        },
        t('list.next'),
      ),
  );
}

async function exportCsv(
  api: Api,
  selection: Filters,
  status: HTMLElement,
  alert: HTMLElement,
): Promise<void> {
  try {
    status.textContent = t('loading');
    const file = await api.file(
      `/api/v1/submissions${query({ ...selection, format: 'csv', mask: 'true' })}`,
      'text/csv',
    );
    const name = `submissions-${new Date().toISOString().slice(0, 10)}.csv`;
    const url = URL.createObjectURL(file);
    const link = h('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    status.textContent = t('list.csvDone', { file: name });
  } catch (error) {
    status.textContent = '';
    report(alert, error);
  }
}

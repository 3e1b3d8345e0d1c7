/**
 * Submissions as CSV (RFC 4180) for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads Hindi as
 * Hindi), a header row, CRLF line ends, a cell quoted when it holds a comma, a quote or a line break.
 * A cell that a spreadsheet would run as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) is prefixed with `'`; a plain number (`-73.52`) is left as it is.
 */
import type { Submission } from '../../../domain/submissions/submission';

type Cell = string | number | undefined;

const COLUMNS: readonly (readonly [string, (s: Submission) => Cell])[] = [
  ['reference', (s) => s.reference],
  ['type', (s) => s.type],
  ['status', (s) => s.status],
  ['created_at', (s) => s.createdAt],
  ['community_id', (s) => s.community.id],
  ['community_name', (s) => s.community.name],
  ['channel', (s) => s.user.channel],
  ['user_id', (s) => s.user.id],
  ['user_name', (s) => s.user.name],
  ['locale', (s) => s.locale],
  ['text', (s) => s.text],
  ['latitude', (s) => s.location?.latitude],
  ['longitude', (s) => s.location?.longitude],
  ['place', (s) => s.location?.name ?? s.location?.address],
  ['fields', (s) => (s.fields === undefined ? undefined : JSON.stringify(s.fields))],
  ['media_count', (s) => s.media.length],
  ['status_changed_at', (s) => s.statusHistory.at(-1)?.at],
  ['status_note', (s) => s.statusHistory.at(-1)?.note],
];

const BOM = '\uFEFF';
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** One cell as CSV: safe from formula injection, quoted where needed. */
export function csvCell(value: Cell): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * The whole selection as CSV, one chunk per page: `page` gives the submissions after a cursor (the first
 * page for `undefined`) and the next cursor. The first page is read before anything is given, so a
 * selection that cannot be read fails before the answer begins.
 */
export async function* submissionsCsv(
  page: (cursor: string | undefined) => Promise<{ items: Submission[]; next: string | undefined }>,
  from?: string,
): AsyncGenerator<string> {
  let current = await page(from);
  yield BOM + row(COLUMNS.map(([name]) => name)) + rows(current.items);
  while (current.next !== undefined) {
    current = await page(current.next);
    yield rows(current.items);
  }
}

function rows(items: readonly Submission[]): string {
  return items.map((s) => row(COLUMNS.map(([, of]) => of(s)))).join('');
}

/** The CSV export: safe cells, quoting, a BOM and a header, and every page of the selection in turn. */
import assert from 'node:assert/strict';
import { csvCell, submissionsCsv } from '../../../../src/app/operatorApi/routes/submissionCsv';
import type { Submission } from '../../../../src/domain/submissions/submission';

const submission = (reference: string, text: string): Submission => ({
  reference,
  type: 'grievance',
  user: { channel: 'whatsapp', id: '919800000001' },
  channel: 'whatsapp',
  community: { id: 'jhadol', name: 'Jhadol' },
  location: { latitude: 24.38, longitude: -73.52, source: 'typed' },
  text,
  media: [],
  locale: 'hi',
  createdAt: '2026-11-01T10:00:00.000Z',
  status: 'submitted',
  statusHistory: [{ status: 'submitted', at: '2026-11-01T10:00:00.000Z' }],
});

describe('submissions as CSV', () => {
  it('prefixes a cell a spreadsheet would run as a formula, and leaves plain numbers alone', () => {
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+91 98'), "'+91 98");
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell(-73.52), '-73.52');
    assert.equal(csvCell('-73.52'), '-73.52');
    assert.equal(csvCell(undefined), '');
  });

  it('quotes a cell with a comma, a quote or a line break, doubling its quotes', () => {
    assert.equal(csvCell('a, b'), '"a, b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('one\ntwo'), '"one\ntwo"');
    assert.equal(csvCell('हैंडपंप खराब है'), 'हैंडपंप खराब है');
  });

  it('gives a BOM and the header with the first page, then each further page, until the last', async () => {
    const pages = new Map([
      [undefined, { items: [submission('GR-AAAAAA', 'पहला, "एक"')], next: 'p2' }],
      ['p2', { items: [submission('GR-BBBBBB', '=1+1')], next: 'p3' }],
      ['p3', { items: [submission('GR-CCCCCC', 'last')], next: undefined }],
    ]);
    const asked: (string | undefined)[] = [];
    const chunks: string[] = [];
    for await (const chunk of submissionsCsv((cursor) => {
      asked.push(cursor);
      const page = pages.get(cursor);
      if (!page) throw new Error(`no page ${cursor}`);
      return Promise.resolve(page);
    }))
      chunks.push(chunk);
    assert.deepEqual(asked, [undefined, 'p2', 'p3']);
    assert.equal(chunks.length, 3);
    const csv = chunks.join('');
    assert.ok(csv.startsWith('\uFEFFreference,type,status,created_at,'));
    const lines = csv.slice(1).split('\r\n');
    assert.equal(lines.length, 5, 'header, three rows, and the empty string after the last CRLF');
    assert.match(lines[1] ?? '', /^GR-AAAAAA,grievance,submitted,.*,"पहला, ""एक""",24\.38,-73\.52,/);
    assert.match(lines[2] ?? '', /^GR-BBBBBB,.*,'=1\+1,/);
    assert.match(lines[3] ?? '', /^GR-CCCCCC,/);
  });

  it('reads the first page before it gives anything, so a selection that cannot be read fails first', async () => {
    const csv = submissionsCsv(() => Promise.reject(new Error('storage down')));
    await assert.rejects(csv.next(), /storage down/);
  });
});

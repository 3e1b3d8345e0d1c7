import assert from 'node:assert/strict';
import { NoticeSummary } from '../../../adapters/base/noticeSummary';
import { capturedLog } from '../../helpers/capturedLog';

describe('NoticeSummary', () => {
  it('tells 100,000 notices in one line: counts by kind, three examples of each', () => {
    const { lines, log } = capturedLog();
    const summary = new NoticeSummary('whatsapp');
    for (let i = 0; i < 100_000; i += 1)
      summary.add({ kind: 'field not handled', where: `entry[0].changes[${i}]`, detail: 'account_update' });
    summary.add({ kind: 'not a status', where: 'entry[1].changes[0].statuses[4]' });
    summary.log(log);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'info');
    const fields = JSON.parse(lines[0]?.line.slice(lines[0].line.indexOf('{')) ?? '{}');
    assert.deepEqual(fields, {
      counts: { 'field not handled': 100_000, 'not a status': 1 },
      examples: {
        'field not handled': [
          'entry[0].changes[0] (account_update)',
          'entry[0].changes[1] (account_update)',
          'entry[0].changes[2] (account_update)',
        ],
        'not a status': ['entry[1].changes[0].statuses[4]'],
      },
    });
    assert.match(
      lines[0]?.line ?? '',
      /^\S+ INFO {2}whatsapp: 100001 notice\(s\) about the webhook, by kind /,
    );
  });

  it('is a warning when any notice is one, and says nothing when there is nothing to tell', () => {
    const { lines, log } = capturedLog();
    new NoticeSummary('messenger').log(log);
    assert.equal(lines.length, 0);
    const summary = new NoticeSummary('messenger');
    summary.add({ kind: 'echo', where: 'entry[0].messaging[0]' });
    summary.add({ kind: 'quarantined: cannot be stored', where: 'entry[0].messaging[1]', level: 'warn' });
    summary.log(log);
    assert.deepEqual(
      lines.map((l) => l.level),
      ['warn'],
    );
  });
});

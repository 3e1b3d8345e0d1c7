import assert from 'node:assert/strict';
import { MAX_JSON_DEPTH, TOO_DEEP } from '../../../adapters/base/jsonDepth';
import { parseProvenBody } from '../../../adapters/base/provenBody';
import { httpStatusOf } from '../../../src/core/errors';
import { capturedLog } from '../../helpers/capturedLog';
import { nestedObjects } from '../../helpers/deepJson';

describe('parseProvenBody', () => {
  it('parses a body of ordinary depth as it is, saying nothing', () => {
    const { lines, log } = capturedLog();
    assert.deepEqual(parseProvenBody(Buffer.from('{"entry":[{"id":"1"}]}'), log, 'whatsapp'), {
      entry: [{ id: '1' }],
    });
    assert.equal(parseProvenBody(Buffer.alloc(0), log, 'whatsapp'), undefined);
    assert.equal(lines.length, 0);
  });

  it('cuts subtrees deeper than MAX_JSON_DEPTH where they are, and warns once with their count', () => {
    const { lines, log } = capturedLog();
    const raw = Buffer.from(`{"a":[${nestedObjects(4_500)},{"ok":1},${nestedObjects(MAX_JSON_DEPTH + 5)}]}`);
    const body = Object(parseProvenBody(raw, log, 'messenger'));
    assert.deepEqual(body.a[1], { ok: 1 });
    assert.doesNotThrow(() => JSON.stringify(body));
    assert.match(JSON.stringify(body), new RegExp(TOO_DEEP.replace(/[[\]]/g, '\\$&')));
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.level, 'warn');
    assert.match(lines[0]?.line ?? '', /messenger: webhook nested too deep.*"cut":2\b/);
  });

  it('refuses bytes that are not JSON with 400 invalid_json', () => {
    const { log } = capturedLog();
    assert.throws(
      () => parseProvenBody(Buffer.from('{"a":'), log, 'whatsapp'),
      (error: unknown) => httpStatusOf(error) === 400 && /not valid JSON/.test(String(error)),
    );
  });
});

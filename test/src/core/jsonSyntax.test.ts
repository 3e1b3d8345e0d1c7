/** The JSON syntax locator behind CHANNELS_FILE and COMMUNITIES_FILE messages. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../../helpers/botProcess';
import { locateJsonError } from '../../../src/core/jsonSyntax';

const ROOT = REPO_ROOT;

describe('locateJsonError', () => {
  it('finds nothing wrong in valid JSON', () => {
    for (const text of [
      readFileSync(resolve(ROOT, 'data', 'communities.sample.geojson'), 'utf8'),
      readFileSync(resolve(ROOT, 'package.json'), 'utf8'),
      '{"a":[1,-2.5e+3,0,true,false,null,"\\u00e9\\n\\"x\\""],"b":{}}',
      ' [ ] ',
      '"text"',
      '-0.5',
    ]) {
      assert.doesNotThrow(() => JSON.parse(text));
      assert.equal(locateJsonError(text), undefined, text.slice(0, 40));
    }
  });

  it('places every error JSON.parse refuses, and quotes nothing of the text', () => {
    for (const [text, line, column] of [
      ['{"key": "s3cret" "next": 1}', 1, 18],
      ['{"a": 01}', 1, 8],
      ['{"a": "line\nbreak"}', 1, 12],
      ['{"a": "\\x"}', 1, 8],
      ['[1, 2,]', 1, 7],
      ['{"a": 1} {}', 1, 10],
      ['{"a": s3cret}', 1, 7],
      ['', 1, 1],
    ] as const) {
      assert.throws(() => JSON.parse(text));
      const found = locateJsonError(text);
      assert.deepEqual([found?.line, found?.column], [line, column], text);
      assert.doesNotMatch(found?.reason ?? '', /s3cret/);
    }
  });
});

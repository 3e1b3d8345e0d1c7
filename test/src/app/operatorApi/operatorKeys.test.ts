/** OPERATOR_API_KEYS: parsed at start into named keys; every problem names the variable, never a key. */
import assert from 'node:assert/strict';
import { loadConfig, secretsOf } from '../../../../src/app/config';
import { ConfigError } from '../../../../src/core/errors';
import { operatorKey } from '../../../helpers/operatorApi';

function problemsOf(value: string): string[] {
  try {
    loadConfig({ OPERATOR_API_KEYS: value });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return assert.fail('expected a ConfigError');
}

describe('OPERATOR_API_KEYS', () => {
  it('reads comma-separated keys, named by name:key or by a hash of the key', () => {
    const alice = operatorKey('alice');
    const plain = operatorKey('plain');
    const keys = loadConfig({ OPERATOR_API_KEYS: ` alice:${alice} , ${plain}` }).OPERATOR_API_KEYS;
    assert.equal(keys?.length, 2);
    assert.deepEqual(keys[0], { name: 'alice', key: alice });
    assert.equal(keys[1]?.key, plain);
    assert.match(keys[1]?.name ?? '', /^key-[0-9a-f]{8}$/);
  });

  it('refuses a key shorter than 32 characters, naming the variable and the entry, never the key', () => {
    const short = 'short-but-secret-value';
    const problems = problemsOf(`${operatorKey('ok')},ops:${short}`);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^OPERATOR_API_KEYS entry 2 \(ops\) is shorter than 32 characters$/);
    assert.ok(!problems.join().includes(short));
  });

  it('refuses an empty entry, a bad name, a key given twice and a name given twice', () => {
    const key = operatorKey('one');
    assert.match(problemsOf(`${key},`).join(), /entry 2 is empty/);
    assert.match(problemsOf(`al ice:${key}`).join(), /entry 1 has a name/);
    assert.match(problemsOf(`a:${key},b:${key}`).join(), /the key named b is given twice/);
    assert.match(problemsOf(`a:${key},a:${operatorKey('two')}`).join(), /the name a is given to two keys/);
    assert.ok(!problemsOf(`a:${key},b:${key}`).join().includes(key));
  });

  it('counts every key as a secret, so no log line prints one', () => {
    const key = operatorKey('secret');
    assert.ok(secretsOf(loadConfig({ OPERATOR_API_KEYS: `ops:${key}` })).includes(key));
  });

  it('caps requests a minute per key at 600 unless OPERATOR_API_REQUESTS_PER_MINUTE says otherwise', () => {
    assert.equal(loadConfig({}).OPERATOR_API_REQUESTS_PER_MINUTE, 600);
    assert.equal(loadConfig({ OPERATOR_API_REQUESTS_PER_MINUTE: '30' }).OPERATOR_API_REQUESTS_PER_MINUTE, 30);
  });
});

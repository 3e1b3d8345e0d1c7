/**
 * `OPERATOR_API_KEYS`: comma-separated keys, each at least 32 characters, optionally `name:key` so the
 * audit trail names who acted (a key without a name is named by a short hash of it). Problems name the
 * entry by position (and its name), never the key.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const MIN_KEY_LENGTH = 32;

export interface OperatorKey {
  /** Who acts with this key, as the audit trail records it. */
  name: string;
  key: string;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The keys of an `OPERATOR_API_KEYS` value, or the problems that keep it from being used. */
export function parseOperatorKeys(value: string): { keys: OperatorKey[]; problems: string[] } {
  const keys: OperatorKey[] = [];
  const problems: string[] = [];
  value.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const colon = entry.indexOf(':');
    const named = colon >= 0;
    const name = named ? entry.slice(0, colon).trim() : '';
    const key = named ? entry.slice(colon + 1).trim() : entry;
    const label = `entry ${index + 1}${named && NAME.test(name) ? ` (${name})` : ''}`;
    const problem =
      entry === ''
        ? 'is empty'
        : named && !NAME.test(name)
          ? "has a name (before ':') that is not 1-64 letters, digits, '.', '_' or '-'"
          : key.length < MIN_KEY_LENGTH
            ? `is shorter than ${MIN_KEY_LENGTH} characters`
            : /\s/.test(key)
              ? 'contains white space'
              : undefined;
    if (problem !== undefined) problems.push(`${label} ${problem}`);
    else keys.push({ name: named ? name : unnamed(key), key });
  });
  for (const [index, { name, key }] of keys.entries()) {
    const earlier = keys.slice(0, index);
    if (earlier.some((k) => k.key === key)) problems.push(`the key named ${name} is given twice`);
    else if (earlier.some((k) => k.name === name)) problems.push(`the name ${name} is given to two keys`);
  }
  return { keys, problems };
}

/** The config schema's field: the parsed keys, each problem an issue of the variable. */
export const operatorKeysSchema = z.string().transform((value, context) => {
  const { keys, problems } = parseOperatorKeys(value);
  for (const message of problems) context.addIssue({ code: 'custom', message });
  return keys;
});

/** A key without a name: named by the first characters of its SHA-256, which do not reveal it. */
function unnamed(key: string): string {
  return `key-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
}

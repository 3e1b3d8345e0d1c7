/**
 * Deeply nested JSON for hostile-input tests, built as text: `JSON.stringify` of such a value overflows
 * the stack, which is the very failure these bodies provoke.
 */

/** `{"n":{"n":…0…}}`, `levels` objects deep. */
export function nestedObjects(levels: number): string {
  return `${'{"n":'.repeat(levels)}0${'}'.repeat(levels)}`;
}

/** `[[[…]]]`, `levels` arrays deep. */
export function nestedArrays(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** Where a test body holds this string, `withRaw` puts raw JSON text. */
export const RAW_HERE = '__raw_json_here__';

/** `body` serialised, each `"__raw_json_here__"` in it replaced by the next of `raw`, in order. */
export function withRaw(body: unknown, ...raw: string[]): Buffer {
  let index = 0;
  const text = JSON.stringify(body).replaceAll(JSON.stringify(RAW_HERE), () => raw[index++] ?? 'null');
  return Buffer.from(text, 'utf8');
}

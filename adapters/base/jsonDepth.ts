/**
 * Nesting depth of JSON, measured and bounded without recursion. A body nested thousands of levels deep
 * parses (V8's JSON.parse is iterative) but overflows the stack of everything recursive after it
 * (`JSON.stringify` when the event is stored, structured clones, deep equality), so depth is checked on
 * the raw bytes of unauthenticated bodies, and deep subtrees of signed ones are cut where they are.
 */

/** Deeper than this, a JSON value is not a message from a person. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of `[` and `{` in raw JSON, strings skipped; stops counting past `stopAt`. */
export function rawJsonDepth(raw: Uint8Array, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i];
    if (inString) {
      if (byte === 0x5c)
        i += 1; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAt) return deepest;
    } else if (byte === 0x5d || byte === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * Longer than this (UTF-16 units), a string in a webhook is not a person's message (WhatsApp's text limit
 * is 4,096 characters): it is cut to this length, so a megabyte field is not copied through every later
 * step (stored, read back, handed to the dialog), and the dialog still sees that it was too long.
 */
export const MAX_STRING_LENGTH = 65_536;

/** What a subtree cut for being too deep becomes. */
export const TOO_DEEP = '[nested too deep]';

/**
 * A copy of a parsed JSON value in which every object or array deeper than `maxDepth` is replaced by
 * `TOO_DEEP`, and every string longer than `maxString` is cut to it (ending in "…"); `cut` counts both.
 * Iterative: any depth is safe. The top level is depth 1.
 */
export function pruneDepth(
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
  maxString = MAX_STRING_LENGTH,
): { value: unknown; cut: number } {
  let cut = 0;
  const copyOf = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string' && node.length > maxString) {
      cut += 1;
      const end = isHighSurrogate(node.charCodeAt(maxString - 1)) ? maxString - 1 : maxString;
      return `${node.slice(0, end)}…`;
    }
    if (typeof node !== 'object' || node === null) return node;
    if (depth > maxDepth) {
      cut += 1;
      return TOO_DEEP;
    }
    return Array.isArray(node) ? new Array<unknown>(node.length) : {};
  };
  const root = copyOf(value, 1);
  const work: { source: unknown; target: unknown; depth: number }[] = [];
  if (root !== TOO_DEEP) work.push({ source: value, target: root, depth: 1 });
  for (let next = work.pop(); next !== undefined; next = work.pop()) {
    const { source, target, depth } = next;
    if (typeof source !== 'object' || source === null || typeof target !== 'object' || target === null)
      continue;
    for (const [key, child] of Object.entries(source)) {
      const copy = copyOf(child, depth + 1);
      Reflect.set(target, key, copy);
      if (copy !== child && copy !== TOO_DEEP) work.push({ source: child, target: copy, depth: depth + 1 });
    }
  }
  return { value: root, cut };
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

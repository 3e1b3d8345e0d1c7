/**
 * Whether an inbound item can be stored: the inbox serialises it with `JSON.stringify`, which recurses and
 * overflows the stack on a value nested thousands of levels deep (or never ends on a cycle). Bodies are
 * cut to `MAX_JSON_DEPTH` once proven, so an item deeper than twice that came from somewhere the cut did
 * not reach; it is quarantined (logged, kept out of the inbox) rather than failing its whole batch.
 */
import { MAX_JSON_DEPTH } from './jsonDepth';

/** An item wraps parts of the body a few levels down (`channelData.whatsapp.message`): room for that. */
export const MAX_STORED_DEPTH = 2 * MAX_JSON_DEPTH;

/** True when no object or array in `value` lies deeper than `maxDepth` (the top level is depth 1). */
export function storable(value: unknown, maxDepth = MAX_STORED_DEPTH): boolean {
  const work: { node: unknown; depth: number }[] = [{ node: value, depth: 1 }];
  for (let next = work.pop(); next !== undefined; next = work.pop()) {
    const { node, depth } = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > maxDepth) return false;
    for (const child of Object.values(node)) {
      if (typeof child === 'object' && child !== null) work.push({ node: child, depth: depth + 1 });
    }
  }
  return true;
}

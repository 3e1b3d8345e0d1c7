/**
 * A webhook body once its origin is proven (signature or shared secret checked over the raw bytes): parsed,
 * and cut to `MAX_JSON_DEPTH` and strings of at most `MAX_STRING_LENGTH`. Unproven bytes are never parsed. A subtree nested deeper than any message
 * of a person's is replaced by `TOO_DEEP` where it is, so a message's own fields still map and nothing
 * recursive after this point (zod, `JSON.stringify` when the event is stored) meets it; the cut is logged
 * once per webhook, as a count.
 */
import type { Logger } from '../../src/core/log';
import { parseJsonBody } from '../../src/core/readBody';
import { MAX_JSON_DEPTH, MAX_STRING_LENGTH, pruneDepth, rawJsonDepth } from './jsonDepth';

export function parseProvenBody(raw: Buffer, log: Logger, channel: string): unknown {
  const body = parseJsonBody(raw);
  // Measured on the bytes first: the copy that cuts is made only for a body that may need it.
  const deep = rawJsonDepth(raw, MAX_JSON_DEPTH) > MAX_JSON_DEPTH;
  if (!deep && raw.length <= MAX_STRING_LENGTH) return body;
  const { value, cut } = pruneDepth(body, MAX_JSON_DEPTH, MAX_STRING_LENGTH);
  if (deep)
    log.warn(
      `${channel}: webhook nested too deep: subtrees deeper than ${MAX_JSON_DEPTH} levels were cut, the rest is processed`,
      { cut },
    );
  else if (cut > 0)
    log.warn(
      `${channel}: webhook with strings longer than ${MAX_STRING_LENGTH} characters: they were cut, the rest is processed`,
      { cut },
    );
  return value;
}

/**
 * Splits text into parts of at most `limit` characters (Unicode code points), preferring paragraph, then
 * line, then word boundaries, and cutting hard only inside a word longer than the limit. Order is kept
 * and nothing is lost except the whitespace at a boundary, up to `maxParts` parts: text beyond that is cut
 * and the last part ends in "…" (one reply never becomes hundreds of messages). Linear in the text's
 * length: each part is found by looking at most `limit + 1` code points ahead of where it starts.
 */
export function splitText(text: string, limit: number, maxParts = MAX_PARTS): string[] {
  if (limit < 1) throw new RangeError('limit must be positive');
  if (maxParts < 1) throw new RangeError('maxParts must be positive');
  const parts: string[] = [];
  const add = (part: string): void => {
    if (part.trim() !== '') parts.push(part);
  };
  let start = 0;
  for (;;) {
    const end = advance(text, start, limit);
    if (end >= text.length) {
      add(text.slice(start));
      break;
    }
    if (parts.length === maxParts - 1) {
      const rest = text.slice(start).trimEnd();
      add(advance(rest, 0, limit) >= rest.length ? rest : truncate(text.slice(start, end + 1), limit));
      break;
    }
    const window = text.slice(start, advance(text, end, 1));
    const cut = lastBoundary(window, '\n\n') ?? lastBoundary(window, '\n') ?? lastBoundary(window, ' ');
    if (cut !== undefined) {
      add(window.slice(0, cut).trimEnd());
      start = skipSpace(text, start + cut);
    } else {
      add(text.slice(start, end));
      start = end;
    }
  }
  return parts.length > 0 ? parts : [text];
}

/** Replies are cut after this many parts (WhatsApp: 10 × 4096 characters). */
export const MAX_PARTS = 10;

/** Code points, the unit Meta's limits are checked in (see outbound-limits.json). */
export function length(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Cuts to at most `limit` code points, ending in "…" when cut. */
export function truncate(text: string, limit: number): string {
  if (advance(text, 0, limit) >= text.length) return text;
  return `${text.slice(0, advance(text, 0, Math.max(0, limit - 1))).trimEnd()}…`;
}

/** The index `count` code points after `from` (or the text's length). */
function advance(text: string, from: number, count: number): number {
  let index = from;
  for (let n = 0; n < count && index < text.length; n += 1) {
    const code = text.charCodeAt(index);
    const pair = code >= 0xd800 && code <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1));
    index += pair ? 2 : 1;
  }
  return index;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text.charAt(index))) index += 1;
  return index;
}

function lastBoundary(window: string, separator: string): number | undefined {
  const index = window.lastIndexOf(separator);
  return index > 0 ? index : undefined;
}

/**
 * Like `splitText`, but each part is at most `maxBytes` of UTF-8 (Instagram counts bytes), and the reply is
 * still at most `maxParts` parts in all (the last cut with "…" when there is more). Hindi takes 3 bytes a
 * character, so the default allows four times `MAX_PARTS`: about as much text as a capped WhatsApp reply.
 */
export function splitUtf8(text: string, maxBytes: number, maxParts = 4 * MAX_PARTS): string[] {
  const parts = splitText(text, maxBytes, maxParts).flatMap(function fit(part: string): string[] {
    const bytes = Buffer.byteLength(part, 'utf8');
    if (bytes <= maxBytes) return [part];
    const chars = Math.max(1, Math.floor((length(part) * maxBytes) / bytes));
    return splitText(part, chars).flatMap(fit);
  });
  if (parts.length <= maxParts) return parts;
  const kept = parts.slice(0, maxParts);
  const last = kept[maxParts - 1] ?? '';
  // Room for the ellipsis (3 bytes) within the byte limit.
  let cut = last;
  while (Buffer.byteLength(`${cut}…`, 'utf8') > maxBytes) cut = Array.from(cut).slice(0, -1).join('');
  kept[maxParts - 1] = `${cut.trimEnd()}…`;
  return kept;
}

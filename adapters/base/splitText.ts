/**
 * Splits text into parts of at most `limit` characters (Unicode code points), preferring paragraph, then
 * line, then word boundaries, and cutting hard only inside a word longer than the limit. Order is kept
 * and nothing is lost except the whitespace at a boundary.
 */
export function splitText(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError('limit must be positive');
  const parts: string[] = [];
  let rest = text;
  while (length(rest) > limit) {
    const window = Array.from(rest)
      .slice(0, limit + 1)
      .join('');
    const cut = lastBoundary(window, '\n\n') ?? lastBoundary(window, '\n') ?? lastBoundary(window, ' ');
    if (cut !== undefined && cut > 0) {
      parts.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).replace(/^\s+/, '');
    } else {
      const head = Array.from(rest).slice(0, limit).join('');
      parts.push(head);
      rest = rest.slice(head.length);
    }
  }
  if (rest.trim() !== '' || parts.length === 0) parts.push(rest);
  const kept = parts.filter((p) => p.trim() !== '');
  return kept.length > 0 ? kept : [text];
}

/** Code points, the unit Meta's limits are checked in (see outbound-limits.json). */
export function length(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Cuts to at most `limit` code points, ending in "…" when cut. */
export function truncate(text: string, limit: number): string {
  const chars = Array.from(text);
  return chars.length <= limit
    ? text
    : `${chars
        .slice(0, Math.max(0, limit - 1))
        .join('')
        .trimEnd()}…`;
}

function lastBoundary(window: string, separator: string): number | undefined {
  const index = window.lastIndexOf(separator);
  return index > 0 ? index : undefined;
}

/** Like `splitText`, but each part is at most `maxBytes` of UTF-8 (Instagram counts bytes). */
export function splitUtf8(text: string, maxBytes: number): string[] {
  return splitText(text, maxBytes).flatMap(function fit(part: string): string[] {
    const bytes = Buffer.byteLength(part, 'utf8');
    if (bytes <= maxBytes) return [part];
    const chars = Math.max(1, Math.floor((length(part) * maxBytes) / bytes));
    return splitText(part, chars).flatMap(fit);
  });
}

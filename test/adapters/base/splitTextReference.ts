/**
 * The earlier, quadratic splitText (kept as the reference its linear successor must agree with).
 * Splits text into parts of at most `limit` characters (Unicode code points), preferring paragraph, then
 * line, then word boundaries, and cutting hard only inside a word longer than the limit. Order is kept
 * and nothing is lost except the whitespace at a boundary.
 */
export function referenceSplitText(text: string, limit: number): string[] {
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

function lastBoundary(window: string, separator: string): number | undefined {
  const index = window.lastIndexOf(separator);
  return index > 0 ? index : undefined;
}

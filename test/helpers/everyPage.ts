/** Every item of a paged listing, page by page, each page checked to hold no more than its limit. */
import assert from 'node:assert/strict';

export async function everyPage<T>(
  limit: number,
  list: (page: { limit: number; cursor?: string }) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit, ...(cursor === undefined ? {} : { cursor }) });
    assert.ok(page.items.length <= limit, 'a page holds at most its limit');
    seen.push(...page.items);
    cursor = page.next;
  } while (cursor !== undefined);
  return seen;
}

/**
 * `Promise.allSettled` over `items.map(work)` with at most `limit` of them running at once, results in
 * order. A webhook of 20,000 items starts its writes a few at a time instead of all in one tick, so the
 * event loop keeps answering other requests and the store is not handed 20,000 connections at once.
 */
export async function settleAll<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of queue) {
      try {
        results[index] = { status: 'fulfilled', value: await work(item, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Preloaded into the bench's apps (`node --expose-gc --require memoryProbe.js`): on SIGUSR2 it runs a
 * full garbage collection and prints the memory figures as one line, so the bench can compare what the
 * apps really keep, not only how far their heaps happened to grow.
 */
const isCollector = (value: unknown): value is () => void => typeof value === 'function';

process.on('SIGUSR2', () => {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (isCollector(gc)) gc();
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  process.stdout.write(
    `memory-probe ${JSON.stringify({ rssMb: mb(usage.rss), heapUsedMb: mb(usage.heapUsed) })}\n`,
  );
});

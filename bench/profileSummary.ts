/**
 * Prints where a V8 CPU profile (`--cpu-prof`) spent its time: self time per function, top 20, and
 * the share of idle time (waiting on I/O).
 *
 *   node dist/bench/profileSummary.js bench-results/CPU.<...>.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.number(),
      callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    }),
  ),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: profileSummary <file.cpuprofile>\n');
  process.exit(2);
}
const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
const names = new Map(
  profile.nodes.map((n) => {
    const where = n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/');
    return [n.id, `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`];
  }),
);
const self = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  total += micros;
  const name = names.get(id) ?? '?';
  self.set(name, (self.get(name) ?? 0) + micros);
});
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20);
process.stdout.write(
  `total ${(total / 1e6).toFixed(1)} s sampled\n| self ms | % | function |\n| --- | --- | --- |\n`,
);
for (const [name, micros] of top)
  process.stdout.write(
    `| ${(micros / 1000).toFixed(0)} | ${((micros / total) * 100).toFixed(1)} | ${name} |\n`,
  );

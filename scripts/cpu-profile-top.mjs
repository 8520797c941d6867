#!/usr/bin/env node
// Where a page's main thread spent its time: the functions of a Chrome .cpuprofile (DevTools, or the CDP
// Profiler domain as test/browser/console-scale.e2e-spec.ts records with CONSOLE_SCALE_PROFILE=file) by self
// time, and the share of garbage collection, style and layout. Build the consoles with CONSOLES_READABLE=1
// first, so the names and lines are the source's.
//   node scripts/cpu-profile-top.mjs test-results/desk.cpuprofile [rows]
import { readFileSync } from 'node:fs';

const [file, rows = '30'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('cách dùng: node scripts/cpu-profile-top.mjs <tệp .cpuprofile> [số dòng]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
// Each sample is one tick in the node it landed in; timeDeltas give the ticks' lengths (µs).
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const f = n.callFrame;
  const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
  const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
  self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = self.get('(idle)') ?? 0;
const busy = total - idle;
process.stdout.write(
  `Tổng ${(total / 1000).toFixed(0)} ms, bận ${(busy / 1000).toFixed(0)} ms (${((busy / total) * 100).toFixed(1)} %)\n`,
);
for (const [key, us] of [...self.entries()]
  .filter(([k]) => k !== '(idle)')
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(rows)))
  process.stdout.write(
    `${(us / 1000).toFixed(1).padStart(9)} ms ${((us / busy) * 100).toFixed(1).padStart(5)} %  ${key}\n`,
  );

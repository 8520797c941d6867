#!/usr/bin/env node
// Where a page's main thread spent its time: the functions of a Chrome .cpuprofile (DevTools, or the CDP
// Profiler domain as test/browser/console-scale.e2e-spec.ts records with CONSOLE_SCALE_PROFILE=file) by self
// time, and the share of garbage collection, style and layout. Build the consoles with CONSOLES_READABLE=1
// first, so the names and lines are the source's. With --by-package, a Node process's profile (`node --cpu-prof`,
// as test/bench/peak-profile.mjs records with PROFILE_DIR) is summed by where the code lives instead: the npm
// package, the project's app or lib, Node's own modules, or the engine's entries (GC, native code).
//   node scripts/cpu-profile-top.mjs test-results/desk.cpuprofile [rows] [--by-package]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2).filter((a) => a !== '--by-package');
const byPackage = process.argv.includes('--by-package');
const [file, rows = '30'] = args;
if (!file) {
  process.stderr.write('cách dùng: node scripts/cpu-profile-top.mjs <tệp .cpuprofile> [số dòng]\n');
  process.exit(2);
}
/** Where a frame's code lives: `pg`, `@nestjs/core`, `apps/yard-queue`, `node:internal`, or the engine's entry. */
function placeOf(f) {
  const url = f.url ?? '';
  if (!url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const own = url.match(/\/(apps|libs)\/([^/]+)\//);
  if (own) return `${own[1]}/${own[2]}`;
  return url.startsWith('node:') ? 'node:internal' : url.split('/').slice(-2).join('/');
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
// Each sample is one tick in the node it landed in; timeDeltas give the ticks' lengths (µs).
profile.samples.forEach((id, i) => {
  const n = byId.get(id);
  const f = n.callFrame;
  const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
  const key = byPackage ? placeOf(f) : `${f.functionName || '(anonymous)'} ${where}`.trim();
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

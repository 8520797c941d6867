#!/usr/bin/env node
// `npm run eta:replay [-- --data DIR] [-- --quick]`: scores the ETA on real truck queues (test/eta/replay.ts says
// how) and, on the shared data, writes BENCHMARKS-ETA.md. The last line printed is the overall bursty figure:
// `eta: samples=N coverage=C mae_h=M bias_h=B width_ratio=W baseline_mae_h=E`.
// The TypeScript is bundled with esbuild into a temporary file: no build of the platform needed.
import { build } from 'esbuild';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dataArg = args.indexOf('--data');
const quick = args.includes('--quick');
// The current model's NB quantiles are slow on queues of a thousand: it is replayed at every 4th snapshot.
const every = quick ? 6 : 1;
const currentEvery = 4;

const dir = await mkdtemp(join(tmpdir(), 'eta-replay-'));
let r;
try {
  const outfile = join(dir, 'replay.mjs');
  await build({
    entryPoints: [join(ROOT, 'test/eta/replay.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'error',
  });
  r = await import(pathToFileURL(outfile).href);
} finally {
  await rm(dir, { recursive: true, force: true });
}

const SHARED = r.sharedDataDir(ROOT);
const data = dataArg >= 0 ? resolve(args[dataArg + 1]) : SHARED;
const started = Date.now();
const queues = r.loadQueues(data);
if (!queues.length) throw new Error(`no truck queue in ${data}`);
const results = {};
for (const how of ['bursty', 'smooth']) {
  const samples = [];
  let afterEnd = 0;
  for (const q of queues) {
    const out = r.replayQueue(q, how, { every, currentEvery: quick ? 0 : currentEvery });
    samples.push(...out.samples);
    afterEnd += out.afterEnd;
  }
  results[how] = { samples, afterEnd };
}
const seconds = (Date.now() - started) / 1000;

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const groups = [
  ['overall', () => true],
  ['steady', (s) => s.regime === 'steady'],
  ['after a stall (no departure in 2 h)', (s) => s.regime === 'after a stall'],
  ['after a burst (2 h at > 2 × the day’s pace)', (s) => s.regime === 'after a burst'],
  ['short queue (shown wait < 24 h)', (s) => !s.long],
  ['long queue (shown wait ≥ 24 h)', (s) => s.long],
];
const stats = (xs) => {
  const m = r.scoreIntervals(xs.map((s) => ({ waitH: s.waitH, ...s.model })));
  const shown = xs.filter((s) => s.shownH !== null);
  const b = r.scorePoints(shown.map((s) => ({ waitH: s.waitH, p50: s.shownH })));
  const cur = xs.filter((s) => s.current);
  const c = cur.length ? r.scoreIntervals(cur.map((s) => ({ waitH: s.waitH, ...s.current }))) : null;
  return { m, b, c, cn: cur.length };
};
const table = (samples) => {
  const rows = groups.map(([name, keep]) => {
    const xs = samples.filter(keep);
    if (!xs.length) return `| ${name} | 0 | | | | | | | |`;
    const { m, b, c } = stats(xs);
    const cur = c ? `${f2(c.coverage)} / ${f1(c.maeH)} (${c.n})` : '–';
    return `| ${name} | ${m.n} | ${f2(m.coverage)} | ${f1(m.maeH)} | ${f1(m.biasH)} | ${f2(m.widthRatio)} | ${f1(b.maeH)} | ${f1(b.biasH)} | ${cur} |`;
  });
  return [
    '| trucks | forecasts | coverage [p10, p90] | median abs. error h | bias h (actual − p50) | median width ÷ wait | eCherha median abs. error h | eCherha bias h | current model: coverage / median abs. error h (forecasts) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
};

const heldOutNames = r.HELD_OUT_CROSSINGS.join(', ');
let md = `# ETA on real traffic

Measured by \`npm run eta:replay${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)} (${Math.round(seconds)} s) on ${queues.length} truck queues of
\`${data === SHARED ? '../shared/data/echerha-queues/' : data}\` (eCherha workload snapshots, every ~30 min; see that folder's README).
Method (\`test/eta/replay.ts\`): at every ${every === 1 ? '' : `${every}th `}snapshot after three days of history, trucks at the back of the queue and at ¾, ½, ¼
and 1/10 of it get a forecast {p10, p50, p90} from the departures before that snapshot only (\`learnCallRate\` +
\`forecastQueueEta\`, calibrated every 6 h by \`calibrateEta\` on the queue's own earlier forecasts whose outcome
was known by then). Departures are reconstructed from the queue length: **bursty** (a departure only when the queue
shrinks, at the snapshot that shows it) and **smooth** (one steady rate per queue equal to its total observed drain).
A truck is called at the k-th departure after the snapshot. eCherha's shown wait (\`virtual_wait_s\`, pro rata for
trucks ahead of the back) is scored on the same trucks; so is the current model (\`estimateEta\`: two hours of calls,
eCherha's implied pace as nominal capacity${quick ? '' : `, every ${currentEvery}th snapshot only, being slow on long queues`}).
Held out of all tuning: the crossings ${heldOutNames}. Targets (issue 15): coverage 0.75–0.85 overall and ≥ 0.70 in every
regime, median error ≤ eCherha's, median width ≤ the actual wait.
`;
for (const how of ['bursty', 'smooth']) {
  const { samples, afterEnd } = results[how];
  md += `
## ${how === 'bursty' ? 'Bursty' : 'Smooth'} departures

Forecasts whose call falls after the end of the data (left out): ${afterEnd}.

All queues:

${table(samples)}

Tuning part (all but ${heldOutNames}):

${table(samples.filter((s) => !s.heldOut))}

Held out (${heldOutNames}):

${table(samples.filter((s) => s.heldOut))}
`;
}
process.stdout.write(md);
if (data === SHARED && !quick) {
  await writeFile(join(ROOT, 'BENCHMARKS-ETA.md'), md);
  process.stdout.write('\nwrote BENCHMARKS-ETA.md\n');
}
const { m, b } = stats(results.bursty.samples);
process.stdout.write(
  `eta: samples=${m.n} coverage=${f2(m.coverage)} mae_h=${f1(m.maeH)} bias_h=${f1(m.biasH)} width_ratio=${f2(m.widthRatio)} baseline_mae_h=${f1(b.maeH)}\n`,
);

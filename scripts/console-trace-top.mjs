#!/usr/bin/env node
// Where each live change of a console went, from a Chromium trace (test/browser/console-scale.e2e-spec.ts
// records one with CONSOLE_SCALE_TRACE=file): per measured change (`queue-change`, `queue-apply`), its wall
// time, the style recalculation (elements restyled) and the layout inside it — objects laid out of the total,
// how many layout roots, and whether it was a partial layout (only boxes laid out on their own) or the page.
//   node scripts/console-trace-top.mjs test-results/desk-trace.json [rows]
import { readFileSync } from 'node:fs';

const [file, rows = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('cách dùng: node scripts/console-trace-top.mjs <tệp trace .json> [số dòng]\n');
  process.exit(2);
}
const trace = JSON.parse(readFileSync(file, 'utf8'));
const events = trace.traceEvents ?? trace;
const measures = [];
const open = new Map();
for (const e of events) {
  if (!e.cat?.includes('blink.user_timing') || !e.name.startsWith('queue-')) continue;
  const key = `${e.name}|${e.id2?.local ?? e.id ?? ''}`;
  if (e.ph === 'b') open.set(key, e);
  else if (e.ph === 'e' && open.has(key)) {
    const b = open.get(key);
    open.delete(key);
    measures.push({ name: e.name, ts: b.ts, end: e.ts, tid: b.tid });
  }
}
const work = events.filter((e) => e.ph === 'X' && (e.name === 'UpdateLayoutTree' || e.name === 'Layout'));
const ms = (us) => (us / 1000).toFixed(1);
const report = measures.map((m) => {
  const inside = work.filter((e) => e.tid === m.tid && e.ts >= m.ts && e.ts <= m.end);
  const style = inside.filter((e) => e.name === 'UpdateLayoutTree');
  const layout = inside.filter((e) => e.name === 'Layout');
  return {
    m,
    wall: m.end - m.ts,
    style: style.reduce((a, e) => a + e.dur, 0),
    restyled: style.reduce((a, e) => a + (e.args?.elementCount ?? 0), 0),
    layout: layout.reduce((a, e) => a + e.dur, 0),
    what: layout
      .map((e) => {
        const b = e.args?.beginData ?? {};
        const roots = e.args?.endData?.layoutRoots?.length ?? 0;
        return `${b.dirtyObjects}/${b.totalObjects} ${b.partialLayout ? `partial, ${roots} roots` : 'page'}`;
      })
      .join('; '),
  };
});
const sum = (k) => report.reduce((a, r) => a + r[k], 0);
process.stdout.write(
  `${report.length} thay đổi: tổng ${ms(sum('wall'))} ms, style ${ms(sum('style'))} ms, layout ${ms(sum('layout'))} ms\n`,
);
for (const r of [...report].sort((a, b) => b.wall - a.wall).slice(0, Number(rows)))
  process.stdout.write(
    `${r.m.name} ${ms(r.wall).padStart(6)} ms · style ${ms(r.style)} ms (${r.restyled} phần tử) · layout ${ms(r.layout)} ms${r.what ? ` (${r.what})` : ''}\n`,
  );

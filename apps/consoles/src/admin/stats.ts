/// <reference lib="dom" />
import uPlot from 'uplot';
import { GOODS_CATEGORIES, DIRECTIONS } from '../../../../libs/domain/src/identifiers/reference-data.js';
import { type CsvCell, toCsv } from '../../../../libs/domain/src/statistics/csv.js';
import { RESPONSE_HISTOGRAM_EDGES } from '../../../../libs/domain/src/statistics/rollups.js';
import { STAT_METRICS, vietnamDay } from '../../../../libs/domain/src/statistics/statistics.js';
import type {
  CountsView,
  QueueView,
  ResponsesView,
  SegmentsView,
} from '../../../statistics/src/stats/dto/stats.dto.js';
import type { EtaRangeAccuracy } from '../../../yard-queue/src/eta/dto/eta-accuracy.dto.js';
import type { Api } from '../shared/api.js';
import { asyncHandler, h, mount } from '../shared/dom.js';
import { fmtNumber } from '../shared/format.js';
import { label, lang } from '../shared/i18n.js';
import { xlsxBytes } from '../shared/xlsx.js';

// The leadership dashboard: the statistics' figures as charts and tables, with filters, CSV and XLSX export of
// every table and the day's summary on one printed page. Read-only: it only ever GETs /api/stats/… and the
// yard's ETA accuracy over the range (/api/eta/accuracy/days).

const S = {
  title: ['Thống kê điều hành', 'Leadership statistics'],
  from: ['Từ ngày', 'From'],
  to: ['Đến ngày', 'To'],
  gate: ['Cửa khẩu', 'Gate'],
  direction: ['Chiều', 'Direction'],
  category: ['Loại hàng', 'Goods'],
  by: ['Gộp theo', 'Per'],
  byDay: ['Ngày', 'Day'],
  byHour: ['Giờ', 'Hour'],
  all: ['Tất cả', 'All'],
  apply: ['Xem', 'Show'],
  print: ['In tóm tắt trong ngày', 'Print the day’s summary'],
  counts: ['Số lượt theo thời gian', 'Counts over time'],
  segments: ['Thời gian từng chặng (phút)', 'Time per segment (minutes)'],
  responses: [
    'Thời gian phản hồi theo cơ quan và bàn làm việc (phút; số lượt theo khoảng thời gian)',
    'Response times per agency and console (minutes; answers per duration band)',
  ],
  officers: ['Thời gian phản hồi theo cán bộ (phút)', 'Response times per officer (minutes)'],
  console: ['Bàn làm việc', 'Console'],
  chartResponses: [
    'Phân bố thời gian được gọi → xác nhận theo cơ quan (số lượt)',
    'Call → confirmation per agency (answers per band)',
  ],
  eta: ['Độ chính xác thời gian dự kiến', 'Accuracy of the estimated times'],
  etaScored: ['Số dự kiến đã chấm', 'Estimates scored'],
  etaCoverage: ['Nằm trong khoảng (%)', 'Within the range (%)'],
  etaError: ['Sai số trung vị (giờ)', 'Median error (h)'],
  etaBias: ['Độ lệch (giờ, dương = gọi muộn hơn)', 'Bias (h, positive = called later)'],
  etaKept: ['Dự kiến được lưu từ ngày', 'Estimates kept since'],
  approximate: [
    'Khoảng dài hơn hai ngày: phân vị đọc từ bảng tổng hợp, sai lệch không quá 1,6 % (12,5 % theo bàn làm việc và cán bộ).',
    'Ranges longer than two days: percentiles from the roll-ups, within 1.6 % (12.5 % per console and officer).',
  ],
  queue: ['Hàng chờ theo giờ', 'Queue per hour'],
  chartCounts: ['Vào bãi và qua cửa khẩu', 'Checked in and crossed'],
  chartQueue: ['Số xe chờ nhiều nhất mỗi giờ', 'Most vehicles waiting per hour'],
  period: ['Thời gian', 'Period'],
  segment: ['Chặng', 'Segment'],
  kind: ['Loại', 'Kind'],
  agency: ['Cơ quan', 'Agency'],
  officer: ['Cán bộ', 'Officer'],
  n: ['Số lượt', 'Count'],
  hour: ['Giờ', 'Hour'],
  maxWaiting: ['Xe chờ nhiều nhất', 'Most waiting'],
  longestWait: ['Chờ lâu nhất (phút)', 'Longest wait (min)'],
  wholeAgency: ['Cả cơ quan', 'Whole agency'],
  total: ['Tổng', 'Total'],
  summaryOf: ['Tóm tắt', 'Summary'],
  loading: ['Đang tải…', 'Loading…'],
  empty: ['Chưa có số liệu', 'No figures yet'],
  m_DECLARED: ['Khai báo', 'Declared'],
  m_ACCEPTED: ['Được chấp nhận', 'Accepted'],
  m_REJECTED: ['Bị từ chối', 'Rejected'],
  m_CHECKED_IN: ['Vào bãi', 'Checked in'],
  m_CALLED: ['Được gọi', 'Called'],
  m_ARRIVED: ['Tới cổng', 'At the gate'],
  m_CROSSED: ['Qua cửa khẩu', 'Crossed'],
  m_TURNED_BACK: ['Quay đầu', 'Turned back'],
  m_NO_SHOW: ['Không đến', 'No-show'],
  m_HELD: ['Bị giữ', 'Held'],
  m_RELEASED: ['Cho đi tiếp', 'Released'],
  m_CANCELLED: ['Hủy', 'Cancelled'],
  s_DECLARED_TO_ACCEPTED: ['Khai báo → chấp nhận', 'Declared → accepted'],
  s_CHECKED_IN_TO_CALLED: ['Vào bãi → được gọi', 'Checked in → called'],
  s_CALLED_TO_AT_GATE: ['Được gọi → tới cổng', 'Called → at the gate'],
  s_AT_GATE_TO_CUSTOMS: ['Tới cổng → hải quan xác nhận', 'At the gate → customs'],
  s_AT_GATE_TO_BORDER_GUARD: ['Tới cổng → biên phòng xác nhận', 'At the gate → border guard'],
  s_AT_GATE_TO_CROSSED: ['Tới cổng → qua cửa khẩu', 'At the gate → crossed'],
  k_CALL_TO_CONFIRMATION: ['Được gọi → xác nhận', 'Call → confirmation'],
  k_HOLD_TO_RELEASE: ['Bị giữ → cho đi tiếp', 'Hold → release'],
  a_CUSTOMS: ['Hải quan', 'Customs'],
  a_BORDER_GUARD: ['Biên phòng', 'Border guard'],
  a_QUARANTINE: ['Kiểm dịch', 'Quarantine'],
} as const;
type Key = keyof typeof S;
const s = (k: Key) => S[k][lang() === 'vi' ? 0 : 1];
const sl = (prefix: string, code: string) => (`${prefix}_${code}` in S ? s(`${prefix}_${code}` as Key) : code);

const minutes = (sec: number | null) => (sec === null ? null : Math.round(sec / 6) / 10);

interface Filters {
  from: string;
  to: string;
  gate: string;
  direction: string;
  category: string;
  by: 'day' | 'hour';
}

interface Data {
  counts: CountsView;
  segments: SegmentsView;
  responses: ResponsesView;
  queue: QueueView;
  eta: EtaRangeAccuracy;
}

/** A duration band's heading: "< 1′", "5–10′", "1–2 h", "≥ 4 h". */
function bandLabel(from: number, to: number | null): string {
  const t = (sec: number) => (sec < 3600 ? `${sec / 60}′` : `${sec / 3600} h`);
  if (from === 0 && to !== null) return `< ${t(to)}`;
  return to === null ? `≥ ${t(from)}` : `${t(from)}–${t(to)}`;
}
const BANDS = RESPONSE_HISTOGRAM_EDGES.map((from, i) => bandLabel(from, RESPONSE_HISTOGRAM_EDGES[i + 1] ?? null));

/** A table as the page shows it and as the exports write it (same header, same rows). */
interface Table {
  name: string;
  caption: string;
  header: string[];
  rows: CsvCell[][];
  footer?: CsvCell[];
}

function download(name: string, type: string, data: BlobPart): void {
  const a = h('a', { href: URL.createObjectURL(new Blob([data], { type })), download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

function tableView(tb: Table): HTMLElement {
  const rows = tb.footer ? [...tb.rows, tb.footer] : tb.rows;
  const file = `${tb.name}`;
  return h(
    'section',
    { class: 'stats-table', 'data-table': tb.name },
    h(
      'div',
      { class: 'stats-table-head' },
      h('h3', null, tb.caption),
      h(
        'span',
        { class: 'stats-export' },
        h(
          'button',
          {
            type: 'button',
            'data-export': 'csv',
            onclick: () => download(`${file}.csv`, 'text/csv;charset=utf-8', '\ufeff' + toCsv(tb.header, rows)),
          },
          'CSV',
        ),
        h(
          'button',
          {
            type: 'button',
            'data-export': 'xlsx',
            onclick: () =>
              download(
                `${file}.xlsx`,
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                xlsxBytes(tb.caption, tb.header, rows) as BlobPart,
              ),
          },
          'XLSX',
        ),
      ),
    ),
    h(
      'div',
      // Focusable, so a keyboard can scroll a wide table on a phone.
      { class: 'stats-scroll', tabindex: 0, role: 'region', 'aria-label': tb.caption },
      h(
        'table',
        null,
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            tb.header.map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          null,
          tb.rows.length === 0
            ? h('tr', null, h('td', { colspan: tb.header.length }, s('empty')))
            : tb.rows.map((r) =>
                h(
                  'tr',
                  null,
                  r.map((c) => h('td', null, typeof c === 'number' ? fmtNumber(c) : String(c ?? '—'))),
                ),
              ),
        ),
        tb.footer
          ? h(
              'tfoot',
              null,
              h(
                'tr',
                null,
                tb.footer.map((c) => h('th', null, typeof c === 'number' ? fmtNumber(c) : String(c ?? ''))),
              ),
            )
          : null,
      ),
    ),
  );
}

function tables(d: Data, f: Filters): Table[] {
  const metrics = [...STAT_METRICS];
  const range = `${f.from}_${f.to}`;
  return [
    {
      name: `thong-ke-so-luot_${range}`,
      caption: s('counts'),
      header: [s('period'), s('gate'), s('direction'), ...metrics.map((m) => sl('m', m))],
      rows: d.counts.rows.map((r) => [
        f.by === 'hour' ? r.period.slice(0, 13).replace('T', ' ') + ':00Z' : r.period,
        r.gate,
        label('dir', r.direction),
        ...metrics.map((m) => r.counts[m] ?? 0),
      ]),
      footer: [s('total'), '', '', ...metrics.map((m) => d.counts.totals[m] ?? 0)],
    },
    {
      name: `thoi-gian-chang_${range}`,
      caption: s('segments'),
      header: [s('segment'), s('n'), 'p50', 'p90', 'p99'],
      rows: d.segments.segments.map((r) => [sl('s', r.segment), r.n, minutes(r.p50), minutes(r.p90), minutes(r.p99)]),
    },
    {
      name: `phan-hoi_${range}`,
      caption: s('responses'),
      header: [s('kind'), s('agency'), s('console'), s('n'), 'p50', 'p90', 'p99', ...BANDS],
      rows: d.responses.rows
        .filter((r) => !r.officer)
        .map((r) => [
          sl('k', r.kind),
          sl('a', r.agency),
          r.console ?? s('wholeAgency'),
          r.n,
          minutes(r.p50),
          minutes(r.p90),
          minutes(r.p99),
          ...r.histogram.map((b) => b.n),
        ]),
    },
    {
      name: `phan-hoi-can-bo_${range}`,
      caption: s('officers'),
      header: [s('kind'), s('agency'), s('officer'), s('n'), 'p50', 'p90', 'p99'],
      rows: d.responses.rows
        .filter((r) => r.officer)
        .map((r) => [
          sl('k', r.kind),
          sl('a', r.agency),
          r.officer,
          r.n,
          minutes(r.p50),
          minutes(r.p90),
          minutes(r.p99),
        ]),
    },
    {
      name: `du-kien-chinh-xac_${range}`,
      caption: `${s('eta')} (${s('etaKept')} ${d.eta.keptSince})`,
      header: [s('gate'), s('direction'), s('etaScored'), s('etaCoverage'), s('etaError'), s('etaBias')],
      rows: d.eta.rows
        .filter((r) => (!f.gate || r.gate === f.gate) && (!f.direction || r.direction === f.direction))
        .map((r) => [
          r.gate,
          label('dir', r.direction),
          r.scored,
          r.coverage === null ? null : Math.round(r.coverage * 1000) / 10,
          r.medianAbsErrorHours === null ? null : Math.round(r.medianAbsErrorHours * 100) / 100,
          r.biasHours === null ? null : Math.round(r.biasHours * 100) / 100,
        ]),
    },
    {
      name: `hang-cho_${range}`,
      caption: s('queue'),
      header: [s('hour'), s('gate'), s('direction'), s('maxWaiting'), s('longestWait')],
      rows: d.queue.rows.map((r) => [
        r.hour.slice(0, 13).replace('T', ' ') + ':00Z',
        r.gate,
        label('dir', r.direction),
        r.maxWaiting,
        minutes(r.maxOldestWaitSeconds),
      ]),
    },
  ];
}

/**
 * A line chart of series over time (seconds since the epoch), or over the duration bands (`bands`), sized to
 * its box; its table is the text form.
 */
function chart(
  title: string,
  x: number[],
  series: { label: string; values: number[]; stroke: string }[],
  bands = false,
): HTMLElement {
  const box = h('figure', { class: 'stats-chart' }, h('figcaption', null, title));
  const plot = h('div', { role: 'img', 'aria-label': title });
  box.appendChild(plot);
  requestAnimationFrame(() => {
    const width = Math.max(280, plot.clientWidth || 600);
    new uPlot(
      {
        width,
        height: 220,
        legend: { show: true },
        scales: { x: { time: !bands } },
        series: [
          bands ? { label: s('n'), value: (_u: uPlot, v: number | null) => (v === null ? '' : BANDS[v]) } : {},
          ...series.map((se) => ({ label: se.label, stroke: se.stroke, width: 2 })),
        ],
        axes: [bands ? { values: (_u: uPlot, ticks: number[]) => ticks.map((v) => BANDS[v] ?? '') } : {}, { size: 50 }],
      },
      [x, ...series.map((se) => se.values)],
      plot,
    );
  });
  return box;
}

function charts(d: Data): HTMLElement {
  // Sum over gates and directions per period.
  const byPeriod = new Map<string, { in: number; out: number }>();
  for (const r of d.counts.rows) {
    const p = byPeriod.get(r.period) ?? { in: 0, out: 0 };
    p.in += r.counts.CHECKED_IN ?? 0;
    p.out += r.counts.CROSSED ?? 0;
    byPeriod.set(r.period, p);
  }
  const periods = [...byPeriod.keys()].sort();
  const when = (p: string) => Date.parse(p.length === 10 ? `${p}T00:00:00+07:00` : p) / 1000;
  const queue = new Map<string, number>();
  for (const r of d.queue.rows) queue.set(r.hour, (queue.get(r.hour) ?? 0) + r.maxWaiting);
  const hours = [...queue.keys()].sort();
  return h(
    'div',
    { class: 'stats-charts' },
    chart(s('chartCounts'), periods.map(when), [
      { label: sl('m', 'CHECKED_IN'), values: periods.map((p) => byPeriod.get(p)!.in), stroke: '#0b5cad' },
      { label: sl('m', 'CROSSED'), values: periods.map((p) => byPeriod.get(p)!.out), stroke: '#1a7f37' },
    ]),
    chart(
      s('chartQueue'),
      hours.map((x) => Date.parse(x) / 1000),
      [{ label: s('maxWaiting'), values: hours.map((x) => queue.get(x)!), stroke: '#b35900' }],
    ),
    chart(
      s('chartResponses'),
      BANDS.map((_, i) => i),
      d.responses.rows
        .filter((r) => r.kind === 'CALL_TO_CONFIRMATION' && !r.officer && !r.console)
        .map((r, i) => ({
          label: sl('a', r.agency),
          values: r.histogram.map((b) => b.n),
          stroke: ['#0b5cad', '#1a7f37', '#8250df'][i % 3],
        })),
      true,
    ),
  );
}

function tiles(d: Data): HTMLElement {
  const pick = ['CHECKED_IN', 'CROSSED', 'TURNED_BACK', 'NO_SHOW', 'HELD'] as const;
  const wait = d.segments.segments.find((x) => x.segment === 'CHECKED_IN_TO_CALLED');
  return h(
    'dl',
    { class: 'stats-tiles' },
    pick.map((m) => h('div', null, h('dt', null, sl('m', m)), h('dd', null, fmtNumber(d.counts.totals[m] ?? 0)))),
    h(
      'div',
      null,
      h('dt', null, `${sl('s', 'CHECKED_IN_TO_CALLED')} p50 / p90`),
      h('dd', null, wait?.n ? `${minutes(wait.p50)} / ${minutes(wait.p90)}′` : '—'),
    ),
  );
}

/** The dashboard, mounted into `root`; `gates` are the gate codes to filter by. */
export function statsDashboard(api: Api, root: HTMLElement, gates: string[]): void {
  const today = vietnamDay(new Date());
  const f: Filters = { from: today, to: today, gate: '', direction: '', category: '', by: 'hour' };
  let data: Data | null = null;

  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams(
      Object.entries({
        from: f.from,
        to: f.to,
        gate: f.gate,
        direction: f.direction,
        category: f.category,
        ...extra,
      }).filter(([, v]) => v),
    ).toString();

  const select = (name: 'gate' | 'direction' | 'category' | 'by', options: [string, string][]) =>
    h(
      'label',
      null,
      s(name),
      h(
        'select',
        {
          name,
          onchange: (e: Event) => {
            const v = (e.target as HTMLSelectElement).value;
            if (name === 'by') f.by = v === 'day' ? 'day' : 'hour';
            else f[name] = v;
          },
        },
        options.map(([v, text]) => h('option', { value: v, selected: f[name] === v }, text)),
      ),
    );

  const load = async () => {
    mount(root, form(), h('p', { class: 'stats-loading' }, s('loading')));
    try {
      const [counts, segments, responses, queue, eta] = await Promise.all([
        api.get<CountsView>(`/stats/counts?${query({ by: f.by })}`),
        api.get<SegmentsView>(`/stats/segments?${query()}`),
        api.get<ResponsesView>(`/stats/responses?${query({ category: '' })}`),
        api.get<QueueView>(`/stats/queue?${query({ category: '' })}`),
        api.get<EtaRangeAccuracy>(`/eta/accuracy/days?${new URLSearchParams({ from: f.from, to: f.to }).toString()}`),
      ]);
      data = { counts, segments, responses, queue, eta };
    } catch (e) {
      data = null;
      mount(root, form(), h('p', { class: 'error', role: 'alert' }, (e as Error).message));
      return;
    }
    render();
  };

  const form = () =>
    h(
      'form',
      {
        class: 'stats-filters',
        onsubmit: asyncHandler(async (e: Event) => {
          e.preventDefault();
          await load();
        }),
      },
      h(
        'label',
        null,
        s('from'),
        h('input', {
          type: 'date',
          name: 'from',
          value: f.from,
          required: true,
          onchange: (e: Event) => (f.from = (e.target as HTMLInputElement).value),
        }),
      ),
      h(
        'label',
        null,
        s('to'),
        h('input', {
          type: 'date',
          name: 'to',
          value: f.to,
          required: true,
          onchange: (e: Event) => (f.to = (e.target as HTMLInputElement).value),
        }),
      ),
      select('gate', [['', s('all')], ...gates.map((g): [string, string] => [g, g])]),
      select('direction', [['', s('all')], ...DIRECTIONS.map((d): [string, string] => [d, label('dir', d)])]),
      select('category', [['', s('all')], ...GOODS_CATEGORIES.map((c): [string, string] => [c, label('cat', c)])]),
      select('by', [
        ['hour', s('byHour')],
        ['day', s('byDay')],
      ]),
      h('button', { type: 'submit', class: 'primary' }, s('apply')),
      h('button', { type: 'button', onclick: () => window.print() }, s('print')),
    );

  const render = () => {
    if (!data) return;
    const filterText = [
      f.from === f.to ? f.from : `${f.from} – ${f.to}`,
      f.gate || s('all'),
      f.direction ? label('dir', f.direction) : null,
      f.category ? label('cat', f.category) : null,
    ]
      .filter(Boolean)
      .join(' · ');
    mount(
      root,
      form(),
      h('h2', { class: 'stats-heading' }, `${s('summaryOf')}: ${filterText}`),
      tiles(data),
      data.segments.exact ? null : h('p', { class: 'muted', 'data-testid': 'stats-approximate' }, s('approximate')),
      charts(data),
      tables(data, f).map(tableView),
    );
  };

  void load();
}

// Cross-service races: a firm's action (submit, amend, cancel) against a yard or officer action (check-in,
// call, confirm, hold, release, turn back, no-show, cross, cancel of the entry) on the same truck, sent with
// random offsets, while the services reach each other (relays, the yard's decisions, the gateway's snapshots)
// through proxies whose latency changes from race to race. Each race has a truck of its own, first brought to
// a random stage. At quiescence the model checks every truck: each acknowledged action's effect holds, the
// declaration service, the yard and the audit logs agree, no audit line is an illegal transition, and the
// consoles show exactly the REST queue.
import { applyAction, mulberry32, VEHICLE_ACTIONS } from '#libs/domain/src/index.js';
import { ADMIN, sleep } from './cluster.mjs';
import { declarationBody, request } from './client.mjs';
import { uniqueTaxCode } from '../../libs/testing/src/builders.mjs';
import { ConsoleWatch } from './consoles.mjs';
import { catchUp, eventGaps } from './verify.mjs';

const GATE = 'TAN_THANH';
const DIRECTION = 'IMPORT';
const NEW_DRIVER = 'Nông Thị Hoa';

/** The stages a truck is brought to before its race, and the yard or officer actions legal there. */
const YARD_ACTIONS = {
  DRAFT: ['check-in'],
  ACCEPTED: ['check-in'],
  CHECKED_IN: ['call', 'confirm-customs', 'cancel-entry'],
  CALLED: ['arrive', 'no-show'],
  AT_GATE: ['confirm-guard', 'hold', 'turn-back'],
  HELD: ['release', 'turn-back'],
  CLEARED: ['cross', 'hold'],
};
/** ACCEPTED, the stage where firm and yard really compete (the check-in), is drawn most often. */
const STAGES = ['DRAFT', 'ACCEPTED', 'ACCEPTED', 'ACCEPTED', 'CHECKED_IN', 'CALLED', 'AT_GATE', 'HELD', 'CLEARED'];
const LINK_LATENCIES_MS = [0, 0, 20, 80, 250];

async function must(res, what) {
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${what}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}

/** Officers of the gate and a firm, logged in. */
async function people(cluster) {
  const decl = `${cluster.url('declaration')}/api`;
  const admin = await must(await request(`${decl}/auth/login`, { method: 'POST', body: ADMIN }), 'admin login');
  const officer = async (role) => {
    const email = `race-${role.toLowerCase()}-${process.pid}@cuakhau.vn`;
    await must(
      await request(`${decl}/users`, {
        method: 'POST',
        token: admin.accessToken,
        body: { email, password: 'race-officer-pass-1', role, gates: [GATE] },
      }),
      `create ${role}`,
    );
    const s = await request(`${decl}/auth/login`, { method: 'POST', body: { email, password: 'race-officer-pass-1' } });
    return (await must(s, `login ${role}`)).accessToken;
  };
  const firm = await must(
    await request(`${decl}/auth/register`, {
      method: 'POST',
      body: {
        firmName: 'Công ty TNHH Đua tranh Lạng Sơn',
        taxCode: uniqueTaxCode(),
        email: `race-firm-${process.pid}@firm.vn`,
        password: 'race-firm-password-1',
        phone: '0912345678',
      },
    }),
    'register firm',
  );
  return {
    admin: admin.accessToken,
    firm: firm.accessToken,
    customs: await officer('CUSTOMS'),
    guard: await officer('BORDER_GUARD'),
    yard: await officer('YARD_OPERATOR'),
  };
}

/** A declaration's vehicle as an amendment keeps it (same id) with another driver. */
function amendment(declaration, body) {
  const content = { ...body };
  delete content.gate;
  delete content.direction;
  return {
    ...content,
    vehicles: content.vehicles.map((v, i) => ({
      ...v,
      id: declaration.vehicles[i].id,
      driver: { name: NEW_DRIVER, document: { type: 'CCCD', number: '020987654321' }, phone: '0987654321' },
    })),
  };
}

class Race {
  constructor(cluster, who, random) {
    this.cluster = cluster;
    this.who = who;
    this.random = random;
  }

  decl(path, o) {
    return request(`${this.cluster.url('declaration')}/api/declarations${path}`, { method: 'POST', ...o });
  }

  yardPost(path, token, body = {}) {
    return request(`${this.cluster.url('yard-queue')}/api${path}`, { method: 'POST', token, body });
  }

  async yardCopy(vehicleId, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.cluster.db.query('SELECT 1 FROM yard_queue.vehicles WHERE vehicle_id = $1', [
        vehicleId,
      ]);
      if (rows.length) return true;
      if (Date.now() > deadline) return false;
      await sleep(20);
    }
  }

  /** Files a one-truck declaration and brings the truck to `stage`; returns what the race needs. */
  async prepare(stage) {
    const { body, plates } = declarationBody({ gate: GATE, direction: DIRECTION });
    const created = await must(await this.decl('', { token: this.who.firm, body }), 'create');
    const t = { stage, body, plate: plates[0], declaration: created, vehicleId: created.vehicles[0].id, entryId: null };
    if (stage === 'DRAFT') return t;
    await must(await this.decl(`/${created.id}/submit`, { token: this.who.firm }), 'submit');
    await must(await this.decl(`/${created.id}/accept`, { token: this.who.customs }), 'accept');
    // Mostly the yard knows the truck before the race; sometimes the acceptance is still on its way.
    if (stage !== 'ACCEPTED' || this.random() < 0.7) {
      if (!(await this.yardCopy(t.vehicleId))) throw new Error('acceptance not relayed in 10 s');
    }
    if (stage === 'ACCEPTED') return t;
    const entry = await must(
      await this.yardPost('/check-ins', this.who.yard, { gate: GATE, plate: t.plate }),
      'check-in',
    );
    t.entryId = entry.id;
    const steps = {
      CHECKED_IN: [],
      CALLED: ['call'],
      AT_GATE: ['call', 'arrive'],
      HELD: ['call', 'arrive', 'hold'],
      CLEARED: ['call', 'arrive', 'confirm-customs', 'confirm-guard'],
    }[stage];
    for (const s of steps) await must(await this.yardAction(t, s), `prepare ${s}`);
    return t;
  }

  yardAction(t, action) {
    const e = `/queue-entries/${t.entryId}`;
    switch (action) {
      case 'check-in':
        return this.yardPost('/check-ins', this.who.yard, { gate: GATE, plate: t.plate });
      case 'confirm-customs':
        return this.yardPost(`${e}/confirm`, this.who.customs, { agency: 'CUSTOMS' });
      case 'confirm-guard':
        return this.yardPost(`${e}/confirm`, this.who.guard, { agency: 'BORDER_GUARD' });
      case 'cancel-entry':
        return this.yardPost(`${e}/cancel`, this.who.yard, { note: 'Xe rời bãi' });
      case 'arrive':
      case 'hold':
      case 'cross':
        return this.yardPost(`${e}/${action}`, this.who.guard, { note: 'Tại cổng' });
      default:
        // call, no-show, release, turn-back: customs.
        return this.yardPost(`${e}/${action}`, this.who.customs, { note: 'Hải quan' });
    }
  }

  firmAction(t, action) {
    const id = t.declaration.id;
    if (action === 'submit') return this.decl(`/${id}/submit`, { token: this.who.firm });
    if (action === 'cancel')
      return this.decl(`/${id}/cancel`, { token: this.who.firm, body: { reason: 'Hủy chuyến' } });
    return request(`${this.cluster.url('declaration')}/api/declarations/${id}`, {
      method: 'PATCH',
      token: this.who.firm,
      body: amendment(t.declaration, t.body),
    });
  }

  /** The race itself: both actions, the second sent `offsetMs` after the first. */
  async run(t) {
    const firmActions = t.stage === 'DRAFT' ? ['submit', 'amend', 'cancel'] : ['amend', 'cancel'];
    const yardActions = YARD_ACTIONS[t.stage];
    t.firm = { action: firmActions[Math.floor(this.random() * firmActions.length)] };
    t.yard = { action: yardActions[Math.floor(this.random() * yardActions.length)] };
    const offsetMs = Math.floor(this.random() * 40);
    const firmFirst = this.random() < 0.5;
    const later = (fn) => sleep(offsetMs).then(fn);
    const f = () => this.firmAction(t, t.firm.action);
    const y = () => this.yardAction(t, t.yard.action);
    const [fr, yr] = await Promise.all(firmFirst ? [f(), later(y)] : [later(f), y()]);
    t.firm.status = fr.status;
    t.firm.body = fr.body;
    t.yard.status = yr.status;
    t.yard.body = yr.body;
    return t;
  }
}

/** The audit lines' legality, by the one transition function (the yard's auto-clear and no-show included). */
function legal(action, from, to) {
  const camel = action.replace(/-(\w)/g, (_, c) => c.toUpperCase()).replace(/^confirm:.*/, 'confirm');
  if (camel === 'confirm') return from === to || (from === 'AT_GATE' && to === 'CLEARED');
  if (camel === 'noShow') return from === 'CALLED' && (to === 'CHECKED_IN' || to === 'NO_SHOW');
  if (!VEHICLE_ACTIONS.includes(camel)) return false;
  const r = applyAction(from, camel);
  return r.ok && (r.state === to || (r.state === 'AT_GATE' && to === 'CLEARED'));
}

/** Everything the model checks of one truck at quiescence; returns the violations found. */
async function checkTruck(db, t) {
  const v = [];
  const bad = (what) => v.push({ race: t.n, stage: t.stage, firm: t.firm, yard: t.yard, what });
  const [d] = (
    await db.query(
      `SELECT d.status, d.current_version AS version, x.status AS vehicle,
              (SELECT content->'vehicles'->0->'driver'->>'name' FROM declaration.declaration_versions
                WHERE declaration_id = d.id AND version = d.current_version) AS driver
         FROM declaration.declarations d JOIN declaration.vehicles x ON x.declaration_id = d.id WHERE x.id = $1`,
      [t.vehicleId],
    )
  ).rows;
  const [copy] = (
    await db.query(
      `SELECT status, snapshot->>'driverName' AS driver, declaration_version AS version FROM yard_queue.vehicles WHERE vehicle_id = $1`,
      [t.vehicleId],
    )
  ).rows;
  const entries = (
    await db.query(
      `SELECT id, status, snapshot->>'driverName' AS driver, (snapshot->>'version')::int AS version
         FROM yard_queue.queue_entries WHERE vehicle_id = $1 ORDER BY seq`,
      [t.vehicleId],
    )
  ).rows;
  const last = entries.at(-1) ?? null;
  const yardView = last
    ? last.status === 'NO_SHOW'
      ? 'ACCEPTED'
      : last.status
    : copy
      ? copy.status === 'WITHDRAWN'
        ? 'CANCELLED'
        : 'ACCEPTED'
      : null;

  // The two services agree on where the truck is.
  if (yardView === null) {
    if (!['DRAFT', 'SUBMITTED', 'CANCELLED'].includes(d.vehicle))
      bad(`declaration says ${d.vehicle}, the yard never heard of it`);
  } else if (d.vehicle !== yardView) bad(`declaration says ${d.vehicle}, the yard ${yardView}`);
  if (copy?.status === 'WITHDRAWN' && last && !['NO_SHOW', 'CROSSED', 'TURNED_BACK', 'CANCELLED'].includes(last.status))
    bad(`withdrawn by the firm while in the yard (${last.status})`);
  if (entries.filter((e) => ['CHECKED_IN', 'CALLED', 'AT_GATE', 'HELD', 'CLEARED'].includes(e.status)).length > 1)
    bad('two active entries');

  // Every acknowledged action's effect holds.
  const firmOk = t.firm.status >= 200 && t.firm.status < 300;
  const yardOk = t.yard.status >= 200 && t.yard.status < 300;
  if (firmOk && t.firm.action === 'cancel' && (d.status !== 'CANCELLED' || d.vehicle !== 'CANCELLED'))
    bad(`cancel answered ${t.firm.status} but the declaration is ${d.status}/${d.vehicle}`);
  if (firmOk && t.firm.action === 'amend') {
    if (d.driver !== NEW_DRIVER) bad('amendment answered 200 but not in force');
    if (copy && copy.status === 'ACCEPTED' && copy.driver !== NEW_DRIVER)
      bad('amendment answered 200 never reached the yard');
    if (yardOk && t.yard.action === 'check-in' && last?.driver !== NEW_DRIVER)
      bad(`amendment and check-in both acknowledged, the border guard sees driver ${last?.driver}`);
  }
  if (firmOk && t.firm.action === 'submit' && d.status === 'DRAFT') bad('submit answered 200, still a draft');
  if (yardOk) {
    if (t.yard.action === 'check-in' && !last) bad('check-in answered 201 but no entry');
    else if (t.yard.body?.status && last?.status !== t.yard.body.status)
      bad(`${t.yard.action} answered ${t.yard.body.status}, the entry is ${last?.status}`);
  }
  if (firmOk && yardOk && t.firm.action === 'cancel' && !['DRAFT'].includes(t.stage))
    bad('both the firm cancel and the yard action acknowledged');
  // The entry a border guard checks carries the version in force when the truck checked in (never an older one).
  for (const e of entries) if (e.version > d.version) bad(`entry at version ${e.version} > declaration ${d.version}`);
  if (
    last &&
    ['CHECKED_IN', 'CALLED', 'AT_GATE', 'HELD', 'CLEARED'].includes(last.status) &&
    last.version !== d.version
  )
    bad(`truck in the yard on version ${last.version}, the declaration is at ${d.version}`);

  // No audit line, on either side, is an illegal transition; nothing happens in the yard after a firm's cancel.
  const declLines = (
    await db.query(
      `SELECT action, from_status, to_status, at FROM declaration.audit_log WHERE vehicle_id = $1 AND from_status IS NOT NULL ORDER BY id`,
      [t.vehicleId],
    )
  ).rows;
  for (const l of declLines)
    if (!legal(l.action, l.from_status, l.to_status))
      bad(`declaration audit: ${l.action} ${l.from_status}→${l.to_status}`);
  const yardLines = (
    await db.query(
      `SELECT a.action, a.from_status, a.to_status, a.at FROM yard_queue.queue_audit a
         JOIN yard_queue.queue_entries e ON e.id = a.entry_id WHERE e.vehicle_id = $1 AND a.from_status IS NOT NULL ORDER BY a.id`,
      [t.vehicleId],
    )
  ).rows;
  for (const l of yardLines)
    if (l.from_status !== l.to_status && !legal(l.action, l.from_status, l.to_status))
      bad(`yard audit: ${l.action} ${l.from_status}→${l.to_status}`);
  const firmCancel = declLines.find((l) => l.action === 'cancel');
  if (firmCancel && yardLines.some((l) => l.at > firmCancel.at))
    bad('the yard acted on the truck after the firm cancelled it');
  return v;
}

/**
 * `races` races in `workers` parallel lanes; the link proxies' latency is drawn again every `latencyEvery`
 * races. Returns the figures and the violations.
 */
export async function firmYardRaces(suite, o) {
  const { races = 60, workers = 3, seed = 1, latencyEvery = 10, gateway = true, log = () => undefined } = o;
  const random = mulberry32(seed ^ 0x4ace5);
  const cluster = await suite.cluster({ label: 'races', gateway, linkProxies: true });
  let watch;
  try {
    const who = await people(cluster);
    if (gateway) {
      watch = new ConsoleWatch(cluster, who.admin, [GATE]);
      await watch.start();
    }
    const done = [];
    const errors = [];
    let next = 0;
    const latencies = [];
    const lane = async () => {
      for (;;) {
        const n = next++;
        if (n >= races) return;
        if (n % latencyEvery === 0) {
          const ms = LINK_LATENCIES_MS[Math.floor(random() * LINK_LATENCIES_MS.length)];
          latencies.push(ms);
          for (const link of cluster.links.values()) link.setLatency(ms);
        }
        const race = new Race(cluster, who, random);
        try {
          const t = await race.prepare(STAGES[Math.floor(random() * STAGES.length)]);
          t.n = n;
          done.push(await race.run(t));
        } catch (e) {
          errors.push({ race: n, error: e.message });
        }
      }
    };
    await Promise.all(Array.from({ length: workers }, lane));
    for (const link of cluster.links.values()) link.setLatency(0);
    // Quiescence: every event delivered both ways, the gateway at the yard's version; then a sweep interval.
    const quiet = await catchUp(cluster.db, { gateway }, 60000);
    const violations = [];
    for (const t of done) violations.push(...(await checkTruck(cluster.db, t)));
    const consoles = watch ? await watch.finalAgreement(15000) : null;
    const kinds = {};
    const outcomes = {};
    for (const t of done) {
      const k = `${t.stage}: ${t.firm.action} × ${t.yard.action}`;
      kinds[k] = (kinds[k] ?? 0) + 1;
      const o2 = `${t.firm.action} ${t.firm.status} / ${t.yard.action} ${t.yard.status}`;
      outcomes[o2] = (outcomes[o2] ?? 0) + 1;
    }
    log(`  ${done.length} races, ${violations.length} violations, link latencies ${latencies.join('/')} ms`);
    return {
      scenario: 'firm-yard-races',
      services: cluster.order,
      races: done.length,
      acknowledged: done.reduce(
        (n, t) => n + [t.firm, t.yard].filter((a) => a.status >= 200 && a.status < 300).length,
        0,
      ),
      linkLatenciesMs: [...new Set(latencies)].sort((a, b) => a - b),
      setupErrors: errors,
      kinds,
      outcomes,
      violations: violations.slice(0, 20),
      violationCount: violations.length,
      quiescentAfterMs: quiet.ms,
      eventGaps: quiet.ms === null ? quiet.gaps : await eventGaps(cluster.db, { gateway }),
      consolesAgree: consoles ? consoles.ms !== null && watch.divergences.length === 0 : null,
      consoleDivergences: watch?.divergences ?? [],
      crashes: [...cluster.services.values()].flatMap((s) => s.crashes.map((c) => ({ service: s.name, ...c }))),
    };
  } finally {
    await watch?.stop().catch(() => undefined);
    await cluster.close();
  }
}

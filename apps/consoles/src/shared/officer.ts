/// <reference lib="dom" />
import { Api, type Role } from './api.js';
import type { GateView } from './declarations.js';
import { h } from './dom.js';
import { onLangChange, t, type MessageKey } from './i18n.js';
import { openQueueFeed, type QueueData, type QueueFeed, type QueueView } from './live.js';
import { pickGate, renderLogin } from './login.js';
import { createShell, type Shell } from './shell.js';
import type { Entry } from './queue-ui.js';

export interface OfficerContext {
  api: Api;
  shell: Shell;
  gate: string;
  gates: GateView[];
  feed: QueueFeed<Entry>;
  /** The latest queue (null until the first one arrives). */
  queue: () => QueueData<Entry> | null;
}

/**
 * The frame of a gate console (customs, border guard, yard): login limited to the roles, the gate picked
 * from the officer's assignments (`?gate=` to choose), the live queue of that gate, and a render
 * callback run on every queue change and language switch.
 */
export function startOfficerConsole(o: {
  consoleName: string;
  title: MessageKey;
  roles: Role[];
  view: QueueView;
  /** `why`: a new queue from the feed, a language switch, or the first render. */
  render: (ctx: OfficerContext, why: 'queue' | 'lang' | 'start') => void;
  onStart?: (ctx: OfficerContext) => void;
}): void {
  const api = new Api(o.consoleName);
  let gates: GateView[] = [];
  let ctx: OfficerContext | null = null;

  const gatePicker = () => {
    if (!ctx || !api.user) return null;
    const mine = api.user.role === 'ADMIN' ? gates.map((g) => g.code) : api.user.gates;
    const current = ctx.gate;
    if (mine.length < 2)
      return h(
        'span',
        { class: 'gate-name', 'data-gate': current },
        gates.find((g) => g.code === current)?.name ?? current,
      );
    const sel = h(
      'select',
      { 'aria-label': t('gate'), 'data-testid': 'gate-picker' },
      mine.map((c) => h('option', { value: c, selected: c === current }, gates.find((g) => g.code === c)?.name ?? c)),
    );
    sel.addEventListener('change', () => {
      const u = new URL(location.href);
      u.searchParams.set('gate', sel.value);
      location.href = u.toString();
    });
    return sel;
  };

  const shell = createShell({ title: o.title, api, extra: gatePicker, onLogout: () => location.reload() });
  api.onSessionLost = () => location.reload();

  const start = async () => {
    if (!api.user) {
      // Nothing is live on the login form: no badge.
      shell.setConn(null);
      renderLogin(shell.main, {
        api,
        roles: o.roles,
        title: t('loginTitle', { console: t(o.title) }),
        onLogin: () => {
          shell.refresh();
          void start();
        },
      });
      return;
    }
    shell.main.replaceChildren(h('p', { class: 'muted' }, t('loading')));
    try {
      gates = await api.get<GateView[]>('/gates');
    } catch (e) {
      shell.main.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
      shell.setConn('stale');
      setTimeout(() => void start(), 5000);
      return;
    }
    const gate = pickGate(
      api.user,
      gates.map((g) => g.code),
    );
    if (!gate) {
      shell.main.replaceChildren(h('p', { class: 'error' }, t('wrongRole', { role: api.user.role })));
      return;
    }
    // The desk's gate goes with every request: the statistics time answers per console (customs HUU_NGHI…).
    api.desk = gate;
    let latest: QueueData<Entry> | null = null;
    const feed = openQueueFeed<Entry>({ gate, view: o.view, api });
    ctx = { api, shell, gate, gates, feed, queue: () => latest };
    const c = ctx;
    feed.onState((s, detail) => shell.setConn(s, detail));
    feed.onQueue((q) => {
      latest = q;
      o.render(c, 'queue');
    });
    onLangChange(() => o.render(c, 'lang'));
    shell.refresh();
    o.onStart?.(c);
    o.render(c, 'start');
  };
  void start();
}

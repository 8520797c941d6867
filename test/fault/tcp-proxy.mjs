// A TCP proxy between the services and PostgreSQL that can make the database slow or unreachable:
//   pass       forwards bytes as they come;
//   latency    delays every chunk, both ways, by `ms` (order kept);
//   blackhole  a partition: nothing gets through in either direction and new connections are accepted but
//              never answered (like SYNs and packets lost on the way); bytes sent meanwhile are held, as TCP
//              would retransmit them, and delivered on heal unless the connections are stranded;
//   drop       every open connection is reset and new ones are reset at once (a firewall answering RST).
// heal({ strand: true }) lets new connections through but leaves the connections caught in the black hole
// black-holed for ever (a failover that moved the database: the old peers never answer again).
import net from 'node:net';

export class FaultProxy {
  constructor({ targetPort, targetHost = '127.0.0.1' }) {
    this.targetPort = targetPort;
    this.targetHost = targetHost;
    this.mode = 'pass';
    this.latencyMs = 0;
    this.pairs = new Set();
    this.stats = { accepted: 0, maxOpen: 0, reset: 0, stranded: 0, upstreamErrors: 0 };
    this.server = net.createServer((client) => this.accept(client));
    this.server.on('error', () => undefined);
  }

  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.port = this.server.address().port;
        resolve(this.port);
      });
    });
  }

  /** Connections the services hold open right now (a stranded connection they dropped no longer counts). */
  get open() {
    let n = 0;
    for (const p of this.pairs) if (!p.client.destroyed) n++;
    return n;
  }

  /** Connections Postgres still holds for a client that is gone (stranded backends). */
  get orphaned() {
    let n = 0;
    for (const p of this.pairs) if (p.client.destroyed && p.upstream && !p.upstream.destroyed) n++;
    return n;
  }

  setLatency(ms) {
    this.mode = ms > 0 ? 'latency' : 'pass';
    this.latencyMs = ms;
    for (const p of this.pairs) if (!p.stranded) this.flush(p);
  }

  blackhole() {
    this.mode = 'blackhole';
    for (const p of this.pairs) p.holed = true;
  }

  drop() {
    this.mode = 'drop';
    for (const p of [...this.pairs]) this.reset(p);
  }

  /** Back to normal. With `strand`, connections caught in the black hole stay dead (never answered, never closed). */
  heal({ strand = false } = {}) {
    this.mode = 'pass';
    this.latencyMs = 0;
    for (const p of this.pairs) {
      if (!p.holed) continue;
      p.holed = false;
      if (strand) {
        p.stranded = true;
        this.stats.stranded++;
        p.held = [];
        continue;
      }
      if (!p.upstream) this.connectUpstream(p);
      this.flush(p);
    }
  }

  accept(client) {
    this.stats.accepted++;
    if (this.mode === 'drop') {
      this.stats.reset++;
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const p = {
      client,
      upstream: null,
      held: [],
      holed: this.mode === 'blackhole',
      stranded: false,
      nextAt: { up: 0, down: 0 },
      closed: false,
    };
    this.pairs.add(p);
    this.stats.maxOpen = Math.max(this.stats.maxOpen, this.open);
    client.setNoDelay(true);
    client.on('data', (chunk) => this.forward(p, 'up', chunk));
    client.on('error', () => this.close(p));
    client.on('close', () => this.close(p));
    if (!p.holed) this.connectUpstream(p);
  }

  connectUpstream(p) {
    if (p.closed || p.upstream) return;
    const up = net.connect(this.targetPort, this.targetHost);
    p.upstream = up;
    up.setNoDelay(true);
    up.on('data', (chunk) => this.forward(p, 'down', chunk));
    up.on('error', () => {
      this.stats.upstreamErrors++;
      this.reset(p);
    });
    up.on('close', () => this.close(p));
    this.flush(p);
  }

  forward(p, dir, chunk) {
    if (p.stranded) return;
    if (p.holed || (dir === 'up' && (!p.upstream || p.upstream.connecting))) {
      p.held.push({ dir, chunk });
      return;
    }
    this.send(p, dir, chunk);
  }

  send(p, dir, chunk) {
    const to = dir === 'up' ? p.upstream : p.client;
    if (!to || to.destroyed) return;
    if (this.mode !== 'latency') {
      to.write(chunk);
      return;
    }
    const now = Date.now();
    const at = Math.max(now + this.latencyMs, p.nextAt[dir]);
    p.nextAt[dir] = at;
    setTimeout(() => {
      if (!to.destroyed && !p.stranded) to.write(chunk);
    }, at - now);
  }

  flush(p) {
    if (p.holed || p.stranded || !p.upstream) return;
    if (p.upstream.connecting) {
      p.upstream.once('connect', () => this.flush(p));
      return;
    }
    const held = p.held;
    p.held = [];
    for (const { dir, chunk } of held) this.send(p, dir, chunk);
  }

  reset(p) {
    if (p.closed) return;
    this.stats.reset++;
    for (const s of [p.client, p.upstream]) {
      if (!s || s.destroyed) continue;
      s.on('error', () => undefined);
      try {
        s.resetAndDestroy();
      } catch {
        s.destroy();
      }
    }
    this.close(p);
  }

  close(p) {
    if (p.closed) return;
    // A stranded connection: neither side hears that the other went away (the partition never heals for it).
    // The pair is forgotten once both sides are gone on their own.
    if (p.stranded && !(p.client.destroyed && (p.upstream?.destroyed ?? true))) return;
    p.closed = true;
    p.client.destroy();
    p.upstream?.destroy();
    this.pairs.delete(p);
  }

  /** Stops listening and closes every connection, stranded ones included. */
  async shutdown() {
    for (const p of [...this.pairs]) {
      p.closed = true;
      p.client.destroy();
      p.upstream?.destroy();
    }
    this.pairs.clear();
    await new Promise((r) => this.server.close(() => r()));
  }
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a stand-in provider behaves for its next requests: up (the documented protocol), down (connection refused:
 * the port is closed), slow (answers after `delayMs`), busy (429 with `Retry-After` for the next `count`
 * requests), broken (503 for the next `count`).
 */
export type Behaviour =
  | { mode: 'up' }
  | { mode: 'down' }
  | { mode: 'slow'; delayMs: number }
  | { mode: 'busy'; count: number; retryAfterSeconds: number }
  | { mode: 'broken'; count: number };

/** A tiny HTTP server a provider stand-in is built on: it can be taken down and brought back on the same port. */
export class StandInServer {
  private server: Server | null = null;
  private port = 0;
  behaviour: Behaviour = { mode: 'up' };
  /** Requests answered 429/503 by the behaviour (not by the protocol). */
  refused = 0;
  /** Every request that reached the server, answered or not yet. */
  received = 0;

  constructor(private readonly handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.dispatch(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Takes the port down (connection refused) or brings it back. */
  async set(b: Behaviour): Promise<void> {
    this.behaviour = b;
    if (b.mode === 'down') await this.stop();
    else if (!this.server) await this.start();
  }

  private async dispatch(req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<void> {
    this.received++;
    const b = this.behaviour;
    if (b.mode === 'busy' && b.count > 0) {
      b.count--;
      this.refused++;
      res.writeHead(429, { 'retry-after': String(b.retryAfterSeconds), 'content-type': 'application/json' });
      res.end('{"error":"too many requests"}');
      return;
    }
    if (b.mode === 'broken' && b.count > 0) {
      b.count--;
      this.refused++;
      res.writeHead(503).end();
      return;
    }
    if (b.mode === 'slow') await new Promise((r) => setTimeout(r, b.delayMs));
    try {
      this.handle(req, body, res);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

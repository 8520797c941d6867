// A firm's webhook receiver as the Standard Webhooks library documents it: every request is verified with
// `Webhook.verify`, a valid one is answered 204 and recorded, an invalid one 400. It can be down (not
// listening at all), answer 5xx to a share of requests, or answer slowly.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { WebhookMessage } from '#libs/events/src/index.js';

export interface ReceivedRequest {
  /** When the request arrived and when it was answered, on one counter of this receiver's happenings. */
  arrivedAt: number;
  answeredAt: number;
  id: string;
  headers: Record<string, string>;
  body: string;
  message: WebhookMessage | null;
  /** The status this receiver answered. */
  answered: number;
}

export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  secret = '';
  /** Share of valid requests answered 503 (the receiver's own trouble), from 0 to 1. */
  failureRate = 0;
  /** Longest random delay before answering, in ms. */
  maxDelayMs = 0;
  private server: Server | null = null;
  private tick = 0;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** The messages answered 2xx, in the order they were answered. */
  get accepted(): WebhookMessage[] {
    return this.requests.filter((r) => r.answered < 300 && r.message).map((r) => r.message!);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = flat(req.headers);
        const record: ReceivedRequest = {
          arrivedAt: ++this.tick,
          answeredAt: 0,
          id: headers['webhook-id'] ?? '',
          headers,
          body,
          message: null,
          answered: 0,
        };
        let status = 204;
        try {
          record.message = new Webhook(this.secret).verify(body, headers) as WebhookMessage;
          if (Math.random() < this.failureRate) status = 503;
        } catch {
          status = 400;
        }
        const answer = () => {
          record.answered = status;
          record.answeredAt = ++this.tick;
          this.requests.push(record);
          res.writeHead(status).end();
        };
        if (this.maxDelayMs > 0) setTimeout(answer, Math.random() * this.maxDelayMs);
        else answer();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}

function flat(h: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (typeof v === 'string') out[k] = v;
  return out;
}

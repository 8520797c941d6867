import pg from 'pg';

export interface NotificationListenerOptions {
  url: string;
  channel: string;
  applicationName: string;
  onNotify: (payload: string) => void;
  /** Runs on every (re)connection once LISTEN is in place: what was missed while disconnected is read then. */
  onListening: () => Promise<void>;
  log: (message: string) => void;
}

/**
 * One connection of its own kept on `LISTEN channel`, reconnected a second after it is lost. Notifications sent
 * while it was down are gone, hence `onListening` after each reconnection.
 */
export class NotificationListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: NotificationListenerOptions) {}

  async start(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.o.url,
      application_name: this.o.applicationName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10000,
    });
    client.on('notification', (n) => {
      if (n.channel === this.o.channel && n.payload) this.o.onNotify(n.payload);
    });
    // Without a listener a lost connection would be an unhandled 'error' that ends the process.
    client.on('error', (e) => this.o.log(`LISTEN ${this.o.channel}: ${e.message}`));
    client.on('end', () => {
      if (this.client === client) this.client = null;
      this.scheduleRetry();
    });
    await client.connect();
    this.client = client;
    await client.query(`LISTEN ${pg.escapeIdentifier(this.o.channel)}`);
    await this.o.onListening();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.stopped) return;
      this.start().catch((e: Error) => {
        this.o.log(`LISTEN ${this.o.channel}: ${e.message}; retrying`);
        this.client?.end().catch(() => undefined);
        this.scheduleRetry();
      });
    }, 1000);
    this.retry.unref();
  }
}

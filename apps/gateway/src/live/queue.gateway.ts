import { type BeforeApplicationShutdown, Inject, Logger } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { AppError, type ErrorBody } from '#libs/errors/src/index.js';
import { toErrorBody } from '#libs/http/src/index.js';
import { CLIENT_EVENTS } from '#libs/live-client/src/protocol.js';
import { PlatformMetrics } from '#libs/runtime/src/platform-metrics.js';
import { LiveAdapter } from './live-adapter.js';
import { LiveFanout } from './live-fanout.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';
import { LiveQueueService } from './live-queue.service.js';
import { firmRoom, type LiveServer, type LiveSocket } from './live-socket.js';
import { SocketAuthenticator } from './socket-authenticator.js';

const KNOWN_EVENTS = new Set<string>(CLIENT_EVENTS);

/** Consoles of a stopping instance reconnect spread over this window, so the others are not hit all at once. */
const HANDOVER_WINDOW_MS = 1000;

/** A client message's error ack, when the client asked for one. */
function refuse(args: unknown[], error: ErrorBody): void {
  const ack = args[args.length - 1];
  if (typeof ack === 'function') ack({ ok: false, error });
}

/**
 * The live queue over socket.io, on the platform's own HTTP server and origin (default `/socket.io` path).
 * Thin: the handshake and per-socket guards here, subscriptions in LiveQueueService, sending in LiveFanout.
 * The Origin allowlist is enforced in the handshake; CORS headers are reflected only so an allowed page on
 * another origin can use the polling transport (no cookies are involved: the token travels in `auth`).
 */
@WebSocketGateway({ cors: { origin: true, credentials: false }, maxHttpBufferSize: 16 * 1024, connectTimeout: 10000 })
export class QueueGateway
  implements
    OnGatewayInit<LiveServer>,
    OnGatewayConnection<LiveSocket>,
    OnGatewayDisconnect<LiveSocket>,
    BeforeApplicationShutdown
{
  private readonly logger = new Logger('QueueGateway');
  private readonly expiryTimers = new WeakMap<LiveSocket, ReturnType<typeof setTimeout>>();

  @WebSocketServer() server: LiveServer;

  constructor(
    private readonly live: LiveQueueService,
    private readonly fanout: LiveFanout,
    private readonly auth: SocketAuthenticator,
    private readonly adapter: LiveAdapter,
    @Inject(LIVE_OPTIONS) private readonly opts: LiveOptions,
    private readonly metrics: PlatformMetrics,
  ) {}

  afterInit(server: LiveServer): void {
    server.adapter(this.adapter.factory);
    server.use((socket, next) => {
      this.auth.authenticate(socket).then(
        () => next(),
        (e: unknown) => next(Object.assign(new Error(toErrorBody(e).message), { data: toErrorBody(e) })),
      );
    });
    this.fanout.attach(server);
    // This instance's sockets (the default namespace's), for `connected_sockets` in /metrics.
    this.metrics.registerSockets(() => server.sockets.sockets.size);
    this.logger.log(`live queue ready (${this.adapter.kind} adapter)`);
  }

  handleConnection(socket: LiveSocket): void {
    this.guardMessages(socket);
    this.handle(socket, 'subscribe', (b) => this.live.subscribe(socket, b));
    this.handle(socket, 'resync', (b) => this.live.resync(socket, b));
    this.handle(socket, 'unsubscribe', (b) => this.live.unsubscribe(socket, b));
    const { user, expiresAt } = socket.data;
    if (user?.role === 'FIRM' && user.firmId) void socket.join(firmRoom(user.firmId));
    if (expiresAt !== null) this.endAtExpiry(socket, expiresAt);
  }

  /** The connection lives as long as its token: then it ends, and the client reconnects with a fresh one. */
  private endAtExpiry(socket: LiveSocket, expiresAt: number): void {
    const left = expiresAt - Date.now();
    const t = setTimeout(
      () => {
        if (Date.now() < expiresAt) return this.endAtExpiry(socket, expiresAt);
        socket.emit('auth.expired', { message: 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại' });
        socket.disconnect(true);
      },
      Math.max(0, Math.min(left, 2 ** 31 - 1)),
    );
    this.expiryTimers.set(socket, t);
  }

  /**
   * At shutdown this instance's consoles are sent elsewhere first. The server itself is Fastify's to close
   * (idle keep-alive connections included, see `createFastifyAdapter`); socket.io only closes its sockets and
   * its adapter.
   */
  beforeApplicationShutdown(): void {
    // This instance's consoles (only its own: `local`, not through the adapter) are told to reconnect, which
    // the proxy routes to another instance, then closed; their state comes back from the shared log.
    if (!this.server) return;
    this.server.local.emit('server.restarting', {
      message: 'Máy chủ trực tuyến này đang dừng; đang kết nối lại với máy chủ khác…',
      reconnectWithinMs: HANDOVER_WINDOW_MS,
    });
    this.server.local.disconnectSockets();
    (this.server as unknown as { httpServer?: unknown }).httpServer = undefined;
  }

  handleDisconnect(socket: LiveSocket): void {
    const t = this.expiryTimers.get(socket);
    if (t) clearTimeout(t);
  }

  /**
   * A client message and its ack, straight on the socket: the HTTP pipeline's guards and pipes (bearer
   * token, body validation) have nothing to do with a socket, which was authenticated in its handshake.
   */
  private handle(socket: LiveSocket, event: string, work: (body: unknown) => Promise<object>): void {
    (socket as unknown as { on(e: string, fn: (...args: unknown[]) => void): void }).on(event, (...args) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (reply: object) => void) : null;
      void work(args.length > 1 ? args : args[0]).then((reply) => ack?.(reply));
    });
  }

  /**
   * Before any handler: unknown events get an error ack (a client cannot reach a room, or anything else, by
   * naming it), and each socket has a bucket of messages refilled over time; a socket that keeps flooding
   * past its refusals is disconnected.
   */
  private guardMessages(socket: LiveSocket): void {
    let tokens = this.opts.messageBurst;
    let refusals = 0;
    let last = Date.now();
    socket.use(([event, ...args], next) => {
      const now = Date.now();
      tokens = Math.min(this.opts.messageBurst, tokens + ((now - last) / 1000) * this.opts.messageRate);
      last = now;
      // A socket that let its bucket fill up again has stopped flooding.
      if (tokens >= this.opts.messageBurst) refusals = 0;
      if (tokens < 1) {
        refusals++;
        refuse(args, toErrorBody(new AppError('RATE_LIMITED', 'Quá nhiều tin nhắn, vui lòng chậm lại')));
        if (refusals > this.opts.messageBurst * 3) {
          this.logger.warn(`socket ${socket.id} disconnected for flooding`);
          socket.disconnect(true);
        }
        return;
      }
      tokens -= 1;
      if (!KNOWN_EVENTS.has(event)) {
        refuse(
          args,
          toErrorBody(
            AppError.invalid(
              'event',
              `Sự kiện không được hỗ trợ: "${String(event).slice(0, 40)}" (chỉ có ${[...KNOWN_EVENTS].join(', ')})`,
            ),
          ),
        );
        return;
      }
      next();
    });
  }
}

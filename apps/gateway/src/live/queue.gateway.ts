import { type BeforeApplicationShutdown, Logger, UseFilters, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { Public, TokenRevocations } from '#libs/auth/src/index.js';
import { renderMessage } from '#libs/errors/src/index.js';
import { requestLanguage, toErrorBody } from '#libs/http/src/index.js';
import type {
  AuthRenewResult,
  BoardLookupResult,
  LiveAck,
  ResyncResult,
  SubscribeResult,
} from '#libs/live-client/src/protocol.js';
import { PlatformMetrics } from '#libs/runtime/src/platform-metrics.js';
import { AuthRenewDto, BoardLookupDto, ResyncDto, SubscribeDto, UnsubscribeDto } from './dto/live-messages.dto.js';
import { LiveAdapter } from './live-adapter.js';
import { LiveExceptionFilter } from './live-exception.filter.js';
import { LiveFanout } from './live-fanout.js';
import { LiveMessagePipe } from './live-message.pipe.js';
import { LiveQueueService } from './live-queue.service.js';
import { firmRoom, type LiveServer, type LiveSocket } from './live-socket.js';
import { MessageThrottle } from './message-throttle.js';
import { SocketAuthenticator } from './socket-authenticator.js';
import { refuseRepeatedKeys, strictSocketParser } from './strict-socket-parser.js';

/** Consoles of a stopping instance reconnect spread over this window, so the others are not hit all at once. */
const HANDOVER_WINDOW_MS = 1000;

/**
 * The live queue over socket.io, on the platform's own HTTP server and origin (default `/socket.io` path).
 * Thin: the handshake and the client's messages here (read as strictly as request bodies, by `strictSocketParser`,
 * and validated like them; whatever a handler throws answers its ack with the REST error body), subscriptions in LiveQueueService, sending in LiveFanout,
 * the flood limit in MessageThrottle.
 * The Origin allowlist is enforced in the handshake; CORS headers are reflected only so an allowed page on
 * another origin can use the polling transport (no cookies are involved: the token travels in `auth`).
 */
@WebSocketGateway({
  cors: { origin: true, credentials: false },
  maxHttpBufferSize: 16 * 1024,
  connectTimeout: 10000,
  parser: strictSocketParser,
})
// No bearer token per message (the platform's global guard): the socket was authenticated in its handshake,
// and each subscription is authorized by view and gate in LiveQueueService.
@Public()
@UsePipes(LiveMessagePipe)
@UseFilters(LiveExceptionFilter)
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
    private readonly throttle: MessageThrottle,
    private readonly metrics: PlatformMetrics,
    private readonly revocations: TokenRevocations,
  ) {}

  afterInit(server: LiveServer): void {
    server.adapter(this.adapter.factory);
    server.use((socket, next) => {
      this.auth.authenticate(socket).then(
        () => next(),
        (e: unknown) => {
          const body = toErrorBody(e, requestLanguage(socket.handshake));
          next(Object.assign(new Error(body.message), { data: body }));
        },
      );
    });
    this.fanout.attach(server);
    // A revocation heard by this instance (NOTIFY) ends its sockets of that user at once; the client's
    // reconnection with the same token is then refused in the handshake.
    this.revocations.onRevoked((userId, version) => {
      for (const socket of server.sockets.sockets.values()) {
        const user = socket.data.user;
        if (user?.id !== userId || user.tokenVersion >= version) continue;
        socket.emit('auth.expired', {
          message: renderMessage({ key: 'sessionEnded' }, requestLanguage(socket.handshake)),
        });
        socket.disconnect(true);
      }
    });
    // This instance's sockets (the default namespace's), for `connected_sockets` in /metrics.
    this.metrics.registerSockets(() => server.sockets.sockets.size);
    this.logger.log(`live queue ready (${this.adapter.kind} adapter)`);
  }

  handleConnection(socket: LiveSocket): void {
    this.throttle.guard(socket);
    refuseRepeatedKeys(socket);
    const { user, expiresAt } = socket.data;
    if (user?.role === 'FIRM' && user.firmId) void socket.join(firmRoom(user.firmId));
    if (expiresAt !== null) this.endAtExpiry(socket, expiresAt);
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() message: SubscribeDto,
  ): Promise<LiveAck<SubscribeResult>> {
    this.auth.assertCurrent(socket.data.user);
    return { ok: true, ...(await this.live.subscribe(socket, message)) };
  }

  @SubscribeMessage('resync')
  async resync(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() message: ResyncDto,
  ): Promise<LiveAck<ResyncResult>> {
    this.auth.assertCurrent(socket.data.user);
    return { ok: true, ...(await this.live.resync(socket, message)) };
  }

  @SubscribeMessage('unsubscribe')
  unsubscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() message: UnsubscribeDto,
  ): LiveAck<{ gate: string }> {
    return { ok: true, ...this.live.unsubscribe(socket, message) };
  }

  @SubscribeMessage('board.lookup')
  async lookup(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() message: BoardLookupDto,
  ): Promise<LiveAck<BoardLookupResult>> {
    return { ok: true, ...(await this.live.lookup(socket, message)) };
  }

  /**
   * The client renewed its access token: the connection now lives as long as the new one. Chosen over a
   * reconnect at every renewal: nothing is torn down, so there is no gap a console could show as a loss, no
   * resubscription, and the gateway is not hit by every console at each renewal.
   */
  @SubscribeMessage('auth.renew')
  async renew(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() message: AuthRenewDto,
  ): Promise<LiveAck<AuthRenewResult>> {
    const expiresAt = await this.auth.renew(socket, message.token);
    this.clearExpiry(socket);
    // (A socket that ended meanwhile keeps no timer.)
    if (expiresAt !== null && socket.connected) this.endAtExpiry(socket, expiresAt);
    return { ok: true, expiresAt };
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
    this.clearExpiry(socket);
  }

  private clearExpiry(socket: LiveSocket): void {
    const t = this.expiryTimers.get(socket);
    if (t) clearTimeout(t);
    this.expiryTimers.delete(socket);
  }
}

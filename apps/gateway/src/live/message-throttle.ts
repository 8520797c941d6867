import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, type ErrorBody } from '#libs/errors/src/index.js';
import { requestLanguage, toErrorBody } from '#libs/http/src/index.js';
import { CLIENT_EVENTS } from '#libs/live-client/src/protocol.js';
import { LIVE_OPTIONS, type LiveOptions } from './live-options.js';
import type { LiveSocket } from './live-socket.js';

const KNOWN_EVENTS = new Set<string>(CLIENT_EVENTS);

/** A client message's error ack, when the client asked for one. */
export function refuse(args: unknown[], error: ErrorBody): void {
  const ack = args[args.length - 1];
  if (typeof ack === 'function') (ack as (reply: { ok: false; error: ErrorBody }) => void)({ ok: false, error });
}

/**
 * Before any handler (a socket.io middleware of each socket): unknown events get an error ack, so a client
 * cannot reach a room, or anything else, by naming it; and each socket has a bucket of messages refilled over
 * time. A socket that keeps flooding past its refusals is disconnected.
 */
@Injectable()
export class MessageThrottle {
  private readonly logger = new Logger('QueueGateway');

  constructor(@Inject(LIVE_OPTIONS) private readonly opts: LiveOptions) {}

  guard(socket: LiveSocket): void {
    const { messageBurst, messageRate } = this.opts;
    let tokens = messageBurst;
    let refusals = 0;
    const lang = requestLanguage(socket.handshake);
    let last = Date.now();
    socket.use(([event, ...args], next) => {
      const now = Date.now();
      tokens = Math.min(messageBurst, tokens + ((now - last) / 1000) * messageRate);
      last = now;
      // A socket that let its bucket fill up again has stopped flooding.
      if (tokens >= messageBurst) refusals = 0;
      if (tokens < 1) {
        refusals++;
        refuse(args, toErrorBody(new AppError('RATE_LIMITED', 'tooManyMessages'), lang));
        if (refusals > messageBurst * 3) {
          this.logger.warn(`socket ${socket.id} disconnected for flooding`);
          socket.disconnect(true);
        }
        return;
      }
      tokens -= 1;
      if (!KNOWN_EVENTS.has(event)) {
        const known = [...KNOWN_EVENTS].join(', ');
        const params = { event: String(event).slice(0, 40), known };
        refuse(args, toErrorBody(AppError.invalid('event', 'eventUnsupported', params), lang));
        return;
      }
      next();
    });
  }
}

import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import { BaseWsExceptionFilter } from '@nestjs/websockets';
import { requestLanguage, toErrorBody } from '#libs/http/src/index.js';
import type { LiveSocket } from './live-socket.js';
import type { LiveAck } from '#libs/live-client/src/protocol.js';

/**
 * Whatever a message handler throws (a refusal, a validation error, a failure) answers the message's ack with
 * the REST error body, `{ ok: false, error: { statusCode, code, message, errors? } }` in the language of the
 * socket's handshake; nothing is emitted
 * otherwise and the socket stays up. Failures on the server's side are logged.
 */
@Catch()
export class LiveExceptionFilter extends BaseWsExceptionFilter {
  private readonly logger = new Logger('LiveQueue');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const socket = host.getArgByIndex<LiveSocket | undefined>(0);
    const error = toErrorBody(exception, socket?.handshake ? requestLanguage(socket.handshake) : undefined);
    if (error.statusCode >= 500 && error.code !== 'DEPENDENCY_DOWN')
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    // A handler's arguments: the socket, the message, then the ack when the client asked for one.
    const ack = host.getArgByIndex<unknown>(2);
    if (typeof ack === 'function') (ack as (reply: LiveAck) => void)({ ok: false, error });
  }
}

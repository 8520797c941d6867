import { Logger } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Observable } from 'rxjs';

/**
 * Nest's socket.io adapter with each gateway handler bound as one plain listener on the socket. The stock
 * adapter builds an RxJS pipeline per handler per socket (fromEvent, mergeMap, takeUntil a shared disconnect
 * stream) that lives as long as the socket: about 20 KB of closures and subscribers per connected console,
 * half of what the gateway holds per socket. A listener is released with its socket, so nothing stops it
 * at disconnect; an answer that completes after the socket is gone goes nowhere, as it would in the stock one.
 */
/** The socket type of the socket.io that Nest's adapter runs (its own copy of the package). */
type AdapterSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

export class ListenerIoAdapter extends IoAdapter {
  private readonly log = new Logger('ListenerIoAdapter');

  override bindMessageHandlers(
    socket: AdapterSocket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        // As `fromEvent` hands them to the stock adapter: one argument as itself, several as an array.
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]) as { data: unknown; ack?: unknown };
        let result$: Observable<unknown>;
        try {
          result$ = transform(callback(data, ack));
        } catch (e) {
          this.log.error(e);
          return;
        }
        result$.subscribe({
          next: (response) => {
            if (response === undefined || response === null) return;
            const emitted = response as { event?: string; data?: unknown };
            if (emitted.event) return void socket.emit(emitted.event, emitted.data);
            if (!isAckHandledManually && typeof ack === 'function') (ack as (r: unknown) => void)(response);
          },
          // A handler whose error filter rethrows is a bug: logged, and the socket's other events go on.
          error: (e: unknown) => this.log.error(e),
        });
      });
    }
  }
}

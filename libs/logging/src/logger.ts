import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type Logger } from 'pino';
import type { LogSettings } from '#libs/config/src/index.js';
import { currentRequestId } from '#libs/request-context/src/index.js';

let root: Logger | undefined;

/**
 * The process's one pino logger: JSON lines shared by Fastify and Nest (through nestjs-pino), each carrying
 * the id of the request being served, or of the request that caused the event being applied. One per
 * process, as nestjs-pino's own root is: the first settings win (every host of a process reads the same).
 */
export function processLogger(settings: LogSettings): Logger {
  root ??= pino({
    level: settings.level,
    base: { pid: process.pid, service: settings.service },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
  return root;
}

/**
 * Nest's logger and an injectable `PinoLogger` over the process logger. No per-request middleware: the
 * request id comes from the request context on every line (see `processLogger`), so a request pays for a
 * logger only when it logs; Fastify writes the request lines itself when LOG_REQUESTS asks for them.
 */
export function loggingModule(settings: LogSettings): DynamicModule {
  return LoggerModule.forRoot({ pinoHttp: { logger: processLogger(settings) }, useExisting: true, forRoutes: [] });
}

import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentRequestId } from '#libs/request-context/src/index.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const PINO_LEVEL: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** One JSON line per log entry, with the id of the request being served when there is one. */
export function createPino(): Logger {
  const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'error' : 'log');
  return pino({
    level: PINO_LEVEL[(LEVELS.includes(level as LogLevel) ? level : 'log') as LogLevel],
    base: { pid: process.pid, service: process.env.SERVICE_NAME },
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  });
}

/** Nest's logger interface over pino. */
export class JsonLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const fn = this.pino[PINO_LEVEL[level] as 'info'].bind(this.pino);
    if (message instanceof Error) fn({ context, err: message }, message.message);
    else if (typeof message === 'object') fn({ context, ...(message as object) });
    else
      fn(
        { context, ...(level === 'error' && typeof rest[0] === 'string' && rest.length > 1 ? { stack: rest[0] } : {}) },
        String(message),
      );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
}

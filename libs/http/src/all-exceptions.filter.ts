import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, type Language, negotiateLanguage } from '#libs/domain/src/language/language.js';
import { AppError, type ErrorBody, type ErrorCode, type MessageKey } from '#libs/errors/src/index.js';

// Postgres and driver failures that mean "the database cannot serve this right now": answer 503 fast.
// 55P03 lock timeout, 57014 statement timeout (a slow or overloaded database), 25P03 idle-in-transaction timeout.
const DB_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
  '53300',
  '55P03',
  '57014',
  '25P03',
]);

function isDatabaseDown(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string }; message?: string };
  const code = err.driverError?.code ?? err.code;
  if (code && DB_DOWN_CODES.has(code)) return true;
  const m = err.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Connection is not established|Query read timeout|Query runner already released|Client was closed and is not queryable|Client has encountered a connection error/i.test(
    m,
  );
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'IDEMPOTENCY_KEY_REUSED',
  429: 'RATE_LIMITED',
  503: 'DEPENDENCY_DOWN',
};

/** Fastify's body parser's refusals (its words are English), by its code. */
const PARSER_MESSAGES: Record<string, MessageKey> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'jsonEmptyBody',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bodyLengthMismatch',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'mediaTypeUnsupported',
  FST_ERR_CTP_INVALID_JSON_BODY: 'jsonSyntax',
};

const MESSAGE_BY_STATUS: Record<number, MessageKey> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'notFound',
  429: 'rateLimited',
};

const tooLarge = () =>
  new AppError('PAYLOAD_TOO_LARGE', 'payloadTooLarge', {}, [{ field: 'body', message: { key: 'payloadTooLarge' } }]);

function isFastifyRefusal(e: HttpException): boolean {
  return (e.cause as { code?: string } | undefined)?.code?.startsWith('FST_ERR_CTP') === true;
}

/** Anything thrown, as the platform's refusal (unknown failures as INTERNAL). */
function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof HttpException) {
    // Fastify's own refusals (bad JSON, body too large) arrive wrapped, with the original as the cause.
    if (isFastifyRefusal(e)) return toAppError(e.cause);
    const status = e.getStatus();
    if (status === 413) return tooLarge();
    const code = STATUS_TO_CODE[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
    const key = MESSAGE_BY_STATUS[status];
    if (key) return new AppError(code, key);
    // Nest's own words (405, 415…) are English: the status is what is said, in the reader's language.
    return new AppError(code, status === 415 ? 'mediaTypeUnsupported' : 'requestRefused', { status });
  }
  const fastifyErr = e as { statusCode?: number; code?: string; message?: string };
  if (fastifyErr.statusCode === 429) return new AppError('RATE_LIMITED', 'rateLimited');
  if (fastifyErr.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return tooLarge();
  if (fastifyErr.code?.startsWith('FST_ERR_CTP') || (fastifyErr.statusCode === 400 && e instanceof SyntaxError)) {
    const detail = PARSER_MESSAGES[fastifyErr.code ?? ''] ?? 'jsonSyntax';
    return new AppError('MALFORMED_JSON', 'malformedJson', {}, [{ field: 'body', message: { key: detail } }]);
  }
  if (isDatabaseDown(e)) return new AppError('DEPENDENCY_DOWN', 'databaseDown');
  return new AppError('INTERNAL', 'internal');
}

/**
 * Converts anything thrown into the platform's error body `{ statusCode, code, message, errors? }`, the messages in
 * `lang` (Vietnamese unless the caller asked for another).
 */
export function toErrorBody(e: unknown, lang: Language = DEFAULT_LANGUAGE): ErrorBody {
  const body = toAppError(e).render(lang);
  // Statuses without a code of their own (405, 415…) keep the handler's status.
  if (e instanceof HttpException && !isFastifyRefusal(e) && e.getStatus() !== 413) body.statusCode = e.getStatus();
  return body;
}

/**
 * The language a request is answered in: an explicit `?lang=vi|zh|en`, else the best match of its
 * `Accept-Language`, else Vietnamese.
 */
export function requestLanguage(req: {
  headers?: Record<string, string | string[] | undefined>;
  query?: unknown;
}): Language {
  const asked = (req.query as { lang?: unknown } | undefined)?.lang;
  if (isLanguage(asked)) return asked;
  const header = req.headers?.['accept-language'];
  return negotiateLanguage(Array.isArray(header) ? header.join(',') : header);
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.getType() === 'http';
    const body = toErrorBody(exception, http ? requestLanguage(host.switchToHttp().getRequest()) : undefined);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (!http) throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    // JSON whatever the handler had declared for its own answer (the metrics endpoint's text/plain, say).
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }
}

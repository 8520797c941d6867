import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError, type ErrorBody, type ErrorCode, httpStatusOf } from '#libs/errors/src/index.js';

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

const VI_BY_STATUS: Record<number, string> = {
  401: 'Chưa đăng nhập hoặc phiên đã hết hạn',
  403: 'Bạn không có quyền thực hiện thao tác này',
  404: 'Không tìm thấy',
  429: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
};

/** Converts anything thrown into the platform's error body `{ statusCode, code, message, errors? }`. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e instanceof AppError) {
    return {
      statusCode: httpStatusOf(e.code),
      code: e.code,
      message: e.message,
      ...(e.errors ? { errors: e.errors } : {}),
    };
  }
  if (e instanceof HttpException) {
    // Fastify's own refusals (bad JSON, body too large) arrive wrapped, with the original as the cause.
    const cause = (e as { cause?: { code?: string } }).cause;
    if (cause?.code?.startsWith('FST_ERR_CTP')) return toErrorBody(cause);
    const status = e.getStatus();
    const res = e.getResponse() as
      { code?: ErrorCode; message?: string | string[]; errors?: ErrorBody['errors'] } | string;
    if (typeof res === 'object' && res.code) {
      return {
        statusCode: status,
        code: res.code,
        message: String(res.message),
        ...(res.errors ? { errors: res.errors } : {}),
      };
    }
    if (status === 413) {
      return {
        statusCode: 400,
        code: 'PAYLOAD_TOO_LARGE',
        message: 'Dữ liệu gửi lên quá lớn',
        errors: [{ field: 'body', message: 'Dữ liệu gửi lên quá lớn' }],
      };
    }
    const code = STATUS_TO_CODE[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
    const message =
      VI_BY_STATUS[status] ??
      (typeof res === 'string'
        ? res
        : Array.isArray(res.message)
          ? res.message.join('; ')
          : (res.message ?? e.message));
    return { statusCode: status, code, message };
  }
  const fastifyErr = e as { statusCode?: number; code?: string; message?: string };
  if (fastifyErr.statusCode === 429) {
    return {
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: fastifyErr.message ?? 'Quá nhiều yêu cầu, vui lòng thử lại sau',
    };
  }
  if (fastifyErr.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return {
      statusCode: 400,
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Dữ liệu gửi lên quá lớn',
      errors: [{ field: 'body', message: 'Dữ liệu gửi lên quá lớn' }],
    };
  }
  if (fastifyErr.code?.startsWith('FST_ERR_CTP') || (fastifyErr.statusCode === 400 && e instanceof SyntaxError)) {
    return {
      statusCode: 400,
      code: 'MALFORMED_JSON',
      message: 'JSON không hợp lệ',
      errors: [{ field: 'body', message: fastifyErr.message ?? 'JSON không hợp lệ' }],
    };
  }
  if (isDatabaseDown(e)) {
    return {
      statusCode: 503,
      code: 'DEPENDENCY_DOWN',
      message: 'Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại',
    };
  }
  return { statusCode: 500, code: 'INTERNAL', message: 'Lỗi hệ thống' };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(exception);
    if (body.statusCode >= 500)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    void reply.status(body.statusCode).send(body);
  }
}

/** Every refusal the platform makes, by stable code. Mapped to HTTP (and socket acks) in one place. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ILLEGAL_TRANSITION',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'DEPENDENCY_DOWN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string): AppError {
    return new AppError('NOT_FOUND', `Không tìm thấy ${what}`);
  }

  static forbidden(message = 'Bạn không có quyền thực hiện thao tác này'): AppError {
    return new AppError('FORBIDDEN', message);
  }

  static invalid(field: string, message: string): AppError {
    return new AppError('VALIDATION_FAILED', message, [{ field, message }]);
  }
}

export function assertUnreachable(x: never): never {
  throw new Error(`unhandled case: ${String(x)}`);
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'MALFORMED_JSON':
    case 'PAYLOAD_TOO_LARGE':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'ILLEGAL_TRANSITION':
      return 409;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    case 'RATE_LIMITED':
      return 429;
    case 'DEPENDENCY_DOWN':
      return 503;
    case 'INTERNAL':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

import { DEFAULT_LANGUAGE, type Language } from '#libs/domain/src/language/language.js';
import type { FieldRefusal, Refusal } from '#libs/domain/src/refusal.js';
import {
  type Message,
  type MessageKey,
  type MessageParams,
  refusalMessage,
  refusedField,
  renderMessage,
} from './messages.js';

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

/** A field's refusal before it is rendered in the reader's language. */
export interface FieldProblem {
  field: string;
  message: Message;
}

/**
 * A refusal by code and catalog message. `message` (the Error's) is the Vietnamese text, for logs and for callers
 * that read it; the response renders `key` and `params` in the request's language (`render`).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
    readonly problems?: FieldProblem[],
  ) {
    super(renderMessage({ key, params }, DEFAULT_LANGUAGE));
    this.name = 'AppError';
  }

  render(lang: Language): ErrorBody {
    return {
      statusCode: httpStatusOf(this.code),
      code: this.code,
      message: renderMessage({ key: this.key, params: this.params }, lang),
      ...(this.problems
        ? { errors: this.problems.map((p) => ({ field: p.field, message: renderMessage(p.message, lang) })) }
        : {}),
    };
  }

  static notFound(key: MessageKey, params?: MessageParams): AppError {
    return new AppError('NOT_FOUND', key, params);
  }

  static forbidden(key: MessageKey = 'forbidden', params?: MessageParams): AppError {
    return new AppError('FORBIDDEN', key, params);
  }

  /** Refused data, naming every field at fault. */
  static invalidFields(problems: FieldProblem[]): AppError {
    return new AppError(
      'VALIDATION_FAILED',
      'invalidData',
      { fields: problems.map((p) => p.field).join(', ') },
      problems,
    );
  }

  /** One field refused, the message naming it in the same words as the whole. */
  static invalid(field: string, key: MessageKey, params?: MessageParams): AppError {
    return new AppError('VALIDATION_FAILED', key, params, [{ field, message: { key, params } }]);
  }

  /** A refusal of libs/domain, under the catalog key its code names. */
  static refused(code: ErrorCode, r: Refusal, problems?: FieldProblem[]): AppError {
    const m = refusalMessage(r);
    return new AppError(code, m.key, m.params, problems);
  }

  /** One field libs/domain refused, the message in the same words as the field's. */
  static refusedField(field: string, r: Refusal): AppError {
    return AppError.refused('VALIDATION_FAILED', r, [refusedField({ field, refusal: r })]);
  }

  /** Fields libs/domain refused: the first one's refusal is the message, every one is listed. */
  static refusedFields(code: ErrorCode, refused: readonly FieldRefusal[]): AppError {
    return AppError.refused(
      code,
      refused[0].refusal,
      refused.map((f) => refusedField(f)),
    );
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

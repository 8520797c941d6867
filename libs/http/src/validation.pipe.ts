import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from '#libs/errors/src/index.js';
import { cleanJsonValue, isCleanJson } from '#libs/validation/src/json-hygiene.js';

/** `vehicles.0.plate` style paths become `vehicles[0].plate`, the way clients address form fields. */
function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    // A key that is the empty string still needs a visible name.
    const property = e.property === '' ? '""' : e.property;
    const path = prefix ? (isIndex ? `${prefix}[${property}]` : `${prefix}.${property}`) : property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field: path, message: translate(message, e.property) });
    }
    if (e.children?.length) out.push(...flatten(e.children, path));
  }
  return out;
}

// class-validator's built-in messages are English; the common ones are shown in Vietnamese.
function translate(message: string, property: string): string {
  if (/should not exist/.test(message)) return `Trường "${property}" không được phép`;
  if (/should not be empty|must be defined/.test(message)) return `Thiếu trường "${property}"`;
  if (/must be a string/.test(message)) return `"${property}" phải là chuỗi ký tự`;
  if (/must be an integer|must be a number/.test(message)) return `"${property}" phải là số`;
  if (/must be a positive number/.test(message)) return `"${property}" phải là số dương`;
  if (/must be an array/.test(message)) return `"${property}" phải là danh sách`;
  if (/must contain at least \d+ elements/.test(message)) return `"${property}" phải có ít nhất một phần tử`;
  if (/must be one of the following values/.test(message))
    return `"${property}" không thuộc các giá trị cho phép: ${message.split(':').pop()?.trim()}`;
  if (/must be a valid ISO 8601 date string/.test(message)) return `"${property}" phải là thời điểm ISO 8601`;
  if (/must be an email/.test(message)) return `"${property}" phải là địa chỉ email`;
  if (/must be a boolean/.test(message)) return `"${property}" phải là true hoặc false`;
  if (/nested property .* must be either object or array|must be an object/.test(message))
    return `"${property}" phải là đối tượng`;
  let m: RegExpMatchArray | null;
  if ((m = message.match(/must be longer than or equal to (\d+) characters/)))
    return `"${property}" phải có ít nhất ${m[1]} ký tự`;
  if ((m = message.match(/must be shorter than or equal to (\d+) characters/)))
    return `"${property}" không được dài quá ${m[1]} ký tự`;
  if ((m = message.match(/must not be greater than (-?[\d.]+)/))) return `"${property}" không được lớn hơn ${m[1]}`;
  if ((m = message.match(/must not be less than (-?[\d.]+)/))) return `"${property}" không được nhỏ hơn ${m[1]}`;
  if ((m = message.match(/must contain no more than (\d+) elements/))) return `"${property}" có tối đa ${m[1]} phần tử`;
  if (/must be a UUID/.test(message)) return `"${property}" phải là mã định danh (UUID)`;
  if (/must be a valid enum value|must be one of/.test(message))
    return `"${property}" không thuộc các giá trị cho phép`;
  if (/must match .* regular expression/.test(message)) return `"${property}" không đúng định dạng`;
  return message;
}

/**
 * class-validator's pipe, refusing first bodies that are not objects and values that fail the JSON hygiene rules
 * (`cleanJsonValue`: invalid Unicode, control characters, unsafe numbers, absurd nesting), and reading text in NFC.
 * HTTP bodies were already checked when parsed; socket messages, query strings and path parameters are here.
 */
class PlatformValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A body is a JSON object: null, a number, a string or an array would otherwise pass as an empty DTO.
    if (
      metadata.type === 'body' &&
      metadata.metatype &&
      metadata.metatype !== Object &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      const message = 'Nội dung yêu cầu phải là một đối tượng JSON';
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'body', message }] });
    }
    // Only what came from the client: a websocket handler's socket, for one, is a cyclic object.
    if (['body', 'query', 'param'].includes(metadata.type) && !isCleanJson(value)) {
      // Array lengths are held where client bodies are parsed; the internal event batches behind this pipe are long.
      const cleaned = cleanJsonValue(value, { maxArrayLength: Infinity });
      if ('problem' in cleaned) {
        throw new BadRequestException({
          code: 'VALIDATION_FAILED',
          message: `Dữ liệu không hợp lệ: ${cleaned.problem.field}`,
          errors: [cleaned.problem],
        });
      }
      value = cleaned.value;
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      return new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: `Dữ liệu không hợp lệ: ${fieldErrors.map((f) => f.field).join(', ')}`,
        errors: fieldErrors,
      });
    },
  });
}

import { ValidationPipe, BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldError } from './app-error.js';

/** `vehicles.0.plate` style paths become `vehicles[0].plate`, the way clients address form fields. */
function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const isIndex = /^\d+$/.test(e.property);
    const path = prefix ? (isIndex ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`) : e.property;
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
  if (/must be one of the following values/.test(message)) return `"${property}" không thuộc các giá trị cho phép: ${message.split(':').pop()?.trim()}`;
  if (/must be a valid ISO 8601 date string/.test(message)) return `"${property}" phải là thời điểm ISO 8601`;
  if (/must be an email/.test(message)) return `"${property}" phải là địa chỉ email`;
  if (/must be a boolean/.test(message)) return `"${property}" phải là true hoặc false`;
  if (/nested property .* must be either object or array|must be an object/.test(message)) return `"${property}" phải là đối tượng`;
  return message;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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

import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import {
  isGateCodeShape,
  parseContainerNumber,
  parseCustomsDeclarationNumber,
  parseDriverDocument,
  parseHsCode,
  parseInstant,
  parsePhone,
  parsePlate,
  parseSealNumber,
  parseTaxCode,
  type Parsed,
  type PlateKind,
  refusal,
  type Refusal,
} from '#libs/domain/src/index.js';

type Parser = (value: unknown, args?: ValidationArguments) => Parsed<unknown>;

// class-validator's messages are strings: a domain refusal travels in one as its JSON behind this mark, and the
// validation pipe reads it back to say it in the reader's language.
const REFUSAL_MARK = 'refusal ';

export function refusalConstraint(r: Refusal): string {
  return REFUSAL_MARK + JSON.stringify(r);
}

/** The refusal a constraint message carries, or null for class-validator's own messages. */
export function constraintRefusal(message: string): Refusal | null {
  return message.startsWith(REFUSAL_MARK) ? (JSON.parse(message.slice(REFUSAL_MARK.length)) as Refusal) : null;
}

// class-validator hands `defaultMessage` the whole array when `each: true`, so the refusal is taken from
// the first element that fails (or the whole value, which no parser takes, when none does).
function refusalFor(parse: Parser, args: ValidationArguments): Refusal {
  const values = Array.isArray(args.value) ? args.value : [args.value];
  const r = values.map((v) => parse(v, args)).find((p) => !p.ok) ?? parse(args.value, args);
  return r.ok ? refusal('idNotText', { label: args.property, value: '' }) : r.refusal;
}

/** Wraps a pure domain parser: valid iff it parses, and the error is the parser's refusal. */
function parserDecorator(name: string, parse: Parser, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => parse(value, args).ok,
        defaultMessage: (args?: ValidationArguments) =>
          refusalConstraint(args ? refusalFor(parse, args) : refusal('idNotText', { label: name, value: '' })),
      },
    },
    validationOptions,
  );
}

/** Vietnamese or Chinese plate in any common spelling; `kind` insists on a tractor or a trailer plate. */
export function IsPlate(opts: { kind?: PlateKind } = {}, validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isPlate', (v) => parsePlate(v, opts), validationOptions);
}

/** ISO 6346 container number with a correct check digit. */
export function IsContainerNumber(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isContainerNumber', parseContainerNumber, validationOptions);
}

/** Mã số thuế: 10 digits with a valid check digit, or the branch form `0100109106-001`. */
export function IsTaxCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isTaxCode', parseTaxCode, validationOptions);
}

/** Số tờ khai hải quan: 12 digits. */
export function IsCustomsDeclarationNumber(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isCustomsDeclarationNumber', parseCustomsDeclarationNumber, validationOptions);
}

/** HS code of 4, 6 or 8 digits, dots allowed. */
export function IsHsCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isHsCode', parseHsCode, validationOptions);
}

/** Vietnamese or Chinese mobile number. */
export function IsPhone(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isPhone', parsePhone, validationOptions);
}

/** Customs seal number: 4–20 letters, digits and dashes. */
export function IsSealNumber(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isSealNumber', parseSealNumber, validationOptions);
}

/**
 * Driver document number, checked against the document type held in a sibling property
 * (`CCCD` | `PASSPORT` | `BORDER_PASS`). Validate the type property itself with `@IsIn`.
 */
export function IsDriverDocumentNumber(typeProperty: string, validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator(
    'isDriverDocumentNumber',
    (number, args) =>
      parseDriverDocument({ type: (args?.object as Record<string, unknown> | undefined)?.[typeProperty], number }),
    validationOptions,
  );
}

/** Gate code shape (`HUU_NGHI`); whether the gate exists is checked against configuration by the service. */
export function IsGateCode(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator(
    'isGateCode',
    (v) =>
      isGateCodeShape(v)
        ? { ok: true, value: v }
        : {
            ok: false,
            code: 'GATE_CODE_INVALID',
            refusal: refusal('gateCodeFormat', { value: JSON.stringify(v) ?? String(v) }),
          },
    validationOptions,
  );
}

/** An ISO 8601 instant with its offset (`Z` or `±hh:mm`): a bare date or a local time is refused. */
export function IsInstant(validationOptions?: ValidationOptions): PropertyDecorator {
  return parserDecorator('isInstant', parseInstant, validationOptions);
}

import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import { AppError, type FieldProblem, type Message, MESSAGES, refusalMessage } from '#libs/errors/src/index.js';
import { constraintRefusal } from '#libs/validation/src/identifier-decorators.js';
import { cleanJsonValue, isCleanJson } from '#libs/validation/src/json-hygiene.js';

/** `vehicles.0.plate` style paths become `vehicles[0].plate`, the way clients address form fields. */
function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
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

// class-validator's built-in messages are English; each is said in the catalog's words (the rare ones as the field
// refused), a domain refusal (the identifier decorators') under its own key.
function translate(message: string, property: string): Message {
  const refused = constraintRefusal(message);
  if (refused) return refusalMessage(refused);
  // A DTO that words a constraint itself gives a catalog key as its message.
  if (Object.prototype.hasOwnProperty.call(MESSAGES, message)) return { key: message as Message['key'] };
  const field = (key: Message['key'], more: Record<string, string> = {}): Message => ({
    key,
    params: { field: property, ...more },
  });
  if (/should not exist/.test(message)) return field('fieldNotAllowed');
  if (/should not be empty|must be defined/.test(message)) return field('fieldMissing');
  if (/must be a string/.test(message)) return field('fieldString');
  if (/must be an integer|must be a number/.test(message)) return field('fieldNumber');
  if (/must be a positive number/.test(message)) return field('fieldPositive');
  if (/must be an array/.test(message)) return field('fieldArray');
  if (/must contain at least \d+ elements/.test(message)) return field('fieldNonEmpty');
  if (/must be one of the following values/.test(message))
    return field('fieldOneOf', { values: message.split(':').pop()?.trim() ?? '' });
  if (/must be a valid ISO 8601 date string/.test(message)) return field('fieldIsoInstant');
  if (/must be an email/.test(message)) return field('fieldEmail');
  if (/must be a boolean/.test(message)) return field('fieldBoolean');
  if (/nested property .* must be either object or array|must be an object/.test(message)) return field('fieldObject');
  let m: RegExpMatchArray | null;
  if ((m = message.match(/must be longer than or equal to (\d+) characters/)))
    return field('fieldMinLength', { n: m[1] });
  if ((m = message.match(/must be shorter than or equal to (\d+) characters/)))
    return field('fieldMaxLength', { n: m[1] });
  if ((m = message.match(/must not be greater than (-?[\d.]+)/))) return field('fieldMax', { n: m[1] });
  if ((m = message.match(/must not be less than (-?[\d.]+)/))) return field('fieldMin', { n: m[1] });
  if ((m = message.match(/must contain no more than (\d+) elements/))) return field('fieldMaxItems', { n: m[1] });
  if (/must be a UUID/.test(message)) return field('fieldUuid');
  if (/must be a valid enum value|must be one of/.test(message)) return field('fieldEnum');
  if (/must match .* regular expression/.test(message)) return field('fieldFormat');
  // Any other constraint: the field named, said in every language.
  return field('fieldRejected');
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
      throw AppError.invalid('body', 'bodyNotObject');
    }
    // Only what came from the client: a websocket handler's socket, for one, is a cyclic object.
    if (['body', 'query', 'param'].includes(metadata.type) && !isCleanJson(value)) {
      // Array lengths are held where client bodies are parsed; the internal event batches behind this pipe are long.
      const cleaned = cleanJsonValue(value, { maxArrayLength: Infinity });
      if ('problem' in cleaned) {
        throw AppError.invalidFields([cleaned.problem]);
      }
      value = cleaned.value;
    }
    return super.transform(value, metadata);
  }
}

type MetadataLookup = (
  target: object,
  schema: string | undefined,
  always: boolean,
  strictGroups: boolean,
  groups?: string[],
) => unknown[];

interface MetadataStorage {
  getTargetValidationMetadatas: MetadataLookup;
  groupByPropertyName(metadata: unknown[]): Record<string, unknown[]>;
  addValidationSchema(...a: unknown[]): void;
  addValidationMetadata(...a: unknown[]): void;
  addConstraintMetadata(...a: unknown[]): void;
  rememberedLookups?: boolean;
}

/**
 * class-validator finds a class's rules again for every object it validates, scanning the rules of every
 * class the process has loaded (all five services' DTOs), then groups them by property: a declaration with two
 * vehicles paid that for each of its nested objects on every request. The answers depend only on the rules
 * registered and the arguments, so they are kept, and forgotten whenever a rule is registered. Applied to the
 * one process-wide store (`getMetadataStorage()`, shared by class-validator's builds), once.
 */
export function rememberValidationLookups(): void {
  const storage = getMetadataStorage() as unknown as MetadataStorage;
  if (storage.rememberedLookups) return;
  storage.rememberedLookups = true;
  let found = new WeakMap<object, Map<string, unknown[]>>();
  let grouped = new WeakMap<unknown[], Record<string, unknown[]>>();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema ?? ''}\u0000${always}\u0000${strictGroups}\u0000${groups ? groups.join('\u0001') : '-'}`;
    let byKey = found.get(target);
    if (!byKey) found.set(target, (byKey = new Map<string, unknown[]>()));
    let metadata = byKey.get(key);
    if (!metadata) byKey.set(key, (metadata = lookup(target, schema, always, strictGroups, groups)));
    return metadata;
  };
  storage.groupByPropertyName = (metadata) => {
    let g = grouped.get(metadata);
    if (!g) grouped.set(metadata, (g = group(metadata)));
    return g;
  };
  for (const name of ['addValidationSchema', 'addValidationMetadata', 'addConstraintMetadata'] as const) {
    const add = storage[name].bind(storage);
    storage[name] = (...a: unknown[]) => {
      found = new WeakMap();
      grouped = new WeakMap();
      add(...a);
    };
  }
}

export function createValidationPipe(): ValidationPipe {
  rememberValidationLookups();
  return new PlatformValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      return AppError.invalidFields(flatten(errors));
    },
  });
}

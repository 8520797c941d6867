// Input hygiene for JSON that comes from clients (request bodies, query strings, socket messages): what JSON
// allows but the platform must refuse, and the one normal form text is stored in. Plain TypeScript, no Nest.
// A refusal names a key of the error catalog (libs/errors), said in the reader's language.
import { type Message, renderMessage } from '#libs/errors/src/messages.js';

/** Deeper JSON than this is refused: no form of ours nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;
/** Longer arrays than this are refused outright; each DTO sets its own, smaller limits. */
export const MAX_JSON_ARRAY_LENGTH = 1000;

/** A refusal naming the field (`vehicles[0].driverName`, or `body` for the whole value). */
export interface JsonProblem {
  field: string;
  message: Message;
}

const problem = (field: string, key: Message['key'], params: Message['params'] = { field }): JsonProblem => ({
  field,
  message: { key, params },
});

/**
 * C0 controls other than tab, line feed and carriage return, DEL, and C1 controls: no field of ours holds one,
 * Postgres cannot store NUL at all, and the others only hide text from the person who reads it.
 */
/** ASCII text is already in NFC: only the rest is normalised. */
// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included
const NON_ASCII = /[^\u0000-\u007f]/;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (no u flag: by code unit). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent || 'body'}[${key}]`;
  const name = key === '' ? '""' : key;
  return parent ? `${parent}.${name}` : name;
}

function textProblem(s: string, field: string): JsonProblem | null {
  // A lone UTF-16 surrogate is valid JSON (`"\ud800"`) but no character: it cannot be stored as UTF-8.
  if (LONE_SURROGATE.test(s)) return problem(field, 'jsonLoneSurrogate');
  if (CONTROL.test(s)) return problem(field, 'jsonControlChar');
  return null;
}

function numberProblem(n: number, field: string): JsonProblem | null {
  if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n)))
    return problem(field, 'jsonNumberRange');
  if (Object.is(n, -0)) return problem(field, 'jsonNegativeZero');
  return null;
}

/**
 * Checks a parsed JSON value and returns it with every string and key in Unicode NFC, so that the same text
 * typed on two keyboards (a precomposed "ễ" or "e" with combining marks) is stored and matched alike.
 * The first problem found is returned instead: invalid Unicode, control characters, numbers outside the safe
 * integer range or -0, arrays longer than MAX_JSON_ARRAY_LENGTH, nesting deeper than MAX_JSON_DEPTH.
 */
export function cleanJsonValue(
  value: unknown,
  { maxArrayLength = MAX_JSON_ARRAY_LENGTH }: { maxArrayLength?: number } = {},
): { value: unknown } | { problem: JsonProblem } {
  const found: { problem: JsonProblem | null } = { problem: null };
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (found.problem) return v;
    if (typeof v === 'string') {
      found.problem = textProblem(v, path || 'body');
      return found.problem || !NON_ASCII.test(v) ? v : v.normalize('NFC');
    }
    if (typeof v === 'number') {
      found.problem = numberProblem(v, path || 'body');
      return v;
    }
    if (v === null || typeof v !== 'object') return v;
    const field = path || 'body';
    if (depth >= MAX_JSON_DEPTH) {
      found.problem = problem(field, 'jsonTooDeep', { max: MAX_JSON_DEPTH });
      return v;
    }
    if (Array.isArray(v)) {
      if (v.length > maxArrayLength) {
        found.problem = problem(field, 'jsonArrayTooLong', { field, max: maxArrayLength });
        return v;
      }
      return v.map((x, i) => walk(x, childPath(path, i), depth + 1));
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const keyProblem = textProblem(k, childPath(path, k));
      if (keyProblem) {
        found.problem = problem(field, 'jsonKeyInvalid');
        return v;
      }
      const key = NON_ASCII.test(k) ? k.normalize('NFC') : k;
      if (key === '__proto__') {
        found.problem = problem(childPath(path, key), 'jsonKeyForbidden', { key });
        return v;
      }
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        found.problem = problem(childPath(path, key), 'jsonKeyTwice');
        return v;
      }
      Object.defineProperty(out, key, {
        value: walk(x, childPath(path, key), depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  const cleaned = walk(value, '', 0);
  return found.problem ? { problem: found.problem } : { value: cleaned };
}

/**
 * The first key that appears twice in one object of a JSON text (JSON.parse silently keeps the last one, so
 * a client and the server could read different values). `text` must already be valid JSON. With `argumentList`,
 * `text` is an array of separate messages (a socket.io event's arguments) and fields are named within each.
 */
export function findDuplicateJsonKey(text: string, { argumentList = false } = {}): JsonProblem | null {
  // One frame per open object or array: the keys seen so far (objects) or the element index (arrays).
  const stack: { keys: Set<string> | null; index: number; key: string; path: string }[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && expectKey) {
        const raw = text.slice(i + 1, j);
        const unescaped = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        const key = NON_ASCII.test(unescaped) ? unescaped.normalize('NFC') : unescaped;
        const field = childPath(top.path, key);
        if (top.keys.has(key)) return problem(field, 'jsonKeyTwice');
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const top = stack[stack.length - 1];
      const path =
        !top || (argumentList && stack.length === 1)
          ? ''
          : top.keys
            ? childPath(top.path, top.key)
            : childPath(top.path, top.index);
      stack.push({ keys: c === 0x7b ? new Set() : null, index: 0, key: '', path });
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/** Why a request body is refused before it is read as JSON. */
export class JsonBodyError extends Error {
  constructor(
    readonly problem: JsonProblem,
    /** The body is not JSON at all (not UTF-8, or a syntax error), as opposed to JSON with a bad value. */
    readonly malformed = false,
  ) {
    super(renderMessage(problem.message, 'vi'));
    this.name = 'JsonBodyError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a client's JSON body strictly: valid UTF-8, valid JSON, no key twice in one object, and the value
 * checks of `cleanJsonValue`. Returns the value with its text in NFC; throws JsonBodyError naming the field.
 */
export function parseClientJson(body: Uint8Array): unknown {
  return markClean(readClientJson(body));
}

// Values this module produced from a client's body: the validation pipe need not walk them a second time.
const clean = new WeakSet<object>();

function markClean(v: unknown): unknown {
  if (v !== null && typeof v === 'object') clean.add(v);
  return v;
}

/** True for a value `parseClientJson` returned (already checked and in NFC). */
export function isCleanJson(v: unknown): boolean {
  return v !== null && typeof v === 'object' && clean.has(v);
}

function readClientJson(body: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new JsonBodyError(problem('body', 'jsonNotUtf8', {}), true);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // V8's own words are English: the position they name is what the reader needs.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw new JsonBodyError(
      problem('body', at ? 'jsonSyntaxAt' : 'jsonSyntax', at ? { position: Number(at) } : {}),
      true,
    );
  }
  const duplicate = findDuplicateJsonKey(text);
  if (duplicate) throw new JsonBodyError(duplicate);
  const cleaned = cleanJsonValue(parsed);
  if ('problem' in cleaned) throw new JsonBodyError(cleaned.problem);
  return cleaned.value;
}

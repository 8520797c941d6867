import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from '#libs/errors/src/index.js';
import { JsonBodyError, parseClientJson } from '#libs/validation/src/json-hygiene.js';

/** Where providers post signed delivery reports: the handler checks the signature over the bytes as received. */
export const SIGNED_CALLBACK_PREFIX = '/api/notifications/receipts/';

/** The body of a signed callback exactly as it arrived (set by the JSON parser on the request). */
export function rawBodyOf(req: object): Buffer | undefined {
  return (req as { rawBody?: Buffer }).rawBody;
}

function readBody(url: string, body: Buffer): unknown {
  if (url.startsWith('/api/internal/')) return JSON.parse(body.toString('utf8'));
  if (url.startsWith(SIGNED_CALLBACK_PREFIX)) {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new AppError('MALFORMED_JSON', 'malformedJson');
    }
  }
  try {
    return parseClientJson(body);
  } catch (e) {
    if (!(e instanceof JsonBodyError)) throw e;
    if (e.malformed) throw new AppError('MALFORMED_JSON', 'malformedJson', {}, [e.problem]);
    throw AppError.invalidFields([e.problem]);
  }
}

/**
 * JSON bodies are read strictly (valid UTF-8, no repeated keys, no lone surrogates, control characters, unsafe
 * numbers or -0; text in NFC) and refused with 400 naming the field before any handler runs. The internal event
 * endpoints carry what the platform's own services wrote, behind their token, and are parsed as they are.
 */
export function useClientJsonBodies(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser(
    'application/json',
    { bodyLimit },
    (req: { url: string; rawBody?: Buffer }, body: Buffer, done: (err: Error | null, value?: unknown) => void) => {
      let value: unknown;
      if (req.url.startsWith(SIGNED_CALLBACK_PREFIX)) req.rawBody = body;
      try {
        value = readBody(req.url, body);
      } catch (e) {
        done(e as Error);
        return;
      }
      done(null, value);
    },
  );
}

import type { RefusalCode } from '../refusal.js';
import { fail, ok, quote, type Parsed } from './parsed.js';

// Date, hours and minutes, optional seconds and fraction, and a mandatory offset: a time without one would be
// read in some server's zone, seven hours off at a Vietnamese gate.
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const EXAMPLE = '2026-12-24T08:30:00+07:00';

/**
 * An instant in ISO 8601 that carries its offset (`Z` or `±hh:mm`); a bare date or a local time is refused
 * with an accepted example in Vietnam time. The calendar date and clock must exist (no 31 February, no 24:00).
 */
export function parseInstant(input: unknown): Parsed<Date> {
  const wrong = (why: RefusalCode) => fail<Date>('INSTANT_INVALID', why, { value: quote(input), example: EXAMPLE });
  if (typeof input !== 'string') return wrong('instantNotText');
  const m = INSTANT.exec(input);
  if (!m) {
    const local = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(input);
    return wrong(local ? 'instantNoOffset' : 'instantFormat');
  }
  const [, y, mo, d, h, mi, s = '0', , oh = '0', om = '0'] = m;
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  const real =
    day.getUTCFullYear() === Number(y) &&
    day.getUTCMonth() === Number(mo) - 1 &&
    day.getUTCDate() === Number(d) &&
    Number(h) < 24 &&
    Number(mi) < 60 &&
    Number(s) < 60 &&
    Number(oh) <= 14 &&
    Number(om) < 60;
  if (!real) return wrong('instantNotReal');
  return ok(new Date(input));
}

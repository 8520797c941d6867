import { timingSafeEqual } from 'node:crypto';

/**
 * True when the request carries the monitoring token (`Authorization: Bearer <OPS_TOKEN>`): /metrics and the
 * details of readiness are for the operators' scraper, not for anyone who reaches the public origin.
 */
export function carriesOpsToken(headers: Record<string, string | string[] | undefined>, token: string): boolean {
  const header = headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length));
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

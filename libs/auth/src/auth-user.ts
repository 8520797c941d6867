import { isRole, type Role } from '#libs/domain/src/index.js';

/** Who is calling, as carried by the access token: no database hit is needed to authorise. */
export interface AuthUser {
  id: string;
  role: Role;
  /** The firm a FIRM user belongs to. */
  firmId: string | null;
  /** Gates an officer may act at; admins act everywhere. */
  gates: string[];
  /** The user's token version when the token was issued: below the current one, the token was revoked. */
  tokenVersion: number;
}

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  firmId: string | null;
  gates: string[];
  /** The user's token version at issue (see token-revocations.ts). */
  ver: number;
  typ: 'access';
}

export function canActAtGate(user: AuthUser, gate: string): boolean {
  return user.role === 'ADMIN' || user.gates.includes(gate);
}

/** Leeway for clock skew between the replica that issued a token and the one that reads it. */
const LIFETIME_LEEWAY_SECONDS = 60;

/**
 * Parses a verified token payload, refusing anything that is not exactly an access token: one without an
 * expiry or an issue time, or that would live longer than the configured access-token lifetime, is refused too
 * (a token minted with a leaked secret and no `exp` would otherwise work forever).
 */
export function authUserFromPayload(p: unknown, maxLifetimeSeconds: number): AuthUser | null {
  const x = p as (Partial<AccessTokenPayload> & { exp?: unknown; iat?: unknown }) | null;
  if (!x || x.typ !== 'access' || typeof x.sub !== 'string' || !isRole(x.role)) return null;
  if (typeof x.exp !== 'number' || typeof x.iat !== 'number') return null;
  if (x.exp - x.iat > maxLifetimeSeconds + LIFETIME_LEEWAY_SECONDS) return null;
  if (!Array.isArray(x.gates) || !x.gates.every((g) => typeof g === 'string')) return null;
  if (!Number.isSafeInteger(x.ver) || x.ver! < 0) return null;
  return {
    id: x.sub,
    role: x.role,
    firmId: typeof x.firmId === 'string' ? x.firmId : null,
    gates: x.gates,
    tokenVersion: x.ver!,
  };
}

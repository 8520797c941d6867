import { isRole, type Role } from '#libs/domain/src/index.js';

/** Who is calling, as carried by the access token: no database hit is needed to authorise. */
export interface AuthUser {
  id: string;
  role: Role;
  /** The firm a FIRM user belongs to. */
  firmId: string | null;
  /** Gates an officer may act at; admins act everywhere. */
  gates: string[];
}

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  firmId: string | null;
  gates: string[];
  typ: 'access';
}

export function canActAtGate(user: AuthUser, gate: string): boolean {
  return user.role === 'ADMIN' || user.gates.includes(gate);
}

/** Parses a verified token payload, refusing anything that is not exactly an access token. */
export function authUserFromPayload(p: unknown): AuthUser | null {
  const x = p as Partial<AccessTokenPayload> | null;
  if (!x || x.typ !== 'access' || typeof x.sub !== 'string' || !isRole(x.role)) return null;
  if (!Array.isArray(x.gates) || !x.gates.every((g) => typeof g === 'string')) return null;
  return { id: x.sub, role: x.role, firmId: typeof x.firmId === 'string' ? x.firmId : null, gates: x.gates };
}

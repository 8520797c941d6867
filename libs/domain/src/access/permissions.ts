import type { Agency } from '../lifecycle/confirmations.js';

// Who may do what (DESIGN §2). The one table the HTTP guard, the services' per-gate checks and the
// consoles read: a role rule written anywhere else is a bug.

export const ROLES = ['FIRM', 'CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR', 'ADMIN', 'LEADERSHIP'] as const;
export type Role = (typeof ROLES)[number];

/** Officers act only at the gates they are assigned to; admins act everywhere. */
export const OFFICER_ROLES = ['CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR'] as const satisfies readonly Role[];

/** The roles an administrator may give an account (firms register themselves); leadership only reads statistics. */
export const ASSIGNABLE_ROLES = [...OFFICER_ROLES, 'ADMIN', 'LEADERSHIP'] as const satisfies readonly Role[];

export const PERMISSIONS = {
  'declaration.create': ['FIRM'],
  'declaration.amend': ['FIRM'],
  'declaration.submit': ['FIRM'],
  'declaration.cancel': ['FIRM', 'ADMIN'],
  'declaration.accept': ['CUSTOMS', 'ADMIN'],
  'declaration.reject': ['CUSTOMS', 'ADMIN'],
  'declaration.request-correction': ['CUSTOMS', 'ADMIN'],
  'declaration.approve-correction': ['CUSTOMS', 'ADMIN'],
  'user.manage': ['ADMIN'],
  // Disabling an account ends its sessions everywhere at once.
  'user.disable': ['ADMIN'],
  'gate.manage': ['ADMIN'],
  'queue.view': ['CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR', 'ADMIN'],
  'queue.check-in': ['YARD_OPERATOR', 'ADMIN'],
  'queue.call': ['CUSTOMS', 'ADMIN'],
  'queue.arrive': ['CUSTOMS', 'BORDER_GUARD', 'ADMIN'],
  // An agency's confirmation is its own officer's word: no administrator may give it.
  'queue.confirm': ['CUSTOMS', 'BORDER_GUARD'],
  'queue.hold': ['CUSTOMS', 'BORDER_GUARD', 'ADMIN'],
  'queue.release': ['CUSTOMS', 'ADMIN'],
  'queue.turn-back': ['CUSTOMS', 'ADMIN'],
  'queue.no-show': ['CUSTOMS', 'ADMIN'],
  'queue.cross': ['BORDER_GUARD', 'ADMIN'],
  'queue.cancel': ['YARD_OPERATOR', 'ADMIN'],
  // The live gateway's views: each officers' view for that agency (admins open any), the firm view for firms.
  'live.customs': ['CUSTOMS', 'ADMIN'],
  'live.border': ['BORDER_GUARD', 'ADMIN'],
  'live.yard': ['YARD_OPERATOR', 'ADMIN'],
  'live.firm': ['FIRM'],
  // A firm's (or customs agent's) own systems: its webhook subscriptions and its fleet in one call.
  'webhook.manage': ['FIRM'],
  'fleet.view': ['FIRM'],
  // The firm's book of trucks and drivers the form offers back.
  'fleet.book': ['FIRM'],
  // The infrastructure fee: the tariff is the administration's; the yard collects and refunds at its own gate.
  'fee.tariff.manage': ['ADMIN'],
  'fee.collect': ['YARD_OPERATOR', 'ADMIN'],
  'fee.report': ['YARD_OPERATOR', 'ADMIN'],
  // The leadership dashboard: figures only, read-only, every gate.
  'stats.view': ['ADMIN', 'LEADERSHIP'],
  'notification.settings': ['FIRM'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/** Whose officers record each agency's confirmation: quarantine (kiểm dịch) has no accounts here, customs record it. */
export const CONFIRMING_ROLE: Record<Agency, Role> = {
  CUSTOMS: 'CUSTOMS',
  BORDER_GUARD: 'BORDER_GUARD',
  QUARANTINE: 'CUSTOMS',
};

export function isRole(s: unknown): s is Role {
  return (ROLES as readonly unknown[]).includes(s);
}

/** Officers are scoped to their gates; firms to their own declarations; admins to nothing. */
export function isOfficer(role: Role): boolean {
  return (OFFICER_ROLES as readonly Role[]).includes(role);
}

export function isPermitted(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

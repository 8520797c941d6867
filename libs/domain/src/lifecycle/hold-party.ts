/**
 * Why a held vehicle waits, as anyone holding its slip may read it: which party holds it — customs (inspection),
 * the border guard, or the gate's own administration. Never the officer's note: that is free text, and may name
 * the driver, the goods or the firm.
 */
export const HOLD_PARTIES = ['CUSTOMS', 'BORDER_GUARD', 'GATE'] as const;
export type HoldParty = (typeof HOLD_PARTIES)[number];

/** The party a hold by an officer of `role` stands for (null when nobody is known to have held it). */
export function holdPartyOf(role: string | null): HoldParty | null {
  if (role === null) return null;
  return role === 'CUSTOMS' || role === 'BORDER_GUARD' ? role : 'GATE';
}

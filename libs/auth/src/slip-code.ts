import { createHmac, timingSafeEqual } from 'node:crypto';

// `CKS1.<vehicle id>.<signature>`: printed as a QR code on the slot slip; the yard scans it to check the truck in.
const PREFIX = 'CKS1';

function signature(vehicleId: string, secret: string): string {
  return createHmac('sha256', `slip:${secret}`).update(vehicleId).digest('base64url').slice(0, 22);
}

export function signSlipCode(vehicleId: string, secret: string): string {
  return `${PREFIX}.${vehicleId}.${signature(vehicleId, secret)}`;
}

/** The vehicle id of a genuine slip code, or null for anything forged, truncated or malformed. */
export function verifySlipCode(code: string, secret: string): string | null {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX || !/^[0-9a-f-]{36}$/.test(parts[1])) return null;
  const expected = Buffer.from(signature(parts[1], secret));
  const given = Buffer.from(parts[2]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? parts[1] : null;
}

// Where a slip's code opens the public tracking page: ./tracking-path.ts (no Node API, so the consoles print it too).

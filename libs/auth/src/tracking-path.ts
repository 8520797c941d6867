/**
 * The public tracking page of a vehicle: the slip's own code, so the driver needs no account. The code is an
 * HMAC of the vehicle id: it cannot be guessed or enumerated, and it names nothing personal.
 */
export function trackingPath(slipCode: string): string {
  return `/t/${encodeURIComponent(slipCode)}`;
}

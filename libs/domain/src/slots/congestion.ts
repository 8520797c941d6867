export type CongestionLevel = 'GREEN' | 'YELLOW' | 'ORANGE' | 'RED';

/**
 * The national single window's board: green under 500 waiting, yellow 500–1,000, orange 1,000–5,000, red over 5,000.
 * The published bands share their end points, so we make every upper bound inclusive (as "red over 5,000" and
 * "green under 500" already are): GREEN 0–499, YELLOW 500–1,000, ORANGE 1,001–5,000, RED 5,001 and more.
 */
export const CONGESTION_BANDS = { yellowFrom: 500, yellowTo: 1_000, orangeTo: 5_000 } as const;

export function congestionLevel(waiting: number): CongestionLevel {
  if (!Number.isFinite(waiting) || waiting < 0)
    throw new RangeError(`waiting must be a non-negative number, got ${waiting}`);
  if (waiting < CONGESTION_BANDS.yellowFrom) return 'GREEN';
  if (waiting <= CONGESTION_BANDS.yellowTo) return 'YELLOW';
  if (waiting <= CONGESTION_BANDS.orangeTo) return 'ORANGE';
  return 'RED';
}

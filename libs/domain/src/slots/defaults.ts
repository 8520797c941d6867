import { VIETNAM_UTC_OFFSET_MINUTES } from './local-time.js';
import type { GateSchedule } from './schedule.js';

/**
 * A realistic starting schedule: Hữu Nghị clears 07:00–19:00 local every day (weekend working agreed in 2025),
 * ≈ 870 trucks a day ≈ 72 an hour; 30-minute windows, 20 % kept for perishables until 30 minutes before.
 */
export function defaultGateSchedule(overrides: Partial<GateSchedule> = {}): GateSchedule {
  const day = { open: '07:00', close: '19:00' };
  return {
    utcOffsetMinutes: VIETNAM_UTC_OFFSET_MINUTES,
    openingHours: { 0: day, 1: day, 2: day, 3: day, 4: day, 5: day, 6: day },
    closedDates: [],
    windowMinutes: 30,
    capacityPerHour: 72,
    dailyCap: null,
    priorityShare: 0.2,
    releaseLeadMinutes: 30,
    ...overrides,
  };
}

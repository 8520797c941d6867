/** One waiting vehicle's window before and after a change of a lane's settings (null: waiting without a slot). */
export interface ReslotMove {
  before: Date | null;
  after: Date | null;
}

/** What a change of settings does to one lane's waiting vehicles: shown before saving, recorded with the change. */
export interface LaneImpact {
  waiting: number;
  /** Vehicles whose window changed (to another window, or to none). */
  reslotted: number;
  /** Vehicles left without a window within the horizon. */
  unslotted: number;
  /** The latest window held by a waiting vehicle, before and after the change. */
  lastWindowBefore: Date | null;
  lastWindowAfter: Date | null;
}

const latest = (ds: (Date | null)[]): Date | null =>
  ds.reduce<Date | null>((max, d) => (d && (!max || d > max) ? d : max), null);

export function laneImpact(moves: readonly ReslotMove[]): LaneImpact {
  return {
    waiting: moves.length,
    reslotted: moves.filter((m) => (m.before?.getTime() ?? null) !== (m.after?.getTime() ?? null)).length,
    unslotted: moves.filter((m) => m.after === null).length,
    lastWindowBefore: latest(moves.map((m) => m.before)),
    lastWindowAfter: latest(moves.map((m) => m.after)),
  };
}

/** One setting that changed: its path in the gate's settings (`directions.EXPORT.capacityPerHour`) and both values. */
export interface SettingChange {
  field: string;
  before: unknown;
  after: unknown;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value shown whole rather than field by field: one day's opening hours, a suspension. */
const isLeaf = (v: Record<string, unknown>): boolean => 'open' in v || 'reason' in v;

/**
 * The settings that differ between two snapshots of a gate, as paths to the smallest values that changed
 * (arrays and a day's hours compared whole), in a stable order.
 */
export function diffSettings(before: unknown, after: unknown, path = ''): SettingChange[] {
  if (isPlainObject(before) && isPlainObject(after) && !isLeaf(before) && !isLeaf(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffSettings(before[k] ?? null, after[k] ?? null, path ? `${path}.${k}` : k));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ field: path, before, after }];
}

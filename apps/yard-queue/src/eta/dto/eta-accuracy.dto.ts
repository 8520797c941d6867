// What the ETA accuracy endpoint returns: how the estimates shown fared once the vehicles were called.
import type { Direction } from '#libs/domain/src/index.js';

export class EtaAccuracyView {
  gate: string;
  direction: Direction;
  /** Estimates whose vehicle was called in the last day, or in the last seven days. */
  period: 'day' | 'week';
  /** Estimates scored (each estimate shown, once its vehicle was called). */
  scored: number;
  /** Share called inside [p10, p90]; null when none was scored. */
  coverage: number | null;
  /** Median of |called − p50|, in hours. */
  medianAbsErrorHours: number | null;
  /** Median of (called − p50), in hours: positive when vehicles were called later than shown. */
  biasHours: number | null;
}

// Accuracy of past estimates against what happened, for the replay and the dashboard.

export interface EtaOutcome {
  p10: Date;
  p50: Date;
  p90: Date;
  /** When the vehicle was actually called. */
  actual: Date;
}

export interface EtaErrorReport {
  count: number;
  /** Median of |actual − p50|, minutes. */
  medianAbsErrorMinutes: number | null;
  /** 90th percentile of |actual − p50|, minutes. */
  p90AbsErrorMinutes: number | null;
  /** Share of outcomes inside [p10, p90]; ≈ 0.8 when the uncertainty is honest. */
  coverageP10P90: number | null;
  /** Mean of actual − p50, minutes: positive = vehicles called later than shown (the complaint to avoid). */
  biasMinutes: number | null;
}

/** Linear-interpolation quantile of sorted values. */
function quantileSorted(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Error statistics; every metric is null when there is nothing to judge. */
export function evaluateEtaError(predictions: readonly EtaOutcome[]): EtaErrorReport {
  const count = predictions.length;
  if (count === 0)
    return { count, medianAbsErrorMinutes: null, p90AbsErrorMinutes: null, coverageP10P90: null, biasMinutes: null };
  const errors = predictions.map((p) => (p.actual.getTime() - p.p50.getTime()) / 60_000);
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  const covered = predictions.filter(
    (p) => p.actual.getTime() >= p.p10.getTime() && p.actual.getTime() <= p.p90.getTime(),
  ).length;
  return {
    count,
    medianAbsErrorMinutes: quantileSorted(abs, 0.5),
    p90AbsErrorMinutes: quantileSorted(abs, 0.9),
    coverageP10P90: covered / count,
    biasMinutes: errors.reduce((s, e) => s + e, 0) / count,
  };
}

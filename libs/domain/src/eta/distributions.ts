// Quantiles of the open service time T needed for k more calls when the call rate λ is itself uncertain.
//
// Given λ, calls form a Poisson process, so T | λ ~ Gamma(k, λ). With λ ~ Gamma(shape α, rate β) (the posterior),
// the number of calls in open time t is Gamma–Poisson, i.e. negative binomial NB(α, p = β / (β + t)), and
//   P(T ≤ t) = P(NB(α, β/(β+t)) ≥ k).
// This integrates λ out exactly, which widens the interval by the uncertainty of the measured throughput.
// Small k: sum the NB terms exactly (in log space). Large k: T = (kβ/α)·F with F ~ F(2k, 2α), whose quantile
// comes from Paulson's cube-root normal approximation (Wilson–Hilferty applied to both chi-squares); where that
// is not accurate enough (small α), the NB tail as a regularized incomplete beta, I_p(α, k), by continued fraction.

/** Above this k, and with at least PAULSON_MIN_SHAPE, the approximation is used. */
export const EXACT_SUM_MAX_K = 200;
/**
 * Paulson's relative error is < 5e-5 from shape 50 on (measured against the exact sum), well under the 1/k gap
 * between neighbouring positions, so the switch never swaps two vehicles' estimates. Below it (a slow gate with
 * little data) the exact sum is used at any k.
 */
export const PAULSON_MIN_SHAPE = 50;

/** Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < 9; i++) sum += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(N ≤ k − 1) for N ~ NB(α, β/(β+t)): the chance that fewer than k calls happen in open time t. */
export function probFewerThan(k: number, shape: number, rate: number, t: number): number {
  if (t <= 0) return 1;
  return k <= EXACT_SUM_MAX_K ? probFewerThanBySum(k, shape, rate, t) : regularizedBeta(rate / (rate + t), shape, k);
}

/** The same probability as a direct sum of the NB terms. */
export function probFewerThanBySum(k: number, shape: number, rate: number, t: number): number {
  if (t <= 0) return 1;
  const logDen = Math.log(rate + t);
  const logP = Math.log(rate) - logDen;
  const logQ = Math.log(t) - logDen;
  // Running log-sum-exp: the first terms underflow for large α·t.
  let logTerm = shape * logP;
  let maxLog = logTerm;
  let scaled = 1;
  for (let j = 1; j < k; j++) {
    logTerm += Math.log((shape + j - 1) / j) + logQ;
    if (logTerm > maxLog) {
      scaled = scaled * Math.exp(maxLog - logTerm) + 1;
      maxLog = logTerm;
    } else {
      scaled += Math.exp(logTerm - maxLog);
    }
  }
  return Math.min(1, Math.exp(maxLog + Math.log(scaled)));
}

function exactQuantile(k: number, shape: number, rate: number, q: number): number {
  const target = 1 - q; // P(T ≤ t) = q  ⇔  P(fewer than k by t) = 1 − q, decreasing in t
  let hi = Math.max(1e-6, ((k * rate) / shape) * 2);
  for (let i = 0; i < 2000 && probFewerThan(k, shape, rate, hi) > target; i++) hi *= 2;
  let lo = 0;
  for (let i = 0; i < 200 && hi - lo > 1e-10 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (probFewerThan(k, shape, rate, mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Quantile of F(d1, d2) by Paulson's approximation, or null where it breaks down. */
function paulsonFQuantile(d1: number, d2: number, q: number): number | null {
  const a = 2 / (9 * d1);
  const b = 2 / (9 * d2);
  const z = normalQuantile(q);
  const A = (1 - b) ** 2 - z * z * b;
  const B = -2 * (1 - a) * (1 - b);
  const C = (1 - a) ** 2 - z * z * a;
  let disc = B * B - 4 * A * C;
  // At the median the two roots coincide and rounding may leave a tiny negative discriminant.
  if (disc < 0 && disc > -1e-12 * B * B) disc = 0;
  if (A <= 0 || disc < 0) return null;
  const y = (-B + Math.sign(z || 1) * Math.sqrt(disc)) / (2 * A);
  if (!(y > 0)) return null;
  return y ** 3;
}

/**
 * The q-quantile (hours of open time) of the time until k more calls, the call rate having a Gamma(shape, rate)
 * distribution (rate in hours of observation).
 */
export function serviceTimeQuantile(k: number, shape: number, rate: number, q: number): number {
  if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (!(shape > 0 && rate > 0)) throw new RangeError(`shape and rate must be positive, got ${shape}, ${rate}`);
  if (!(q > 0 && q < 1)) throw new RangeError(`q must be in (0, 1), got ${q}`);
  if (k > EXACT_SUM_MAX_K && shape >= PAULSON_MIN_SHAPE) {
    const f = paulsonFQuantile(2 * k, 2 * shape, q);
    if (f !== null) return ((k * rate) / shape) * f;
  }
  return exactQuantile(k, shape, rate, q);
}

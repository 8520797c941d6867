// Seeded pseudo-random numbers for simulations and tests: reproducible, and no Math.random in the domain.

/** mulberry32: a small 32-bit generator, returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential draw with the given rate, from a uniform generator. */
export function exponential(random: () => number, rate: number): number {
  return -Math.log(1 - random()) / rate;
}

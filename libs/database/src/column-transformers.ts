import type { ValueTransformer } from 'typeorm';

/**
 * For bigint counters (versions, sequence numbers), which pg returns as strings: they stay far below 2^53,
 * so the entity holds a number.
 */
export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

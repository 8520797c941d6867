// Closed vocabularies of the declaration. Gates are deliberately absent: they come from configuration
// (DESIGN §3), so only the shape of a gate code is checked here.

const GATE_CODE_SHAPE = /^[A-Z][A-Z0-9_]{1,31}$/;

/** True when `s` looks like a gate code (`HUU_NGHI`, `TAN_THANH`); whether the gate exists is the config's call. */
export function isGateCodeShape(s: unknown): s is string {
  return typeof s === 'string' && GATE_CODE_SHAPE.test(s);
}

export const DIRECTIONS = ['EXPORT', 'IMPORT'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const GOODS_CATEGORIES = ['PERISHABLE', 'FROZEN', 'GENERAL', 'DANGEROUS'] as const;
export type GoodsCategory = (typeof GOODS_CATEGORIES)[number];

export const PRIORITY_CLASSES = ['PRIORITY', 'GENERAL'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

/** Infrastructure fee classes (Lạng Sơn resolution, by vehicle size and container). */
export const FEE_CLASSES = [
  'UNDER_2T',
  'FROM_2T_TO_10T',
  'FROM_10T_TO_20T',
  'OVER_20T',
  'CONTAINER_20FT',
  'CONTAINER_40FT',
] as const;
export type FeeClass = (typeof FEE_CLASSES)[number];

export const NATIONALITIES = ['VN', 'CN'] as const;
export type Nationality = (typeof NATIONALITIES)[number];

// Goods that spoil while waiting: they jump the queue and need plant/animal quarantine (kiểm dịch).
const TIME_CRITICAL: ReadonlySet<GoodsCategory> = new Set(['PERISHABLE', 'FROZEN']);

/** PRIORITY when any goods group is perishable or frozen, otherwise GENERAL. */
export function priorityClassOf(categories: readonly GoodsCategory[]): PriorityClass {
  return categories.some((c) => TIME_CRITICAL.has(c)) ? 'PRIORITY' : 'GENERAL';
}

/** Perishable and frozen goods need a quarantine (kiểm dịch) confirmation before the vehicle is cleared. */
export function requiresQuarantine(categories: readonly GoodsCategory[]): boolean {
  return categories.some((c) => TIME_CRITICAL.has(c));
}

export function isDirection(s: unknown): s is Direction {
  return (DIRECTIONS as readonly unknown[]).includes(s);
}

export function isGoodsCategory(s: unknown): s is GoodsCategory {
  return (GOODS_CATEGORIES as readonly unknown[]).includes(s);
}

export function isNationality(s: unknown): s is Nationality {
  return (NATIONALITIES as readonly unknown[]).includes(s);
}

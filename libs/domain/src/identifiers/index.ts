// Identifier parsers: pure functions from any user spelling to a normalised value or a refusal.
export type { Parsed } from './parsed.js';
export * from './plates.js';
export * from './container-number.js';
export * from './tax-code.js';
export * from './customs-codes.js';
export * from './driver-document.js';
export * from './phone.js';
export * from './reference-data.js';
export * from './instant.js';

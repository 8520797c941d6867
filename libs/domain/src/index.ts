// Pure domain rules: no Nest, no database, no clock reads. Everything here is deterministic and unit-tested.
export * from './identifiers/index.js';
export * from './lifecycle/index.js';
export * from './slots/index.js';
export * from './eta/index.js';
export * from './access/index.js';
export * from './language/index.js';
export * from './accountability/index.js';
export * from './webhooks/index.js';
export * from './fees/index.js';
export * from './statistics/index.js';
export * from './notifications/index.js';
export * from './refusal.js';

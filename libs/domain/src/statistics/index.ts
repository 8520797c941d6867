export * from './statistics.js';
export * from './csv.js';
export * from './rollups.js';

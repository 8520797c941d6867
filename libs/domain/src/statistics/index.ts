export * from './statistics.js';
export * from './csv.js';

export * from './root.module.js';
export * from './database.js';
export * from './serve.js';
export * from './platform-metrics.js';
export * from './metrics.module.js';
export * from './instrument-http.js';
export * from './readiness-checks.js';

export * from './embedded-postgres.mjs';
export * from './database-url.js';
export * from './service-data-source.js';
export * from './transaction.js';
export * from './service-database.module.js';
export * from './timeout-dropping-client.js';
export * from './column-transformers.js';
export * from './notification-listener.js';

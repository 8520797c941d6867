export * from './root.module.js';
export * from './database.js';
export * from './serve.js';

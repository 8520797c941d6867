export * from './all-exceptions.filter.js';
export * from './validation.pipe.js';
export * from './configure-app.js';

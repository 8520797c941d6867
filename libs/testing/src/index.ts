export * from './test-database.js';
export * from './test-app.js';
export * from './fixtures.js';
export * from './schema-agreement.js';
export * from './public-board.js';

export * from './app-error.js';
export * from './messages.js';
export { renderRefusal } from './domain-messages.js';

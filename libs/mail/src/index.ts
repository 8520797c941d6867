export * from './smtp-transport.js';

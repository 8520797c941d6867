export * from './protocol.js';
export * from './changes.js';
export * from './live-queue-client.js';

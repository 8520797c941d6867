export * from './contracts.js';
export * from './outbox.js';
export * from './outbox-relay.js';
export * from './http-event-sink.js';
export * from './inbox.js';
export * from './internal-events.dto.js';
export * from './internal-token.guard.js';

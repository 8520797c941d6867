// The vehicle lifecycle (DESIGN §4): states, the one transition function, confirmations, declaration summary.
export * from './vehicle-states.js';
export * from './vehicle-lifecycle.js';
export * from './confirmations.js';
export * from './declaration-status.js';
export * from './firm-change.js';
export * from './check-in-refusal.js';
export * from './open-plate.js';
export * from './hold-party.js';

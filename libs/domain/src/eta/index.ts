export * from './distributions.js';
export * from './open-time.js';
export * from './expected-wait.js';
export * from './estimate-eta.js';
export * from './evaluate-eta-error.js';
export * from './prng.js';
export * from './queue-eta.js';
export * from './eta-calibration.js';

// Two-sided accountability and the fairness ledger: delay attribution, no-show waivers, order-change reasons.
export * from './delay-attribution.js';
export * from './delay-reasons.js';
export * from './order-change.js';
export * from './live-booking.js';

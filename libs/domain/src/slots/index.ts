export * from './local-time.js';
export * from './schedule.js';
export * from './defaults.js';
export * from './windows.js';
export * from './allocation.js';
export * from './congestion.js';
export * from './change-impact.js';
export * from './waiting-yards.js';

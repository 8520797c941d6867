export * from './auth-user.js';
export * from './decorators.js';
export * from './auth.guards.js';
export * from './auth.module.js';
export * from './password.js';
export * from './slip-code.js';
export * from './token-revocations.js';
export * from './tracking-path.js';

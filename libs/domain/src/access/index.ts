// Roles and what each may do.
export * from './permissions.js';

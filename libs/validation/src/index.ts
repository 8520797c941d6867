// class-validator decorators for the apps' DTOs; each wraps a pure parser from #libs/domain.
export * from './identifier-decorators.js';
export * from './json-hygiene.js';

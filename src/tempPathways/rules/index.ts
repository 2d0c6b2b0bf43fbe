export * from './types.js';
export * from './eligibility.js';
export * from './periods.js';
export * from './envelope.js';
export * from './outcome.js';
export * from './check.js';
export * from './schema.js';

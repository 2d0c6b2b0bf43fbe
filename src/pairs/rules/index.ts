export * from './types.js';
export * from './contributions.js';
export * from './eligibility.js';
export * from './schedule.js';
export * from './check.js';
export * from './schema.js';

export * from './eventually';
export * from './seeded-random';
export * from './test-database';
